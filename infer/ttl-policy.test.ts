import { describe, expect, it } from 'vitest';
import { KeyStats } from './key-stats.ts';
import { inferTtl, roundUpDuration } from './ttl-policy.ts';

function stats(pttls: number[]): KeyStats {
  const s = new KeyStats(10);
  pttls.forEach((p, i) => s.add({ key: `k${i}`, type: 'string', pttl: p }));
  return s;
}

describe('TTL policy from remaining TTLs (which count down)', () => {
  it('rounds the largest remaining TTL up to a common duration', () => {
    expect(roundUpDuration(1799.2)).toBe(1800);
    expect(roundUpDuration(43000)).toBe(43200);
    expect(roundUpDuration(600_000)).toBe(604800);
    expect(roundUpDuration(40_000_000)).toBe(463 * 86400);
  });

  it('none, exact, at most, optional', () => {
    expect(inferTtl(stats([-1, -1]))).toBe('none');
    expect(inferTtl(stats([1_799_000, 1_750_000, 1_700_000]))).toBe(1800);
    expect(inferTtl(stats([1_799_000, 600_000]))).toEqual({ max: 1800 });
    expect(inferTtl(stats([-1, 400_000]))).toEqual({ max: 480, optional: true });
  });

  it('TTLs seen being written (--observe): one value exact, several a range', () => {
    const s = new KeyStats(10);
    [420_000, 450_000, 480_000].forEach((w, i) => s.add({ key: `w${i}`, type: 'hash', pttl: w - 1000, writtenTtlMs: w }));
    expect(inferTtl(s)).toEqual({ min: 420, max: 480 });
    const e = new KeyStats(10);
    [60_000, 60_000].forEach((w, i) => e.add({ key: `e${i}`, type: 'string', pttl: -1, writtenTtlMs: w }));
    expect(inferTtl(e)).toBe('none');
    const x = new KeyStats(10);
    [60_000, 60_000].forEach((w, i) => x.add({ key: `x${i}`, type: 'string', pttl: 59_000, writtenTtlMs: w }));
    expect(inferTtl(x)).toBe(60);
  });
});
