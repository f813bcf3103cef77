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
import { clusterMasters, discoverDatabases, firstKeys, readServer } from '../redis/server-facts.ts';
import { failedRun, type CheckResult } from '../run/result.ts';
import { collectorFor } from '../run/prepare-run.ts';
import { buildCheckReport } from './check-report.ts';
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

interface DbJob {
  node: Target;
  db: number;
  size: number;
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
    const dbSizes = new Map<number, number>();
    const jobs: DbJob[] = [];
    const undeclared: DbJob[] = [];
    for (const node of nodes) {
      let sizes: Map<number, number>;
      if (state.cluster) {
        const c = await openConnection(node, 0);
        conns.push(c);
        const n = await c.dbsize();
        sizes = new Map(n > 0 ? [[0, n]] : []);
      } else {
        sizes = await discoverDatabases(main, node, state);
      }
      for (const [db, size] of sizes) {
        if (wanted && !wanted.has(db)) continue;
        dbSizes.set(db, (dbSizes.get(db) ?? 0) + size);
        if (compiled.dbs.has(db)) jobs.push({ node, db, size });
        else undeclared.push({ node, db, size });
      }
    }
    scanner.total = jobs.reduce((n, j) => n + (dbSizes.get(j.db) ?? 0), 0);
    plan.onStart?.({ target: target.display, total: scanner.total, cluster: state.cluster });

    for (const u of undeclared) {
      const c = await openConnection(u.node, u.db);
      conns.push(c);
      const examples = await firstKeys(c, 3).catch(() => [] as string[]);
      addUndeclaredDb(collector, compiled, u.db, u.size, examples);
    }

    // Biggest databases first, so that the scan does not end on one big database alone (one
    // connection leaves the server idle for a round trip per page; two or more keep it busy).
    const queue = [...jobs].sort((x, y) => y.size - x.size);
    const errors: string[] = [];
    const workers = Array.from({ length: Math.max(1, Math.min(plan.concurrency, queue.length)) }, async () => {
      for (;;) {
        const job = queue.shift();
        if (!job) return;
        const c = await openConnection(job.node, job.db);
        conns.push(c);
        try {
          await scanner.scanDb(c, compiled.dbs.get(job.db)!);
        } catch (e) {
          errors.push(`db ${job.db}${nodes.length > 1 ? ` on ${job.node.host}:${job.node.port}` : ''}: ${(e as Error).message}`);
        } finally {
          c.disconnect();
        }
      }
    });
    await Promise.all(workers);
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
      dbSizes,
      scannedDbs,
      coverage,
      unseen,
      undeclaredKeys: undeclared.reduce((n, u) => n + u.size, 0),
      startedAt,
      durationMs: performance.now() - started,
    });
    return { findings: report.findings, summary: report.summary, exitCode, report };
  } finally {
    for (const c of conns) c.disconnect();
  }
}
