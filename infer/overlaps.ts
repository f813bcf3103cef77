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

/**
 * Resolves each KS120 pair; returns how many changes were made. A draft key that overlaps a key of an
 * imported library is first narrowed (`narrow`: its generic placeholders become enums of the values seen,
 * when all were seen); only when that is not possible does it shadow the library's key.
 */
export function resolveOverlaps(
  diagnostics: readonly Diagnostic[],
  byDb: Map<number, InferredKey[]>,
  narrow: (k: InferredKey) => boolean = () => false,
): number {
  let added = 0;
  // Keys narrowed in this round: their other overlaps are judged again on the next validation.
  const narrowedNow = new Set<InferredKey>();
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
    } else if (a || b) {
      const mine = (a ?? b)!;
      if (narrowedNow.has(mine)) continue;
      if (narrow(mine)) {
        narrowedNow.add(mine);
        added++;
        continue;
      }
      [winner, loser] = [mine, a ? m[4]! : m[2]!];
    } else continue;
    if (!winner) continue;
    winner.shadows ??= [];
    if (!winner.shadows.includes(loser)) {
      winner.shadows.push(loser);
      added++;
    }
  }
  return added;
}
