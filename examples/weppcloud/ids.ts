/**
 * Deterministic ids for the reference workload: a small seeded PRNG (mulberry32) and helpers that
 * produce the identifiers WEPPcloud and its libraries generate (uuid4 strings, uuid4().hex, run ids).
 */

/** mulberry32: a fast 32-bit seeded PRNG returning floats in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Derives an independent seed for a sub-stream (one per run, per worker, ...). */
export function subSeed(seed: number, ...path: number[]): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (const p of path) {
    h = Math.imul(h ^ (p + 0x7f4a7c15), 0x85ebca6b) >>> 0;
    h ^= h >>> 13;
  }
  return h >>> 0;
}

export class Ids {
  readonly rand: () => number;
  constructor(seed: number) {
    this.rand = prng(seed);
  }
  /** n lowercase hex digits. */
  hex(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += Math.floor(this.rand() * 16).toString(16);
    return s;
  }
  /** `str(uuid4())`: version nibble 4, variant 8..b. */
  uuid(): string {
    const h = this.hex(32);
    const variant = '89ab'[Math.floor(this.rand() * 4)]!;
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
  /** `uuid4().hex`. */
  uuidHex(): string {
    return this.uuid().replace(/-/g, '');
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.rand() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.rand() * xs.length)]!;
  }
  chance(p: number): boolean {
    return this.rand() < p;
  }
}

const FIRST = ['busy', 'rlew', 'quiet', 'amber', 'lucky', 'brave', 'misty', 'sunny', 'windy', 'rapid', 'hollow', 'frosty'];
const MIDDLE = ['unwitting', 'spotted', 'restless', 'gentle', 'crooked', 'patient', 'silver', 'tawny'];
const LAST = ['beaver', 'cane', 'heron', 'otter', 'falcon', 'meadow', 'canyon', 'ridge', 'delta', 'cedar'];

/** A WEPPcloud-style run id (`busy-beaver`, `rlew-unwitting-cane`), unique per index. */
export function runIdFor(ids: Ids, index: number): string {
  const parts = index % 2 === 0 ? [ids.pick(FIRST), ids.pick(LAST)] : [ids.pick(FIRST), ids.pick(MIDDLE), ids.pick(LAST)];
  return `${parts.join('-')}-${index}`;
}

/** rq's timestamp format: `%Y-%m-%dT%H:%M:%S.%fZ` (UTC, microseconds). */
export function rqTimestamp(ms: number = Date.now()): string {
  const micros = String(Math.floor((ms % 1) * 1000)).padStart(3, '0');
  return new Date(Math.floor(ms)).toISOString().replace(/\.([0-9]{3})Z$/, (_m, f: string) => `.${f}${micros}Z`);
}

/** `datetime.now(timezone.utc).isoformat()`: microseconds and a `+00:00` offset. */
export function pythonUtcIso(ms: number = Date.now()): string {
  return rqTimestamp(ms).replace(/Z$/, '+00:00');
}

export function epochSeconds(ms: number = Date.now()): number {
  return Math.floor(ms / 1000);
}
