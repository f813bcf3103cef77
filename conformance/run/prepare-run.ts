/**
 * What `check`, `observe` and `probe` share before they touch Redis: the spec (a file or a loaded
 * model), the target from `--url` or the spec's env vars, and redis-cli reproduce lines for it.
 */
import { resolve } from 'node:path';
import { nodeHost, renderText as renderDiagnostics, validateSpecs, type Spec, type SpecHost } from '../../spec/index.ts';
import { BaselineError, loadBaseline, type Baseline } from '../findings/baseline.ts';
import { redisCliPrefix, resolveTarget, TargetError, type Target } from '../redis/connection.ts';
import { shellQuote, type Reproducer } from '../findings/findings.ts';

/** A spec file (validated; errors come back rendered) or an already validated model. */
export function loadRunSpec(spec: string | Spec, cwd: string, host?: SpecHost): { spec: Spec } | { error: string } {
  if (typeof spec !== 'string') return { spec };
  const loaded = loadCheckedSpec(resolve(cwd, spec), host ?? nodeHost(cwd));
  return loaded.spec ? { spec: loaded.spec } : { error: loaded.error ?? `cannot load ${spec}` };
}

/** The server from `url`, else the spec's connection env vars; a usage error as `{ error }`. */
export function resolveRunTarget(
  spec: Spec,
  options: { url?: string; connection?: string; env: Readonly<Record<string, string | undefined>> },
): { target: Target } | { error: string } {
  try {
    return {
      target: resolveTarget(spec, {
        ...(options.url ? { url: options.url } : {}),
        ...(options.connection ? { connection: options.connection } : {}),
        env: options.env,
      }),
    };
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
export function loadRunBaseline(baseline: string | Baseline | undefined, cwd: string): { baseline?: Baseline } | { error: string } {
  try {
    return typeof baseline === 'string' ? { baseline: loadBaseline(resolve(cwd, baseline)) } : baseline ? { baseline } : {};
  } catch (e) {
    if (e instanceof BaselineError) return { error: e.message };
    throw e;
  }
}
