/**
 * Overlap resolution: the draft is validated in-process (loadSpec through the draft host), and every pair
 * of key patterns the validator finds overlapping (KS120: `in database N, key 'a' (...) and key 'b' (...)
 * can both match ...`) is resolved by letting the more specific key shadow the other: the one with more
 * literal text (a literal key over `{id1}`), else fewer keys seen. A key of an imported library is never
 * changed; the draft's key shadows it. Repeated until the draft validates or nothing changes.
 */
import type { Diagnostic } from '../spec/index.ts';
import type { InferredKey } from './key-inference.ts';

const PAIR = /^in database (\d+), key '([^']+)' \((.*)\) and key '([^']+)' \((.*)\) can both match/;

function literalLength(pattern: string): number {
  return pattern.replace(/\{\{|\}\}/g, 'x').replace(/\{[^}]*\}/g, '').length;
}

/** Adds `shadows:` for each KS120 pair; returns how many were added. */
export function resolveOverlaps(diagnostics: readonly Diagnostic[], byDb: Map<number, InferredKey[]>): number {
  let added = 0;
  for (const d of diagnostics) {
    if (d.id !== 'KS120') continue;
    const m = PAIR.exec(d.message);
    if (!m) continue;
    const keys = byDb.get(Number(m[1])) ?? [];
    const a = keys.find((k) => k.name === m[2]);
    const b = keys.find((k) => k.name === m[4]);
    let winner: InferredKey | undefined;
    let loser: string;
    if (a && b) {
      const la = literalLength(a.pattern);
      const lb = literalLength(b.pattern);
      [winner, loser] = la > lb || (la === lb && a.count <= b.count) ? [a, b.name] : [b, a.name];
    } else if (a) [winner, loser] = [a, m[4]!];
    else if (b) [winner, loser] = [b, m[2]!];
    else continue;
    if (!winner) continue;
    winner.shadows ??= [];
    if (!winner.shadows.includes(loser)) {
      winner.shadows.push(loser);
      added++;
    }
  }
  return added;
}
