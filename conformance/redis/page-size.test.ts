/** Page sizes: within the time budget, the name-bytes bound and the COUNT asked for; small first pages. */
import { describe, expect, it } from 'vitest';
import { PageSizer } from './page-size.ts';

const budget = { count: 1000, budgetUs: 5000, nameBytes: 1024 * 1024 };

describe('PageSizer', () => {
  it('starts small and doubles while the budgets allow, up to COUNT', () => {
    const s = new PageSizer(budget);
    const seen: number[] = [s.count];
    // 1 µs per key: the time budget allows 3,000 (60% of 5 ms), COUNT caps at 1,000.
    for (let i = 0; i < 8; i++) {
      s.observe(s.count, s.count, s.count * 40, s.count * 1);
      seen.push(s.count);
    }
    expect(seen).toEqual([8, 16, 32, 64, 128, 256, 512, 1000, 1000]);
  });

  it.each([
    // [µs per key, name bytes per key, want COUNT after one page of 1,000]
    [5, 40, 600], // 3 ms of 5 at 5 µs per key
    [10, 40, 300],
    [1, 100 * 1024, 10], // 1 MiB of 100 KB names
    [50, 100 * 1024, 10],
    [0.1, 1, 1000],
  ])('at %s µs and %s bytes per key: %s', (us, bytes, want) => {
    const s = new PageSizer(budget);
    s.observe(1000, 1000, 1000 * bytes, 1000 * us);
    expect(s.count).toBe(want);
  });

  it('a slow page shrinks the next at once; fast pages grow it back slowly', () => {
    const s = new PageSizer({ ...budget, count: 10_000 });
    s.observe(1000, 1000, 40_000, 1000); // 1 µs per key
    expect(s.count).toBe(2000);
    s.observe(2000, 2000, 80_000, 40_000); // 20 µs per key: over budget
    expect(s.count).toBe(150);
    s.observe(150, 150, 6000, 150); // fast again: the estimate moves 30% of the way
    expect(s.count).toBeGreaterThan(150);
    expect(s.count).toBeLessThan(300);
  });

  it('never asks for fewer than one key, or more than COUNT', () => {
    const s = new PageSizer({ count: 5, budgetUs: 1, nameBytes: 1 });
    expect(s.count).toBe(5);
    s.observe(5, 5, 5_000_000, 1_000_000);
    expect(s.count).toBe(1);
  });

  it('chunks a page probed apart by count and name bytes, at least one key per chunk', () => {
    const s = new PageSizer({ count: 3, budgetUs: 5000, nameBytes: 100 });
    expect(s.chunk([10, 10, 10, 10, 10], 0)).toBe(3);
    expect(s.chunk([10, 10, 10, 10, 10], 3)).toBe(2);
    expect(s.chunk([60, 60, 60], 0)).toBe(1);
    expect(s.chunk([500, 10], 0)).toBe(1);
  });
});
