/**
 * Baselines: known findings to suppress, by check id and pattern (optionally narrowed by db and a key
 * glob). Entries that suppressed nothing in a run are reported as `baseline.stale`.
 *
 * ```json
 * { "keyspecBaseline": 1,
 *   "suppress": [
 *     { "id": "key.ttl.too-long", "pattern": "rq.rq.worker", "reason": "batch hosts run --worker-ttl 900" },
 *     { "id": "key.unmatched", "db": 0, "key": "legacy:*", "reason": "removed in 2026" } ] }
 * ```
 */
import { readFileSync } from 'node:fs';

export interface BaselineEntry {
  /** A check id, or a glob over ids (`key.ttl.*`). */
  id: string;
  /** A pattern id (`rq.rq.job`); omitted or `*`: any pattern (and findings without one). */
  pattern?: string;
  db?: number;
  /** A glob over key names (`*` and `?`). */
  key?: string;
  reason?: string;
}

export interface Baseline {
  file?: string;
  entries: BaselineEntry[];
}

export class BaselineError extends Error {}

export function parseBaseline(text: string, file?: string): Baseline {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new BaselineError(`${file ?? 'baseline'}: not valid JSON: ${(e as Error).message}`);
  }
  const list = Array.isArray(raw) ? raw : (raw as { suppress?: unknown } | null)?.suppress;
  if (!Array.isArray(list)) throw new BaselineError(`${file ?? 'baseline'}: expected {"keyspecBaseline": 1, "suppress": [...]}`);
  const entries = list.map((e, i): BaselineEntry => {
    const o = e as Record<string, unknown>;
    if (!o || typeof o !== 'object' || typeof o.id !== 'string')
      throw new BaselineError(`${file ?? 'baseline'}: suppress[${i}] needs an "id" string`);
    if (o.pattern !== undefined && o.pattern !== null && typeof o.pattern !== 'string')
      throw new BaselineError(`${file ?? 'baseline'}: suppress[${i}].pattern must be a string`);
    if (o.db !== undefined && o.db !== null && !Number.isInteger(o.db))
      throw new BaselineError(`${file ?? 'baseline'}: suppress[${i}].db must be an integer`);
    if (o.key !== undefined && o.key !== null && typeof o.key !== 'string')
      throw new BaselineError(`${file ?? 'baseline'}: suppress[${i}].key must be a string`);
    return {
      id: o.id,
      ...(typeof o.pattern === 'string' ? { pattern: o.pattern } : {}),
      ...(typeof o.db === 'number' ? { db: o.db } : {}),
      ...(typeof o.key === 'string' ? { key: o.key } : {}),
      ...(typeof o.reason === 'string' ? { reason: o.reason } : {}),
    };
  });
  return { ...(file ? { file } : {}), entries };
}

export function loadBaseline(file: string): Baseline {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new BaselineError(`cannot read baseline ${file}: ${(e as Error).message}`);
  }
  return parseBaseline(text, file);
}

/**
 * A baseline glob (`*` any run, `?` any one character) as a matcher. Matched with the two-pointer wildcard
 * algorithm, at most (glob length x text length) steps, never a backtracking regex: a glob with many stars
 * against a long hostile key name stays fast.
 */
export function globMatcher(glob: string): { test(text: string): boolean } {
  const g = [...glob];
  return {
    test(text: string): boolean {
      const t = [...text];
      let gi = 0;
      let ti = 0;
      let star = -1;
      let resume = 0;
      while (ti < t.length) {
        if (gi < g.length && (g[gi] === '?' || (g[gi] !== '*' && g[gi] === t[ti]))) {
          gi++;
          ti++;
        } else if (gi < g.length && g[gi] === '*') {
          star = gi++;
          resume = ti;
        } else if (star >= 0) {
          gi = star + 1;
          ti = ++resume;
        } else return false;
      }
      while (gi < g.length && g[gi] === '*') gi++;
      return gi === g.length;
    },
  };
}

export interface BaselineMatcher {
  /** The entry that suppresses this finding (and counts the hit), or undefined. */
  match(f: { id: string; pattern: string | null; db: number | null; key: string | null }): BaselineEntry | undefined;
  /** Entries that suppressed nothing so far. */
  stale(): BaselineEntry[];
  suppressed(): number;
}

export function baselineMatcher(baseline: Baseline | undefined): BaselineMatcher {
  const entries = (baseline?.entries ?? []).map((e) => ({
    entry: e,
    id: globMatcher(e.id),
    key: e.key !== undefined ? globMatcher(e.key) : undefined,
    hits: 0,
  }));
  let total = 0;
  return {
    match(f) {
      for (const e of entries) {
        if (!e.id.test(f.id)) continue;
        if (e.entry.pattern !== undefined && e.entry.pattern !== '*' && e.entry.pattern !== f.pattern) continue;
        if (e.entry.db !== undefined && e.entry.db !== f.db) continue;
        if (e.key && (f.key === null || !e.key.test(f.key))) continue;
        e.hits++;
        total++;
        return e.entry;
      }
      return undefined;
    },
    stale: () => entries.filter((e) => e.hits === 0).map((e) => e.entry),
    suppressed: () => total,
  };
}
