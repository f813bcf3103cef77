/**
 * The TTL policy of a template from the remaining TTLs (PTTL) of its keys. Live TTLs count down, so the
 * TTL a key was given is at least the largest one seen: the policy's bound is that figure rounded up to
 * the next common duration. Keys without a TTL beside keys with one make the TTL optional; when every key
 * is within 10% of a common duration the keys were all given exactly that (`ttl: N`). TTLs seen being
 * written (`--observe` with MONITOR: `SET ... EX`, `EXPIRE`) are what the keys were given: one value is
 * exact, several a range (`{min, max}`).
 */
import type { KeyStats } from './key-stats.ts';

/** Durations people configure, in seconds (includes python-rq's 61, 480, 500 and 899). */
const COMMON = [
  1, 2, 5, 10, 15, 20, 30, 45, 60, 61, 90, 120, 180, 240, 300, 480, 500, 600, 899, 900, 1200, 1800, 2700, 3600, 7200, 10800, 14400, 21600,
  28800, 43200, 86400, 172800, 259200, 345600, 432000, 518400, 604800, 1209600, 2419200, 2592000, 2678400, 5184000, 7776000, 15552000,
  31536000,
];

/** The smallest common duration at or above `seconds` (whole days beyond a year). */
export function roundUpDuration(seconds: number): number {
  const s = Math.max(1, Math.ceil(seconds));
  for (const c of COMMON) if (c >= s) return c;
  return Math.ceil(s / 86400) * 86400;
}

export type InferredTtl = 'none' | number | { min?: number; max: number; optional?: true };

export function inferTtl(stats: KeyStats): InferredTtl {
  const withTtl = stats.count - stats.noTtl;
  if (withTtl === 0) return 'none';
  const bound = roundUpDuration(stats.maxPttl / 1000);
  if (stats.noTtl > 0) return { max: bound, optional: true };
  // TTLs seen being written (MONITOR): exact when every write gave the same one, else the range written.
  if (stats.written >= 2) {
    const lo = Math.floor(stats.minWritten / 1000);
    const hi = Math.max(Math.ceil(stats.maxWritten / 1000), Math.ceil(stats.maxPttl / 1000));
    if (lo === hi) return hi;
    if (lo >= 1) return { min: lo, max: hi };
  }
  // Seconds as Redis rounds them: a key given 1800 s shows up to 1800000 ms.
  if (withTtl >= 2 && stats.minPttl >= bound * 1000 * 0.9 && stats.maxPttl <= bound * 1000) return bound;
  return { max: bound };
}

/** "12h", "3d", "899 s": for evidence comments. */
export function humanDuration(seconds: number): string {
  for (const [unit, n] of [
    ['d', 86400],
    ['h', 3600],
    ['m', 60],
  ] as const)
    if (seconds >= n && seconds % n === 0) return `${seconds / n}${unit}`;
  return `${seconds}s`;
}
