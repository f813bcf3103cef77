/**
 * How many keys the next SCAN page asks for: as many as fit a time budget per call (so that no single
 * call holds the server for long; 5 ms by default) and a budget of key-name bytes per reply (so that a
 * page of huge names is split), never more than the COUNT asked for. The first pages are small and grow
 * (doubling) while both budgets allow; a page that went over budget shrinks the next one at once.
 */

/** The largest COUNT a page may ask for (`--count` above it is clamped, with a note). */
export const MAX_PAGE_COUNT = 10_000;
/** Default time budget of one call, in microseconds of server time. */
export const DEFAULT_PAGE_BUDGET_US = 5_000;
/** Default bound on the key-name bytes of one page. */
export const DEFAULT_PAGE_NAME_BYTES = 1024 * 1024;
/** The first page's COUNT (at most the COUNT asked for). */
const FIRST_COUNT = 8;
/** Pages aim at this share of the budget, leaving room for pages slower than the estimate. */
const AIM = 0.6;

export interface PageBudget {
  /** The largest COUNT (the `--count` asked for, at most MAX_PAGE_COUNT). */
  count: number;
  /** Server time one call may take, in microseconds. */
  budgetUs: number;
  /** Key-name bytes one page may carry. */
  nameBytes: number;
}

export class PageSizer {
  /** The COUNT of the next page. */
  count: number;
  /** Estimated server microseconds per key asked for (SCAN COUNT and the probes of the keys it returns). */
  private usPerKey = 0;
  private bytesPerKey = 0;

  constructor(readonly budget: PageBudget) {
    this.count = Math.max(1, Math.min(budget.count, FIRST_COUNT));
  }

  /**
   * After a call that asked for `asked` keys and got `keys` keys of `nameBytes` bytes in all, in `usedUs`
   * microseconds (server time where the server reports it, else the round trip: an upper bound).
   */
  observe(asked: number, keys: number, nameBytes: number, usedUs: number): void {
    const { count: max, budgetUs, nameBytes: maxBytes } = this.budget;
    const work = Math.max(asked, keys, 1);
    const sample = usedUs / work;
    // Smoothed, but a slow page counts at once: the next call must not go over the budget too.
    this.usPerKey = this.usPerKey === 0 || sample > this.usPerKey ? sample : this.usPerKey * 0.7 + sample * 0.3;
    if (keys > 0) {
      const b = nameBytes / keys;
      this.bytesPerKey = this.bytesPerKey === 0 || b > this.bytesPerKey ? b : this.bytesPerKey * 0.7 + b * 0.3;
    }
    let next = Math.min(max, asked * 2);
    if (this.usPerKey > 0) next = Math.min(next, Math.floor((budgetUs * AIM) / this.usPerKey));
    if (this.bytesPerKey > 0) next = Math.min(next, Math.floor(maxBytes / this.bytesPerKey));
    this.count = Math.max(1, next);
  }

  /** How many of `sizes` (name bytes, in order) the next chunk of a page probed on its own takes. */
  chunk(sizes: readonly number[], from: number): number {
    let bytes = 0;
    let n = 0;
    while (from + n < sizes.length && n < this.count) {
      bytes += sizes[from + n]!;
      if (n > 0 && bytes > this.budget.nameBytes) break;
      n++;
    }
    return n;
  }
}
