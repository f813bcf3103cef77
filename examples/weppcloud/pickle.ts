/**
 * A small Python pickler for the values the reference workload stores: what `pickle.dumps` writes for
 * None, bool, int, float, str, bytes, list, tuple and dict (protocol 4 or 5, framed like CPython).
 * Flask-Session stores `pickle.dumps(dict(session))`; python-rq stores `zlib.compress(pickle.dumps(
 * (func, instance, args, kwargs), HIGHEST_PROTOCOL))` in `data` and `pickle.dumps(meta)` in `meta`.
 */
import { deflateSync } from 'node:zlib';

export type PyValue =
  | null
  | boolean
  | number
  | string
  | Buffer
  | readonly PyValue[]
  | { readonly tuple: readonly PyValue[] }
  | { readonly dict: readonly (readonly [string, PyValue])[] }
  | { readonly float: number };

/** A Python dict with string keys, in insertion order. */
export const pyDict = (o: Readonly<Record<string, PyValue>>): PyValue => ({ dict: Object.entries(o) });
export const pyTuple = (...items: PyValue[]): PyValue => ({ tuple: items });
/** Forces a float even for integral values (`1.0`). */
export const pyFloat = (n: number): PyValue => ({ float: n });

const OP = {
  PROTO: 0x80,
  FRAME: 0x95,
  STOP: 0x2e,
  NONE: 0x4e,
  NEWTRUE: 0x88,
  NEWFALSE: 0x89,
  BININT1: 0x4b,
  BININT2: 0x4d,
  BININT: 0x4a,
  LONG1: 0x8a,
  BINFLOAT: 0x47,
  SHORT_BINUNICODE: 0x8c,
  BINUNICODE: 0x58,
  SHORT_BINBYTES: 0x43,
  BINBYTES: 0x42,
  EMPTY_LIST: 0x5d,
  APPEND: 0x61,
  APPENDS: 0x65,
  EMPTY_TUPLE: 0x29,
  TUPLE1: 0x85,
  TUPLE: 0x74,
  EMPTY_DICT: 0x7d,
  SETITEM: 0x73,
  SETITEMS: 0x75,
  MARK: 0x28,
  MEMOIZE: 0x94,
} as const;

class Writer {
  private readonly chunks: Buffer[] = [];
  byte(...b: number[]): void {
    this.chunks.push(Buffer.from(b));
  }
  raw(b: Buffer): void {
    this.chunks.push(b);
  }
  u32(n: number): void {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(n);
    this.raw(b);
  }
  result(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

function isTuple(v: PyValue): v is { readonly tuple: readonly PyValue[] } {
  return typeof v === 'object' && v !== null && !Buffer.isBuffer(v) && !Array.isArray(v) && 'tuple' in v;
}
function isDict(v: PyValue): v is { readonly dict: readonly (readonly [string, PyValue])[] } {
  return typeof v === 'object' && v !== null && !Buffer.isBuffer(v) && !Array.isArray(v) && 'dict' in v;
}

function writeInt(w: Writer, n: number): void {
  if (n >= 0 && n < 0x100) return w.byte(OP.BININT1, n);
  if (n >= 0 && n < 0x10000) return w.byte(OP.BININT2, n & 0xff, n >>> 8);
  if (n >= -0x80000000 && n < 0x80000000) {
    const b = Buffer.alloc(4);
    b.writeInt32LE(n);
    w.byte(OP.BININT);
    return w.raw(b);
  }
  // LONG1: little-endian two's complement, minimal length.
  let big = BigInt(n);
  const bytes: number[] = [];
  const negative = big < 0n;
  while (true) {
    const byte = Number(big & 0xffn);
    bytes.push(byte);
    big >>= 8n;
    if ((big === 0n && !negative && (byte & 0x80) === 0) || (big === -1n && negative && (byte & 0x80) !== 0)) break;
  }
  w.byte(OP.LONG1, bytes.length, ...bytes);
}

function writeFloat(w: Writer, n: number): void {
  const b = Buffer.alloc(8);
  b.writeDoubleBE(n);
  w.byte(OP.BINFLOAT);
  w.raw(b);
}

function body(w: Writer, v: PyValue): void {
  if (v === null) return w.byte(OP.NONE);
  if (v === true) return w.byte(OP.NEWTRUE);
  if (v === false) return w.byte(OP.NEWFALSE);
  if (typeof v === 'number') return Number.isInteger(v) ? writeInt(w, v) : writeFloat(w, v);
  if (typeof v === 'string') {
    const s = Buffer.from(v, 'utf8');
    if (s.length < 0x100) w.byte(OP.SHORT_BINUNICODE, s.length);
    else {
      w.byte(OP.BINUNICODE);
      w.u32(s.length);
    }
    w.raw(s);
    return w.byte(OP.MEMOIZE);
  }
  if (Buffer.isBuffer(v)) {
    if (v.length < 0x100) w.byte(OP.SHORT_BINBYTES, v.length);
    else {
      w.byte(OP.BINBYTES);
      w.u32(v.length);
    }
    w.raw(v);
    return w.byte(OP.MEMOIZE);
  }
  if (Array.isArray(v)) {
    const items = v as readonly PyValue[];
    w.byte(OP.EMPTY_LIST, OP.MEMOIZE);
    if (items.length === 1) {
      body(w, items[0]!);
      w.byte(OP.APPEND);
    } else if (items.length > 1) {
      w.byte(OP.MARK);
      for (const x of items) body(w, x);
      w.byte(OP.APPENDS);
    }
    return;
  }
  if (isTuple(v)) {
    const t = v.tuple;
    if (t.length === 0) return w.byte(OP.EMPTY_TUPLE);
    if (t.length <= 3) {
      for (const x of t) body(w, x);
      return w.byte(OP.TUPLE1 + t.length - 1, OP.MEMOIZE);
    }
    w.byte(OP.MARK);
    for (const x of t) body(w, x);
    return w.byte(OP.TUPLE, OP.MEMOIZE);
  }
  if (isDict(v)) {
    w.byte(OP.EMPTY_DICT, OP.MEMOIZE);
    if (v.dict.length === 1) {
      body(w, v.dict[0]![0]);
      body(w, v.dict[0]![1]);
      w.byte(OP.SETITEM);
    } else if (v.dict.length > 1) {
      w.byte(OP.MARK);
      for (const [k, x] of v.dict) {
        body(w, k);
        body(w, x);
      }
      w.byte(OP.SETITEMS);
    }
    return;
  }
  return writeFloat(w, (v as { readonly float: number }).float);
}

/** `pickle.dumps(value, protocol)`. */
export function pickleDumps(value: PyValue, protocol: 4 | 5 = 4): Buffer {
  const w = new Writer();
  body(w, value);
  w.byte(OP.STOP);
  const payload = w.result();
  const head = Buffer.from([OP.PROTO, protocol]);
  // CPython frames anything of at least 4 bytes (the STOP opcode is inside the frame).
  if (payload.length < 4) return Buffer.concat([head, payload]);
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(payload.length));
  return Buffer.concat([head, Buffer.from([OP.FRAME]), len, payload]);
}

/** `zlib.compress(data)` with Python's default level (header 0x78 0x9c). */
export function zlibCompress(data: Buffer | string): Buffer {
  return deflateSync(typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
}
