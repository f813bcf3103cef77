/**
 * `keyspec check` as a library function: plan the run (check/plan.ts), connect (or start a throwaway
 * server), judge the server, scan every database, and return findings, a summary and the exit code.
 */
import type { Redis } from 'ioredis';
import type { Spec } from '../../spec/index.ts';
import { redactText } from '../findings/redact.ts';
import { judgeServer, type ServerCheck } from '../judging/server.ts';
import { connectFailure, ConnectError, openConnection } from '../redis/connect.ts';
import { parseRedisUrl, type Target } from '../redis/connection.ts';
import { startEmbeddedRedis, type EmbeddedRedis } from '../redis/embedded-redis.ts';
import { connectionLost, describeRedisError, type Timeouts } from '../redis/errors.ts';
import { Scanner } from '../redis/scanner.ts';
import { readTopology, SlotLedger, type Topology } from '../redis/cluster-slots.ts';
import { fieldTtlSupport } from '../judging/field-ttl.ts';
import { firstKeys, readServer, type ServerState } from '../redis/server-facts.ts';
import { failedRun, unreachableRun, type CheckResult } from '../run/result.ts';
import { collectorFor } from '../run/prepare-run.ts';
import { buildCheckReport } from './check-report.ts';
import { mergeNodeChecks, nodesToScan, readNodes, settleSlots, type ScannedNode, type SettleResult } from './cluster.ts';
import { findDatabases, scanDatabases, type Databases } from './databases.ts';
import { addClusterDatabases, addClusterMigrating, addStaleBaseline, addUndeclaredDb, addUnseenPattern } from './keyspace-findings.ts';
import { planCheck, type CheckPlan, type RunCheckOptions } from './plan.ts';
import { closeConnection } from '../redis/close.ts';

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

/** The server state when nothing could be read (the report of a check that stopped early). */
function unknownServer(): ServerState {
  const refused = { refused: 'not read (the check stopped early)' };
  return { facts: { version: refused, notify: refused, config: {}, cluster: false }, cluster: false };
}

/**
 * Checks the server at `target` as planned. Every network step is inside one error path: a lost
 * connection, a refusal or a timeout anywhere ends the check with a `check.error` finding and the report
 * of what was read so far (exit 4, or 1 when violations were already found); a server that could not be
 * reached at all gives the report with exit 3. Nothing here throws.
 */
async function checkServer(plan: CheckPlan, target: Target, started: number, startedAt: string): Promise<CheckResult> {
  const { compiled, spec, timeouts } = plan.run;
  const secrets = [target.password];
  const collector = collectorFor(plan.run, target, plan.maxFindingsPerCheck);
  const conns: Redis[] = [];
  let scanner = new Scanner(compiled, collector, plan.scan, false, plan.onProgress);
  const wanted = plan.dbs;
  let state = unknownServer();
  let serverChecks: ServerCheck[] = [];
  let nodes: Target[] = [target];
  /** On a cluster: the nodes scanned, with their own figures and server facts. */
  let clusterNodes: ScannedNode[] | undefined;
  /** On a cluster: declared databases other than 0, which a cluster cannot have. */
  let impossibleDbs: number[] = [];
  let settled: SettleResult | undefined;
  let dbs: Databases = { sizes: new Map(), declared: [], undeclared: [] };
  /** Databases whose scan did not complete: no coverage claims about them. */
  const incomplete = new Set<number>();
  let scanFinished = false;
  const stopped = (what: string, e: unknown): void => {
    const cause = redactText(e instanceof ConnectError ? e.message : describe(e, target, timeouts), secrets);
    collector.add(
      collector.finding('check.error', null, null, null, `the check stopped early (${what}): ${cause}`, 'a complete check', cause, null),
    );
  };
  try {
    let main: Redis;
    try {
      main = await openConnection(target, 0, timeouts);
      conns.push(main);
      await main.ping();
    } catch (e) {
      const error = redactText(e instanceof ConnectError ? e.message : connectFailure(target, e, timeouts), secrets);
      collector.add(collector.finding('check.error', null, null, null, error, 'a connection to the server', error, null));
      for (const db of compiled.dbs.keys()) incomplete.add(db);
      const { report } = outcome();
      return unreachableRun(report, error);
    }
    const open = async (node: Target, db: number): Promise<Redis> => {
      const c = await openConnection(node, db, timeouts);
      conns.push(c);
      return c;
    };
    let phase = 'reading the server';
    try {
      // ---- server
      state = await readServer(main, spec);
      const snapshots: Topology[] = [];
      let perNode: { node: ScannedNode; check: ServerCheck }[] = [];
      if (state.cluster) {
        // Every node is judged on its own facts; one finding per check where they agree, per node where not.
        phase = 'reading the cluster topology';
        snapshots.push(await readTopology(main, target.host));
        clusterNodes = nodesToScan(snapshots[0]!, target, plan.replicas);
        nodes = clusterNodes.map((n) => n.target);
        phase = 'reading the cluster nodes';
        await readNodes(clusterNodes, spec, open);
        ({ checks: serverChecks, perNode } = mergeNodeChecks(clusterNodes));
      } else serverChecks = judgeServer(spec, state.facts);
      for (const c of serverChecks) {
        if (c.state === 'pass') continue;
        const failing = perNode.filter((x) => x.check.id === c.id && x.check.name === c.name);
        if (!failing.length) collector.add(collector.finding(c.id, null, null, null, c.message, c.expected, c.actual, c.reproduce));
        for (const { node, check } of failing)
          collector.add(
            collector.finding(
              check.id,
              null,
              null,
              null,
              `on ${node.role} ${node.address}: ${check.message}`,
              check.expected,
              `${node.address}: ${check.actual}`,
              check.reproduce,
            ),
          );
      }

      // ---- keyspace
      phase = 'finding the databases';
      if (state.cluster) {
        scanner = new Scanner(compiled, collector, plan.scan, true, plan.onProgress);
        scanner.ledger = new SlotLedger();
        // A Valkey 9 cluster has several databases (deployment.databases: native); a prefixed spec is
        // compiled into DB 0 (judging/compile.ts), so only an unmapped multi-DB spec gets here.
        if (!wanted && !(spec.deployment?.declared && spec.deployment.databases === 'native')) {
          impossibleDbs = [...compiled.dbs.keys()].filter((db) => db !== 0).sort((a, b) => a - b);
          if (impossibleDbs.length) addClusterDatabases(collector, compiled, impossibleDbs);
        }
      }
      scanner.fieldTtls = fieldTtlSupport(state.facts).supported;
      dbs = await findDatabases(main, nodes, state, compiled, wanted, open, timeouts);
      scanner.total = dbs.declared.reduce((n, j) => n + (dbs.sizes.get(j.db) ?? 0), 0);
      plan.onStart?.({ target: target.display, total: scanner.total, cluster: state.cluster });

      phase = 'reading undeclared databases';
      for (const u of dbs.undeclared) {
        const examples = await firstKeys(await open(u.node, u.db), 3).catch((e: unknown) => {
          if (connectionLost(e)) throw e;
          return [] as string[];
        });
        addUndeclaredDb(collector, compiled, u.db, u.size, examples);
      }
      phase = 'scanning';
      const afterJob = state.cluster ? async (): Promise<void> => void snapshots.push(await readTopology(main, target.host)) : undefined;
      const { errors, notScanned } = await scanDatabases(dbs.declared, plan.concurrency, scanner, compiled, open, afterJob);
      const db0 = compiled.dbs.get(0);
      if (state.cluster && db0 && scanner.ledger && !errors.length && !notScanned.length && (!wanted || wanted.has(0))) {
        // Slots that moved during the scan: read again where they are now (cluster.ts settleSlots).
        phase = 'settling the slots that moved during the scan';
        settled = await settleSlots({
          main,
          base: target,
          replicas: plan.replicas,
          snapshots,
          ledger: scanner.ledger,
          scanner,
          db: db0,
          open,
        });
        if (settled.stillMoving.length) addClusterMigrating(collector, settled.stillMoving, settled.notChecked);
      }
      scanFinished = true;
      for (const err of errors) {
        incomplete.add(err.db);
        const cause = redactText(err.error instanceof ConnectError ? err.error.message : describe(err.error, err.node, timeouts), secrets);
        const where = `db ${err.db}${nodes.length > 1 ? ` on ${err.node.host}:${err.node.port}` : ''}`;
        collector.add(
          collector.finding(
            'check.error',
            null,
            null,
            null,
            `the scan stopped early: ${where}: ${cause}`,
            'a complete scan',
            `${where}: ${cause}`,
            null,
          ),
        );
      }
      for (const job of notScanned) {
        incomplete.add(job.db);
        collector.add(
          collector.finding(
            'check.error',
            null,
            null,
            null,
            `db ${job.db} was not scanned: the connection failed before its turn`,
            'a complete scan',
            `db ${job.db} not scanned`,
            null,
          ),
        );
      }
    } catch (e) {
      stopped(phase, e);
      if (!scanFinished) for (const db of compiled.dbs.keys()) incomplete.add(db);
    }
    const { report, exitCode } = outcome();
    return { findings: report.findings, summary: report.summary, exitCode, report };
  } catch (e) {
    // Not a network step: still a report, never an "internal error" without one.
    stopped('internal error', e);
    const { report, exitCode } = outcome();
    return { findings: report.findings, summary: report.summary, exitCode, report };
  } finally {
    for (const c of conns) closeConnection(c);
  }

  /** Coverage and the report of what was read (complete or not). */
  function outcome(): ReturnType<typeof buildCheckReport> {
    const coverage = collector.coverage();
    const scannedDbs = new Set([...compiled.dbs.keys()].filter((db) => (!wanted || wanted.has(db)) && !impossibleDbs.includes(db)));
    const unseen = coverage.filter((p) => p.seen === 0 && scannedDbs.has(p.db) && !incomplete.has(p.db));
    for (const p of unseen) addUnseenPattern(collector, compiled, p);
    addStaleBaseline(collector);
    return buildCheckReport({
      plan,
      target,
      nodes,
      ...(clusterNodes ? { clusterNodes } : {}),
      ...(settled ? { settled } : {}),
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
  }
}

function describe(e: unknown, t: Target, timeouts: Timeouts): string {
  return describeRedisError(e, { host: t.host, port: t.port, tls: t.tls, timeouts });
}
