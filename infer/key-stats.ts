/**
 * What the scan learns about the keys of one template, in bounded space: how many, their Redis types,
 * their remaining TTLs (PTTL, which counts down), and a deterministic sample of keys (bottom-k by the
 * hash of the name) whose values are read after the scan.
 */
import { BottomK } from './bottom-k.ts';

export interface SeenKey {
  key: string;
  type: string;
  /** PTTL when scanned: -1 none, otherwise milliseconds left. */
  pttl: number;
  /** Seen only in traffic (`--observe`), not by the scan. */
  observed?: boolean;
  /** The TTL its last observed write gave it (ms; `--observe` with MONITOR). */
  writtenTtlMs?: number;
}

export class KeyStats {
  count = 0;
  readonly types = new Map<string, number>();
  /** Keys without a TTL. */
  noTtl = 0;
  /** Smallest and largest PTTL seen (ms) among keys with a TTL. */
  minPttl = Infinity;
  maxPttl = -Infinity;
  observed = 0;
  /** TTLs given by observed writes (ms): how many, smallest, largest. */
  written = 0;
  minWritten = Infinity;
  maxWritten = -Infinity;
  readonly sample: BottomK<SeenKey>;

  constructor(sampleSize: number) {
    this.sample = new BottomK<SeenKey>(Math.max(1, sampleSize));
  }

  add(k: SeenKey): void {
    this.count++;
    this.types.set(k.type, (this.types.get(k.type) ?? 0) + 1);
    if (k.pttl < 0) this.noTtl++;
    else {
      if (k.pttl < this.minPttl) this.minPttl = k.pttl;
      if (k.pttl > this.maxPttl) this.maxPttl = k.pttl;
    }
    if (k.observed) this.observed++;
    if (k.writtenTtlMs !== undefined) {
      this.written++;
      this.minWritten = Math.min(this.minWritten, k.writtenTtlMs);
      this.maxWritten = Math.max(this.maxWritten, k.writtenTtlMs);
    }
    this.sample.add(k.key, k);
  }

  merge(o: KeyStats): void {
    this.count += o.count;
    for (const [t, n] of o.types) this.types.set(t, (this.types.get(t) ?? 0) + n);
    this.noTtl += o.noTtl;
    this.minPttl = Math.min(this.minPttl, o.minPttl);
    this.maxPttl = Math.max(this.maxPttl, o.maxPttl);
    this.observed += o.observed;
    this.written += o.written;
    this.minWritten = Math.min(this.minWritten, o.minWritten);
    this.maxWritten = Math.max(this.maxWritten, o.maxWritten);
    this.sample.merge(o.sample);
  }

  /** The most frequent type (ties by name, for determinism). */
  get dominantType(): string {
    let best = '';
    let n = -1;
    for (const [t, c] of [...this.types].sort((a, b) => a[0].localeCompare(b[0]))) if (c > n) [best, n] = [t, c];
    return best;
  }
}

/** The values one template position took: their characters, shortest length, a bottom-k of them, and counts. */
export class PositionValues {
  readonly chars = new Set<string>();
  minLength = Infinity;
  keys = 0;
  readonly values: BottomK<string>;
  /** Shapes (segment-shapes.ts) that reached this position, by name, and whether a literal did. */
  readonly shapes = new Set<string>();
  literal = false;

  constructor(k = 64) {
    this.values = new BottomK<string>(k);
  }

  add(value: string, weight = 1): void {
    this.keys += weight;
    if (value.length < this.minLength) this.minLength = value.length;
    if (this.chars.size < 128) for (const c of value) this.chars.add(c);
    this.values.add(value, value);
  }

  merge(o: PositionValues): void {
    this.keys += o.keys;
    this.minLength = Math.min(this.minLength, o.minLength);
    for (const c of o.chars) this.chars.add(c);
    this.values.merge(o.values);
    for (const s of o.shapes) this.shapes.add(s);
    this.literal ||= o.literal;
  }
}
