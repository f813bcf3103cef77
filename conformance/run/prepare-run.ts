/**
 * What `check`, `observe` and `probe` share before they touch Redis, done once: the spec (a file or a
 * loaded model) validated and compiled, the engine's own option checks, the baseline, the target from
 * `--url` or the spec's env vars, and the collector with redis-cli reproduce lines for that target.
 */
import { resolve } from 'node:path';
import { nodeHost, renderText as renderDiagnostics, TtlEnvError, validateSpecs, type Spec, type SpecHost } from '../../spec/index.ts';
import { BaselineError, loadBaseline, type Baseline } from '../findings/baseline.ts';
import { Collector, type Reproducer } from '../findings/collector.ts';
import { shellQuote } from '../findings/printable.ts';
import { compileSpec, databasesOn, type CompiledSpec } from '../judging/compile.ts';
import { redisCliPrefix, resolveTarget, TargetError, type Target } from '../redis/connection.ts';
import { DEFAULT_TIMEOUTS, type Timeouts } from '../redis/errors.ts';

/** The options every engine takes. */
export interface RunOptions {
  /** A spec file (resolved against `cwd`) or an already validated model. */
  spec: string | Spec;
  cwd?: string;
  host?: SpecHost;
  /** Redis URL; without it the spec's connection env vars decide. */
  url?: string;
  /** Spec connection to resolve from env vars (default `default`, else the first). */
  connection?: string;
  env?: Readonly<Record<string, string | undefined>>;
  /** Connect (TCP, TLS, AUTH, SELECT) timeout in ms (default 10000). */
  connectTimeoutMs?: number;
  /** Timeout of any one command's reply in ms (default 30000): a paused server ends the run, not hangs it. */
  commandTimeoutMs?: number;
}

export interface PrepareOptions {
  /** The engine's own option checks, run once the spec is loaded: a usage error as a message. */
  check?: (spec: Spec) => string | undefined;
  /** A baseline file or object (check and observe). */
  baseline?: string | Baseline;
  /** Resolve the target now (default); `false` when the engine starts its own server (`--embedded`). */
  resolveTarget?: boolean;
}

/** A run ready to connect: every input resolved, nothing left to look up. */
export interface PreparedRun {
  spec: Spec;
  /** The spec's files (for the report). */
  files: string[];
  compiled: CompiledSpec;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  baseline?: Baseline;
  /** Absent only with `resolveTarget: false`. */
  target?: Target;
  /** Connect and command timeouts for every connection of the run. */
  timeouts: Timeouts;
}

/** Loads, checks and resolves everything a run needs; a spec or usage error as `{ error }` (exit 2). */
export function prepareRun(options: RunOptions, prepare: PrepareOptions = {}): PreparedRun | { error: string } {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  let spec: Spec;
  let files: string[];
  if (typeof options.spec === 'string') {
    const loaded = loadCheckedSpec(resolve(cwd, options.spec), options.host ?? nodeHost(cwd));
    if (!loaded.spec) return { error: loaded.error ?? `cannot load ${options.spec}` };
    spec = loaded.spec;
    files = spec.files.length ? spec.files : [options.spec];
  } else {
    spec = options.spec;
    files = spec.files;
  }
  const timeouts = runTimeouts(options);
  if ('error' in timeouts) return timeouts;
  const usage = prepare.check?.(spec);
  if (usage !== undefined) return { error: usage };
  const loadedBaseline = loadRunBaseline(prepare.baseline, cwd);
  if ('error' in loadedBaseline) return loadedBaseline;
  let target: Target | undefined;
  if (prepare.resolveTarget !== false) {
    const resolved = resolveRunTarget(spec, options.url, options.connection, env);
    if ('error' in resolved) return resolved;
    target = resolved.target;
  }
  let compiled: CompiledSpec;
  try {
    // A per-endpoint deployment: the run checks the databases placed on the connection it reaches.
    const connection =
      spec.deployment?.databases === 'per-endpoint'
        ? (options.connection ?? (spec.connections.some((c) => c.name === 'default') ? 'default' : spec.connections[0]?.name))
        : undefined;
    if (connection !== undefined && databasesOn(spec, connection).length === 0)
      return {
        error: `--connection ${connection}: no database of the spec is placed on it (deployment.databases: per-endpoint; ${spec.deployment.placements.map((p) => `${p.name} → ${p.connection ?? '?'}`).join(', ')}); pass --connection with one of those`,
      };
    compiled = compileSpec(spec, { env, ...(connection !== undefined ? { connection } : {}) });
  } catch (e) {
    if (e instanceof TtlEnvError) return { error: e.message };
    throw e;
  }
  return {
    spec,
    files,
    compiled,
    cwd,
    env,
    timeouts: timeouts.timeouts,
    ...(loadedBaseline.baseline ? { baseline: loadedBaseline.baseline } : {}),
    ...(target ? { target } : {}),
  };
}

/** The timeouts from the options, defaults filled; a bad value as `{ error }` (exit 2). */
function runTimeouts(options: RunOptions): { timeouts: Timeouts } | { error: string } {
  const out: Timeouts = { ...DEFAULT_TIMEOUTS };
  for (const [flag, key, value] of [
    ['--connect-timeout', 'connectMs', options.connectTimeoutMs],
    ['--command-timeout', 'commandMs', options.commandTimeoutMs],
  ] as const) {
    if (value === undefined) continue;
    if (!(Number.isInteger(value) && value > 0)) return { error: `${flag}: expected a positive number of milliseconds, got ${value}` };
    out[key] = value;
  }
  return { timeouts: out };
}

/** The run's collector: findings with reproduce lines for `target`, the baseline applied. */
export function collectorFor(run: PreparedRun, target: Target, maxFindingsPerCheck?: number): Collector {
  return new Collector(run.compiled, reproducerFor(target), {
    ...(maxFindingsPerCheck !== undefined ? { maxFindingsPerCheck } : {}),
    ...(run.baseline ? { baseline: run.baseline } : {}),
  });
}

/** The server from `url`, else the spec's connection env vars; a usage error as `{ error }`. */
function resolveRunTarget(
  spec: Spec,
  url: string | undefined,
  connection: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): { target: Target } | { error: string } {
  try {
    return { target: resolveTarget(spec, { ...(url ? { url } : {}), ...(connection ? { connection } : {}), env }) };
  } catch (e) {
    if (e instanceof TargetError) return { error: e.message };
    throw e;
  }
}

/** `redis-cli` lines for findings: connection options (never the password), `-n <db>`, quoted args. */
export function reproducerFor(target: Target): Reproducer {
  const cli = redisCliPrefix(target);
  return (db, args) => [...cli, ...(db !== null && db !== 0 ? ['-n', String(db)] : []), ...args.map(shellQuote)].join(' ');
}

/** Loads and validates a spec file; errors come back rendered. */
export function loadCheckedSpec(file: string, host: SpecHost): { spec?: Spec; error?: string } {
  const result = validateSpecs([file], host);
  const spec = result.specs[0]?.spec;
  if (result.errors > 0 || !spec) {
    const text = renderDiagnostics(
      result.diagnostics.filter((d) => d.severity === 'error'),
      result.sources,
      { color: false },
    );
    return { error: `the spec has errors:\n${text}` };
  }
  return { spec };
}

/** A baseline file (resolved against cwd) or an already parsed baseline; a bad file as `{ error }`. */
function loadRunBaseline(baseline: string | Baseline | undefined, cwd: string): { baseline?: Baseline } | { error: string } {
  try {
    return typeof baseline === 'string' ? { baseline: loadBaseline(resolve(cwd, baseline)) } : baseline ? { baseline } : {};
  } catch (e) {
    if (e instanceof BaselineError) return { error: e.message };
    throw e;
  }
}
