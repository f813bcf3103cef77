/**
 * A minimal Python pickler (protocol 4/5 with a frame, as CPython writes small objects) for test data:
 * str, int, float, bool, None, list, tuple and dict. Enough to write real Flask-Session and python-rq
 * payloads that `pickle.loads` accepts.
 */
import { deflateSync } from 'node:zlib';

export type Py = string | number | boolean | null | Py[] | { tuple: Py[] } | { dict: [string, Py][] };

function body(v: Py, out: number[]): void {
  const push = (...b: number[]): void => {
    out.push(...b);
  };
  if (v === null) return push(0x4e); // N
  if (v === true) return push(0x88);
  if (v === false) return push(0x89);
  if (typeof v === 'number') {
    if (Number.isInteger(v) && v >= 0 && v < 256) return push(0x4b, v); // BININT1
    if (Number.isInteger(v) && v >= -0x80000000 && v < 0x80000000) {
      const b = Buffer.alloc(4);
      b.writeInt32LE(v);
      return push(0x4a, ...b); // BININT
    }
    const b = Buffer.alloc(8);
    b.writeDoubleBE(v);
    return push(0x47, ...b); // BINFLOAT
  }
  if (typeof v === 'string') {
    const s = Buffer.from(v, 'utf8');
    if (s.length < 256)
      push(0x8c, s.length, ...s); // SHORT_BINUNICODE
    else {
      const l = Buffer.alloc(4);
      l.writeUInt32LE(s.length);
      push(0x58, ...l, ...s); // BINUNICODE
    }
    return push(0x94); // MEMOIZE
  }
  if (Array.isArray(v)) {
    push(0x5d, 0x94); // EMPTY_LIST MEMOIZE
    if (v.length === 0) return;
    if (v.length === 1) {
      body(v[0]!, out);
      return push(0x61); // APPEND
    }
    push(0x28); // MARK
    for (const x of v) body(x, out);
    return push(0x65); // APPENDS
  }
  if ('tuple' in v) {
    const t = v.tuple;
    if (t.length === 0) return push(0x29); // EMPTY_TUPLE
    if (t.length <= 3) {
      for (const x of t) body(x, out);
      return push(0x84 + t.length, 0x94); // TUPLE1..3 MEMOIZE
    }
    push(0x28);
    for (const x of t) body(x, out);
    return push(0x74, 0x94); // TUPLE MEMOIZE
  }
  push(0x7d, 0x94); // EMPTY_DICT MEMOIZE
  if (v.dict.length === 0) return;
  if (v.dict.length === 1) {
    body(v.dict[0]![0], out);
    body(v.dict[0]![1], out);
    return push(0x73); // SETITEM
  }
  push(0x28);
  for (const [k, x] of v.dict) {
    body(k, out);
    body(x, out);
  }
  push(0x75); // SETITEMS
}

/** `pickle.dumps(value, protocol)` for the supported subset. */
export function pickle(value: Py, protocol: 4 | 5 = 4): Buffer {
  const b: number[] = [];
  body(value, b);
  b.push(0x2e); // STOP
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(b.length));
  return Buffer.concat([Buffer.from([0x80, protocol, 0x95]), len, Buffer.from(b)]);
}

/** `zlib.compress(data)` as Python writes it (default level: header 0x78 0x9c). */
export function zlibCompress(data: Buffer | string): Buffer {
  return deflateSync(typeof data === 'string' ? Buffer.from(data) : data);
}

export const dict = (o: Record<string, Py>): Py => ({ dict: Object.entries(o) });
export const tuple = (...t: Py[]): Py => ({ tuple: t });
