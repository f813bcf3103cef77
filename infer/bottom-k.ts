/**
 * A bottom-k sketch: the k items with the smallest hash of their name. The same set of items gives the
 * same sketch in any order (so a draft does not depend on SCAN's order), the sketch of a union is the
 * bottom-k of the two sketches, and the k-th smallest hash estimates how many distinct names there were
 * (KMV: (k - 1) / (h_k / 2^32)).
 */
import { sampleHash } from '../conformance/redis/scanner.ts';

export class BottomK<T> {
  /** Sorted by hash, then name; at most k entries, distinct names. */
  private items: { h: number; name: string; item: T }[] = [];
  constructor(readonly k: number) {}

  add(name: string, item: T, h = sampleHash(name)): void {
    const items = this.items;
    if (items.length >= this.k) {
      const last = items[items.length - 1]!;
      if (h > last.h || (h === last.h && name >= last.name)) return;
    }
    let lo = 0;
    let hi = items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const m = items[mid]!;
      if (m.h < h || (m.h === h && m.name < name)) lo = mid + 1;
      else hi = mid;
    }
    if (items[lo]?.name === name) return;
    items.splice(lo, 0, { h, name, item });
    if (items.length > this.k) items.pop();
  }

  merge(other: BottomK<T>): void {
    for (const e of other.items) this.add(e.name, e.item, e.h);
  }

  get size(): number {
    return this.items.length;
  }

  /** Whether the sketch holds every distinct name it was given (fewer than k were added). */
  get complete(): boolean {
    return this.items.length < this.k;
  }

  /** Entries in hash order (deterministic). */
  entries(): T[] {
    return this.items.map((e) => e.item);
  }

  names(): string[] {
    return this.items.map((e) => e.name);
  }

  /** Distinct names: exact while complete, else the KMV estimate. */
  distinct(): number {
    if (this.complete) return this.items.length;
    const hk = this.items[this.items.length - 1]!.h + 1;
    return Math.round((this.k - 1) / (hk / 2 ** 32));
  }
}
