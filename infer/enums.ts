/**
 * Enum detection for a placeholder position: a small closed set. The position's values are known in full
 * (the bottom-k sketch was not filled), there are at most ENUM_MAX_VALUES of them, and each was seen in at
 * least three keys on average (a set that grows with the keys, like run ids, is not closed).
 */
import type { PositionValues } from './key-stats.ts';

export const ENUM_MAX_VALUES = 16;

export function enumValues(v: PositionValues): string[] | undefined {
  if (!v.values.complete) return undefined;
  const values = v.values.names();
  if (values.length < 1 || values.length > ENUM_MAX_VALUES) return undefined;
  if (v.keys / values.length < 3) return undefined;
  if (values.some((x) => x.length === 0 || x.length > 64)) return undefined;
  return [...values].sort();
}
