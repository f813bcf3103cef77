/**
 * `keyspec check` as a library function: load and compile the spec, connect (or start a throwaway
 * server), judge the server, scan every database, and return findings, a summary and the exit code.
 */
import { resolve } from 'node:path';
import type { Redis } from 'ioredis';
import { nodeHost, type Spec, type SpecHost } from '../../spec/index.ts';
import type { Baseline } from '../findings/baseline.ts';
import { compileSpec, type CompiledSpec } from '../judging/compile.ts';
import { redactText, type Target, parseRedisUrl } from '../redis/connection.ts';
import { startEmbeddedRedis, type EmbeddedRedis, type EmbeddedRedisOptions } from '../redis/embedded-redis.ts';
import { Collector, sortFindings, verdict, type Finding, type Report, type Summary } from '../findings/findings.ts';
import { CHECKS } from '../findings/ids.ts';
import {
  clusterMasters,
  ConnectError,
  discoverDatabases,
  firstKeys,
  openConnection,
  readServer,
  Scanner,
  type Progress,
  type ScanOptions,
} from '../redis/scanner.ts';
import { loadCheckedSpec, loadRunBaseline, reproducerFor, resolveRunTarget } from '../run/prepare-run.ts';
import { judgeServer } from '../judging/server.ts';

/** Exit codes, the same for every keyspec command (cli/run-cli.ts EXIT). */
export const CHECK_EXIT = { ok: 0, violations: 1, usage: 2, connect: 3, unverifiable: 4 } as const;

export const TOOL_VERSION = '0.1.0';

export interface RunCheckOptions extends Omit<ScanOptions, 'onProgress'> {
  /** A spec file (resolved against `cwd`) or an already validated model. */
  spec: string | Spec;
  cwd?: string;
  host?: SpecHost;
  /** Redis URL; without it the spec's connection env vars decide. */
  url?: string;
  /** Start a throwaway server with the spec's required config and check that. */
  embedded?: boolean | EmbeddedRedisOptions;
  /** Spec connection to resolve from env vars (default `default`, else the first). */
  connection?: string;
  /** Only these databases (default: every database on the server). */
  dbs?: number[];
  /** A baseline file or object. */
  baseline?: string | Baseline;
  /** Per-key findings kept per check x db x pattern (default 100). */
  maxFindingsPerCheck?: number;
  env?: Readonly<Record<string, string | undefined>>;
  onStart?: (info: { target: string; total: number; cluster: boolean }) => void;
  onProgress?: (p: Progress) => void;
}

export interface CheckResult {
  findings: Finding[];
  summary: Summary;
  exitCode: 0 | 1 | 2 | 3 | 4;
  /** The full report (absent when the check could not run: spec, usage or connection error). */
  report?: Report;
  /** Why the check could not run. */
  error?: string;
}

export function emptySummary(): Summary {
  return {
    status: 'conforms',
    exitCode: 0,
    counts: { error: 0, warning: 0, info: 0, unverifiable: 0, suppressed: 0 },
    keys: { scanned: 0, matched: 0, unmatched: 0, vanished: 0, sampled: 0, undeclaredDb: 0 },
    durationMs: 0,
    keysPerSecond: 0,
    server: { version: null, cluster: false, checks: [] },
    databases: [],
    patterns: [],
    unseenPatterns: [],
    unmatchedPrefixes: [],
    checks: [],
    sampleRate: 0,
    maxFindingsPerCheck: 0,
    baseline: null,
  };
}

function failed(exitCode: 2 | 3, error: string, secrets: (string | undefined)[] = []): CheckResult {
  return { findings: [], summary: emptySummary(), exitCode, error: redactText(error, secrets) };
}

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
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  let spec: Spec;
  let files: string[];
  if (typeof options.spec === 'string') {
    const file = resolve(cwd, options.spec);
    const loaded = loadCheckedSpec(file, options.host ?? nodeHost(cwd));
    if (!loaded.spec) return failed(2, loaded.error ?? `cannot load ${options.spec}`);
    spec = loaded.spec;
    files = spec.files.length ? spec.files : [options.spec];
  } else {
    spec = options.spec;
    files = spec.files;
  }
  if (options.sampleRate !== undefined && !(options.sampleRate >= 0 && options.sampleRate <= 1))
    return failed(2, `--sample must be between 0 and 1, got ${options.sampleRate}`);
  for (const db of options.dbs ?? []) if (!Number.isInteger(db) || db < 0) return failed(2, `--db: not a database index: ${db}`);
  const loadedBaseline = loadRunBaseline(options.baseline, cwd);
  if ('error' in loadedBaseline) return failed(2, loadedBaseline.error);
  const baseline = loadedBaseline.baseline;
  const compiled = compileSpec(spec, { env });

  let embedded: EmbeddedRedis | undefined;
  let target: Target;
  const conns: Redis[] = [];
  try {
    if (options.embedded) {
      const eo = typeof options.embedded === 'object' ? options.embedded : {};
      try {
        embedded = await startEmbeddedRedis({ ...eo, config: { ...requiredConfig(spec), ...(eo.config ?? {}) } });
      } catch (e) {
        return failed(3, `cannot start an embedded redis-server: ${(e as Error).message}`);
      }
      target = parseRedisUrl(embedded.url, '--embedded');
    } else {
      const resolved = resolveRunTarget(spec, {
        ...(options.url ? { url: options.url } : {}),
        ...(options.connection ? { connection: options.connection } : {}),
        env,
      });
      if ('error' in resolved) return failed(2, resolved.error);
      target = resolved.target;
    }
    const secrets = [target.password];
    const repro = reproducerFor(target);
    const collector = new Collector(compiled, repro, {
      ...(options.maxFindingsPerCheck !== undefined ? { maxFindingsPerCheck: options.maxFindingsPerCheck } : {}),
      ...(baseline ? { baseline } : {}),
    });

    let main: Redis;
    try {
      main = await openConnection(target, 0);
      conns.push(main);
      await main.ping();
    } catch (e) {
      return failed(3, e instanceof ConnectError ? e.message : `cannot connect to ${target.display}: ${(e as Error).message}`, secrets);
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
    const scanner = new Scanner(
      compiled,
      collector,
      { ...options, ...(options.onProgress ? { onProgress: options.onProgress } : {}) },
      state.cluster,
    );
    const wanted = options.dbs?.length ? new Set(options.dbs) : undefined;
    const dbSizes = new Map<number, number>();
    const jobs: { node: Target; db: number; size: number }[] = [];
    const undeclared: { node: Target; db: number; size: number }[] = [];
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
    options.onStart?.({ target: target.display, total: scanner.total, cluster: state.cluster });

    for (const u of undeclared) {
      const c = await openConnection(u.node, u.db);
      conns.push(c);
      const examples = await firstKeys(c, 3).catch(() => [] as string[]);
      collector.add(
        collector.finding(
          'db.undeclared',
          u.db,
          null,
          null,
          `database ${u.db} holds ${u.size} key${u.size === 1 ? '' : 's'} but the spec declares no database ${u.db}${examples.length ? ` (e.g. ${examples.map((e) => JSON.stringify(e)).join(', ')})` : ''}`,
          `no keys (declared databases: ${[...compiled.dbs.keys()].join(', ') || 'none'})`,
          `${u.size} key${u.size === 1 ? '' : 's'}${examples.length ? `, e.g. ${examples.join(', ')}` : ''}`,
          ['DBSIZE'],
        ),
      );
    }

    // Biggest databases first, so that the scan does not end on one big database alone (one
    // connection leaves the server idle for a round trip per page; two or more keep it busy).
    const queue = [...jobs].sort((x, y) => y.size - x.size);
    const errors: string[] = [];
    const workers = Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 2, queue.length)) }, async () => {
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
    for (const p of unseen) {
      collector.add(
        collector.finding(
          'pattern.unseen',
          p.db,
          p.pattern,
          null,
          `no key of ${p.pattern} (\`${p.text}\`) was found in database ${p.db}`,
          `keys matching \`${p.text}\``,
          'none',
          ['--scan', '--pattern', globOf(compiled, p.pattern)],
        ),
      );
    }
    for (const e of collector.staleBaseline()) {
      collector.add(
        collector.finding(
          'baseline.stale',
          e.db ?? null,
          e.pattern ?? null,
          e.key ?? null,
          `baseline entry ${JSON.stringify(e)} suppressed nothing; remove it`,
          'a finding to suppress',
          'none',
          null,
        ),
      );
    }

    // ---- results
    const groups = collector.allGroups();
    const findings = sortFindings(groups.flatMap((g) => g.findings));
    const counts = { error: 0, warning: 0, info: 0, unverifiable: 0, suppressed: collector.baseline.suppressed() };
    for (const g of groups) {
      counts[g.severity] += g.count;
      if (g.id.endsWith('.unverifiable') || g.id === 'check.error') counts.unverifiable += g.count;
    }
    const v = verdict(groups);
    const durationMs = performance.now() - started;
    const perDb = scanner.perDb;
    const summary: Summary = {
      status: v.status,
      exitCode: v.exitCode,
      counts,
      keys: { ...scanner.stats, undeclaredDb: undeclared.reduce((n, u) => n + u.size, 0) },
      durationMs: Math.round(durationMs),
      keysPerSecond: Math.round(scanner.stats.scanned / Math.max(durationMs / 1000, 0.001)),
      server: {
        version: state.facts.version && 'value' in state.facts.version ? state.facts.version.value : null,
        cluster: state.cluster,
        checks: serverChecks.map((c) => ({ id: c.id, name: c.name, state: c.state, expected: c.expected, actual: c.actual })),
      },
      databases: [...new Set([...dbSizes.keys(), ...scannedDbs])]
        .sort((a, b) => a - b)
        .map((db) => ({
          db,
          name: compiled.dbs.get(db)?.name ?? null,
          declared: compiled.dbs.has(db),
          size: dbSizes.get(db) ?? 0,
          scanned: perDb.get(db)?.scanned ?? 0,
          vanished: perDb.get(db)?.vanished ?? 0,
          unmatched: perDb.get(db)?.unmatched ?? 0,
        })),
      patterns: coverage,
      unseenPatterns: unseen.map((p) => p.pattern),
      unmatchedPrefixes: collector.unmatchedPrefixes(),
      checks: groups
        .map((g) => ({ id: g.id, severity: g.severity, db: g.db, pattern: g.pattern, count: g.count, reported: g.findings.length }))
        .sort((a, b) =>
          a.id < b.id ? -1 : a.id > b.id ? 1 : (a.db ?? -1) - (b.db ?? -1) || ((a.pattern ?? '') < (b.pattern ?? '') ? -1 : 1),
        ),
      sampleRate: options.sampleRate ?? 0.01,
      maxFindingsPerCheck: collector.max,
      baseline: baseline ? { file: baseline.file ?? null, suppressed: counts.suppressed, stale: collector.staleBaseline().length } : null,
    };
    const report: Report = {
      schemaVersion: 1,
      tool: { name: 'keyspec', version: TOOL_VERSION },
      spec: { name: spec.name, files },
      target: { url: target.display, cluster: state.cluster, nodes: nodes.map((n) => `${n.host}:${n.port}`) },
      startedAt,
      findings,
      summary,
    };
    const safe = redactReport(report, secrets);
    return { findings: safe.findings, summary: safe.summary, exitCode: v.exitCode, report: safe };
  } finally {
    for (const c of conns) c.disconnect();
    await embedded?.stop();
  }
}

/** Passwords (and credentials in any redis:// URL, e.g. inside a sampled value) never reach output. */
export function redactReport(report: Report, secrets: readonly (string | undefined)[]): Report {
  const text = JSON.stringify(report);
  const cleaned = redactText(
    text.replace(/(rediss?:\/\/[^:@/\s"]*:)[^@\s"]+@/gi, '$1***@'),
    secrets.filter((s) => s && s.length >= 4),
  );
  return cleaned === text ? report : (JSON.parse(cleaned) as Report);
}

function globOf(compiled: CompiledSpec, patternId: string): string {
  const ck = compiled.keys.find((k) => k.id === patternId);
  if (!ck) return '*';
  return ck.key.pattern.parts.map((p) => (p.kind === 'literal' ? p.text.replace(/[*?[\]\\]/g, (c) => `\\${c}`) : '*')).join('');
}

export { CHECKS, loadCheckedSpec };
