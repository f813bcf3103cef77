/**
 * `keyspec check` as a library function: plan the run (check/plan.ts), connect (or start a throwaway
 * server), judge the server, scan every database, and return findings, a summary and the exit code.
 */
import type { Redis } from 'ioredis';
import type { Spec } from '../../spec/index.ts';
import { judgeServer } from '../judging/server.ts';
import { ConnectError, openConnection } from '../redis/connect.ts';
import { parseRedisUrl, type Target } from '../redis/connection.ts';
import { startEmbeddedRedis, type EmbeddedRedis } from '../redis/embedded-redis.ts';
import { Scanner } from '../redis/scanner.ts';
import { clusterMasters, firstKeys, readServer } from '../redis/server-facts.ts';
import { failedRun, type CheckResult } from '../run/result.ts';
import { collectorFor } from '../run/prepare-run.ts';
import { buildCheckReport } from './check-report.ts';
import { findDatabases, scanDatabases } from './databases.ts';
import { addStaleBaseline, addUndeclaredDb, addUnseenPattern } from './keyspace-findings.ts';
import { planCheck, type CheckPlan, type RunCheckOptions } from './plan.ts';

/** Server config the spec requires, as redis-server arguments (for `--embedded`). */
export function requiredConfig(spec: Spec): Record<string, string> {
  const config: Record<string, string> = {};
  if (spec.server.notifyKeyspaceEvents) config['notify-keyspace-events'] = spec.server.notifyKeyspaceEvents.raw;
  for (const [k, v] of Object.entries(spec.server.config)) config[k] = String(v);
  return config;
}

export async function runCheck(options: RunCheckOptions): Promise<CheckResult> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const plan = planCheck(options);
  if ('error' in plan) return failedRun(2, plan.error);
  let embedded: EmbeddedRedis | undefined;
  try {
    let target: Target;
    if (plan.embedded) {
      const eo = plan.embedded;
      try {
        embedded = await startEmbeddedRedis({ ...eo, config: { ...requiredConfig(plan.run.spec), ...(eo.config ?? {}) } });
      } catch (e) {
        return failedRun(3, `cannot start an embedded redis-server: ${(e as Error).message}`);
      }
      target = parseRedisUrl(embedded.url, '--embedded');
    } else {
      target = plan.run.target!;
    }
    return await checkServer(plan, target, started, startedAt);
  } finally {
    await embedded?.stop();
  }
}

/** Checks the server at `target` as planned. */
async function checkServer(plan: CheckPlan, target: Target, started: number, startedAt: string): Promise<CheckResult> {
  const { compiled, spec } = plan.run;
  const secrets = [target.password];
  const collector = collectorFor(plan.run, target, plan.maxFindingsPerCheck);
  const conns: Redis[] = [];
  try {
    let main: Redis;
    try {
      main = await openConnection(target, 0);
      conns.push(main);
      await main.ping();
    } catch (e) {
      return failedRun(3, e instanceof ConnectError ? e.message : `cannot connect to ${target.display}: ${(e as Error).message}`, secrets);
    }

    // ---- server
    const state = await readServer(main, spec);
    const serverChecks = judgeServer(spec, state.facts);
    for (const c of serverChecks) {
      if (c.state === 'pass') continue;
      collector.add(collector.finding(c.id, null, null, null, c.message, c.expected, c.actual, c.reproduce));
    }

    // ---- keyspace
    const nodes = state.cluster ? await clusterMasters(main, target) : [target];
    const scanner = new Scanner(compiled, collector, plan.scan, state.cluster, plan.onProgress);
    const wanted = plan.dbs;
    const open = async (node: Target, db: number): Promise<Redis> => {
      const c = await openConnection(node, db);
      conns.push(c);
      return c;
    };
    const dbs = await findDatabases(main, nodes, state, compiled, wanted, open);
    scanner.total = dbs.declared.reduce((n, j) => n + (dbs.sizes.get(j.db) ?? 0), 0);
    plan.onStart?.({ target: target.display, total: scanner.total, cluster: state.cluster });

    for (const u of dbs.undeclared) {
      const examples = await firstKeys(await open(u.node, u.db), 3).catch(() => [] as string[]);
      addUndeclaredDb(collector, compiled, u.db, u.size, examples);
    }
    const errors = await scanDatabases(dbs.declared, plan.concurrency, scanner, compiled, open, nodes.length > 1);
    for (const err of errors) {
      collector.add(collector.finding('check.error', null, null, null, `the scan stopped early: ${err}`, 'a complete scan', err, null));
    }

    // ---- coverage
    const coverage = collector.coverage();
    const scannedDbs = new Set([...compiled.dbs.keys()].filter((db) => !wanted || wanted.has(db)));
    const unseen = coverage.filter((p) => p.seen === 0 && scannedDbs.has(p.db));
    for (const p of unseen) addUnseenPattern(collector, compiled, p);
    addStaleBaseline(collector);

    // ---- results
    const { report, exitCode } = buildCheckReport({
      plan,
      target,
      nodes,
      collector,
      scanner,
      state,
      serverChecks,
      dbSizes: dbs.sizes,
      scannedDbs,
      coverage,
      unseen,
      undeclaredKeys: dbs.undeclared.reduce((n, u) => n + u.size, 0),
      startedAt,
      durationMs: performance.now() - started,
    });
    return { findings: report.findings, summary: report.summary, exitCode, report };
  } finally {
    for (const c of conns) c.disconnect();
  }
}
