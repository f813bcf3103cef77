/**
 * Value codecs: a declared value format between the typed value of the client and the bytes Redis
 * stores. Encoding validates: the typed value first, then the encoded text with `storedValueError`,
 * the runtime's copy of `judgeValue` (spec/language/value-format.ts), so the client writes exactly what
 * `keyspec check` accepts (generator/runtime-parity.test.ts feeds both the same cases).
 */
import type { CodecDesc, KeyDesc } from './descriptor-types.js';
import { KeyspecValueError } from './errors.js';
import { schemaError } from './json-schema.js';
import { parseName } from './names.js';
import { enumSet, whole } from './regex.js';

export type Encoded = string | Buffer;

const INTEGER = '-?[0-9]+';

/** Why stored bytes do not fit a codec's format (as `keyspec check` judges them), or undefined. */
export function storedValueError(c: CodecDesc, raw: Encoded): string | undefined {
  if (c.kind === 'union')
    return c.of.some((x) => storedValueError(x, raw) === undefined)
      ? undefined
      : c.of.map((x) => storedValueError(x, raw)).join('; and ');
  if (c.kind === 'buffer') {
    const b = typeof raw === 'string' ? Buffer.from(raw) : raw;
    if (c.magic === 'zlib' && (b.length < 2 || b[0] !== 0x78 || ((b[0] << 8) | b[1]!) % 31 !== 0))
      return 'not zlib-compressed data';
    if (c.magic === 'pickle' && (b.length < 2 || b[0] !== 0x80 || b[b.length - 1] !== 0x2e))
      return 'not a Python pickle (protocol 2+)';
    return undefined;
  }
  const s = typeof raw === 'string' ? raw : raw.toString('utf8');
  switch (c.kind) {
    case 'encoded': {
      const parts = splitEncoded(c, s);
      if (typeof parts === 'string') return parts;
      const hi = storedValueError(c.high.codec, String(parts.high));
      if (hi !== undefined) return `${c.high.name} (${parts.high}): ${hi}`;
      const lo = storedValueError(c.low.codec, String(parts.low));
      return lo === undefined ? undefined : `${c.low.name} (${parts.low}): ${lo}`;
    }
    case 'string':
      if (c.regex !== undefined && !whole(c.regex).test(s)) return `${clip(s)} is not ${c.format}`;
      return stringTextError(c, s);
    case 'integer': {
      if (!whole(INTEGER).test(s) || (c.regex !== undefined && !whole(c.regex).test(s)))
        return `not an integer: ${clip(s)}`;
      const n = Number(s);
      if (c.min !== undefined && n < c.min) return `${n} is below ${c.min}`;
      if (c.max !== undefined && n > c.max) return `${n} is above ${c.max}`;
      return undefined;
    }
    case 'float':
      if (c.regex !== undefined) return whole(c.regex).test(s) ? undefined : `not ${c.format}: ${clip(s)}`;
      if (/^[+-]?inf$/i.test(s)) return undefined;
      return s.trim() === '' || !Number.isFinite(Number(s)) ? `not a number: ${clip(s)}` : undefined;
    case 'boolean':
      return s === c.true || s === c.false ? undefined : `expected '${c.true}' or '${c.false}', got ${clip(s)}`;
    case 'enum':
      return enumSet(c.values).has(s) ? undefined : `${clip(s)} is not one of ${c.values.join(', ')}`;
    case 'json': {
      let parsed: unknown;
      try {
        parsed = JSON.parse(s);
      } catch {
        return `not valid JSON: ${clip(s)}`;
      }
      if (c.schema === undefined) return undefined;
      const e = schemaError(c.schema, parsed);
      return e === undefined ? undefined : `JSON does not match its schema: ${e}`;
    }
  }
}

/** The parts of an encoded number's text (as `decodeParts` in spec/language/value-format.ts), or why it is none. */
function splitEncoded(c: Extract<CodecDesc, { kind: 'encoded' }>, s: string): { high: number; low: number } | string {
  const n = Number(s);
  if (!/^-?[0-9]+$/.test(s) || !Number.isSafeInteger(n)) return `not an integer below 2^53: ${clip(s)}`;
  const high = Math.floor(n / c.multiplier);
  return { high, low: n - high * c.multiplier };
}

/** An encoded number from its typed parts: each checked by its codec, `0 <= low < multiplier`, below 2^53. */
function encodeParts(c: Extract<CodecDesc, { kind: 'encoded' }>, value: unknown, what: string): string {
  if (value === null || typeof value !== 'object') {
    const want = `{ ${c.high.name}, ${c.low.name} } (${c.format})`;
    throw new KeyspecValueError(`${what}: expected ${want}, got ${show(value)}`);
  }
  const v = value as Record<string, unknown>;
  const high = Number(encodeValue(c.high.codec, v[c.high.name], `${what} ${c.high.name}`));
  const low = Number(encodeValue(c.low.codec, v[c.low.name], `${what} ${c.low.name}`));
  if (low < 0 || low >= c.multiplier)
    throw new KeyspecValueError(`${what}: ${c.low.name} ${low} is not in 0..${c.multiplier - 1}`);
  const n = high * c.multiplier + low;
  if (!Number.isSafeInteger(n))
    throw new KeyspecValueError(`${what}: ${high} * ${c.multiplier} + ${low} is not below 2^53`);
  return String(n);
}

/** What `storedValueError` judges of a string codec's text beyond its regex. */
function stringTextError(c: Extract<CodecDesc, { kind: 'string' }>, s: string): string | undefined {
  if (c.isoDatetime && Number.isNaN(Date.parse(s.replace(' ', 'T')))) return `${clip(s)} is not ${c.format}`;
  if (c.template && !parseName(c.template, s)) return `${clip(s)} does not match ${c.format}`;
  if (c.jsonpickle) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(s);
    } catch {
      return `not valid JSON: ${clip(s)}`;
    }
    const prefix = c.jsonpickle.pyObject;
    if (prefix !== undefined) {
      const cls = parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>)['py/object'] : undefined;
      if (typeof cls !== 'string' || !cls.startsWith(prefix))
        return `jsonpickle py/object is ${JSON.stringify(cls)}, expected a class under ${prefix}`;
    }
  }
  return undefined;
}

/** A value for an error message (any value: BigInts and functions do not serialise). */
function show(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return typeof value;
  }
}

function clip(s: string): string {
  return JSON.stringify(s.length > 60 ? `${s.slice(0, 57)}...` : s);
}

/** Encodes a typed value; a value whose encoding `keyspec check` would report is rejected. */
export function encodeValue(c: CodecDesc, value: unknown, what: string): Encoded {
  if (c.kind !== 'union') {
    const encoded = encodeTyped(c, value, what);
    const reason = storedValueError(c, encoded);
    if (reason !== undefined) throw new KeyspecValueError(`${what}: ${reason}`);
    return encoded;
  }
  // A union takes the first member encoding whose text fits any member (as check judges anyOf).
  const errors: string[] = [];
  for (const x of c.of) {
    let encoded: Encoded;
    try {
      encoded = x.kind === 'union' ? encodeValue(x, value, what) : encodeTyped(x, value, what);
    } catch (e) {
      errors.push((e as Error).message);
      continue;
    }
    const reason = storedValueError(c, encoded);
    if (reason === undefined) return encoded;
    errors.push(`${what}: ${reason}`);
  }
  throw new KeyspecValueError(errors.join('; '));
}

function encodeTyped(c: CodecDesc, value: unknown, what: string): Encoded {
  switch (c.kind) {
    case 'encoded':
      return encodeParts(c, value, what);
    case 'string':
      if (typeof value !== 'string')
        throw new KeyspecValueError(`${what}: expected a string (${c.format}), got ${typeof value}`);
      if (c.regex !== undefined && !whole(c.regex).test(value))
        throw new KeyspecValueError(`${what}: ${show(value)} is not ${c.format}`);
      return value;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value))
        throw new KeyspecValueError(`${what}: expected an integer (${c.format}), got ${show(value)}`);
      if ((c.min !== undefined && value < c.min) || (c.max !== undefined && value > c.max))
        throw new KeyspecValueError(`${what}: ${value} is out of range`);
      return String(value);
    case 'float':
      if (typeof value !== 'number' || Number.isNaN(value))
        throw new KeyspecValueError(`${what}: expected a number (${c.format}), got ${show(value)}`);
      return value === Infinity ? 'inf' : value === -Infinity ? '-inf' : String(value);
    case 'boolean':
      if (typeof value !== 'boolean') throw new KeyspecValueError(`${what}: expected a boolean, got ${show(value)}`);
      return value ? c.true : c.false;
    case 'enum':
      if (typeof value !== 'string' || !enumSet(c.values).has(value))
        throw new KeyspecValueError(`${what}: ${show(value)} is not one of ${c.values.join(', ')}`);
      return value;
    case 'json': {
      let text: string | undefined;
      try {
        text = JSON.stringify(value);
      } catch (e) {
        throw new KeyspecValueError(`${what}: not JSON-serialisable: ${(e as Error).message}`);
      }
      if (text === undefined) throw new KeyspecValueError(`${what}: not JSON-serialisable: ${typeof value}`);
      return text;
    }
    case 'buffer':
      if (!Buffer.isBuffer(value)) throw new KeyspecValueError(`${what}: expected a Buffer (${c.format})`);
      return value;
    case 'union':
      return encodeValue(c, value, what);
  }
}

/** An encoder compiled from a codec: `encodeValue(c, value, what)` with its decisions taken once. */
export type Encoder = (value: unknown, what: string) => Encoded;

const encoders = new WeakMap<CodecDesc, Encoder>();

/**
 * `encodeValue` for one codec, compiled once (memoised per codec): the regexes and enum sets are looked
 * up once, and the stored-text checks that the typed checks already imply are left out (a string's
 * regex is tested once; a safe integer's decimal text, a float's text, a boolean's and an enum's
 * encodings and a schema-less JSON text always pass them). The same values encode to the same bytes
 * and the same bad values throw the same errors as `encodeValue`.
 */
export function encoderOf(c: CodecDesc): Encoder {
  let e = encoders.get(c);
  if (e === undefined) {
    e = compileEncoder(c);
    encoders.set(c, e);
  }
  return e;
}

function checked(c: CodecDesc, encoded: Encoded, what: string): Encoded {
  const reason = storedValueError(c, encoded);
  if (reason !== undefined) throw new KeyspecValueError(`${what}: ${reason}`);
  return encoded;
}

function compileEncoder(c: CodecDesc): Encoder {
  switch (c.kind) {
    case 'string': {
      const re = c.regex !== undefined ? whole(c.regex) : undefined;
      const more = c.isoDatetime !== undefined || c.template !== undefined || c.jsonpickle !== undefined;
      return (value, what) => {
        if (typeof value !== 'string')
          throw new KeyspecValueError(`${what}: expected a string (${c.format}), got ${typeof value}`);
        if (re !== undefined && !re.test(value))
          throw new KeyspecValueError(`${what}: ${show(value)} is not ${c.format}`);
        if (more) {
          const reason = stringTextError(c, value);
          if (reason !== undefined) throw new KeyspecValueError(`${what}: ${reason}`);
        }
        return value;
      };
    }
    case 'integer': {
      const plain = c.regex === undefined;
      return (value, what) => {
        if (typeof value !== 'number' || !Number.isInteger(value))
          throw new KeyspecValueError(`${what}: expected an integer (${c.format}), got ${show(value)}`);
        if ((c.min !== undefined && value < c.min) || (c.max !== undefined && value > c.max))
          throw new KeyspecValueError(`${what}: ${value} is out of range`);
        const s = String(value);
        // A safe integer prints as `-?[0-9]+` (its range was checked above); larger ones may print `1e+21`.
        return plain && Number.isSafeInteger(value) ? s : checked(c, s, what);
      };
    }
    case 'float':
      if (c.regex !== undefined) return (value, what) => checked(c, encodeTyped(c, value, what), what);
      // Any number but NaN prints as a finite number's text, `inf` or `-inf`: check accepts all of them.
      return (value, what) => encodeTyped(c, value, what);
    case 'boolean':
      // The encoding is one of the codec's own texts.
      return (value, what) => encodeTyped(c, value, what);
    case 'enum': {
      const values = enumSet(c.values);
      return (value, what) => {
        if (typeof value !== 'string' || !values.has(value))
          throw new KeyspecValueError(`${what}: ${show(value)} is not one of ${c.values.join(', ')}`);
        return value;
      };
    }
    case 'json':
      if (c.schema !== undefined) return (value, what) => checked(c, encodeTyped(c, value, what), what);
      // JSON.stringify's text always parses.
      return (value, what) => encodeTyped(c, value, what);
    case 'buffer':
      if (c.magic !== undefined) return (value, what) => checked(c, encodeTyped(c, value, what), what);
      return (value, what) => encodeTyped(c, value, what);
    case 'union':
      return (value, what) => encodeValue(c, value, what);
    case 'encoded':
      // Each part is checked by its own codec; the sum is a safe integer, whose text check accepts.
      return (value, what) => encodeParts(c, value, what);
  }
}

export function decodeValue(c: CodecDesc, raw: Buffer | string, what: string): unknown {
  if (c.kind === 'buffer') return typeof raw === 'string' ? Buffer.from(raw) : raw;
  const s = typeof raw === 'string' ? raw : raw.toString('utf8');
  switch (c.kind) {
    case 'string':
      return s;
    case 'encoded': {
      const parts = splitEncoded(c, s);
      if (typeof parts === 'string') throw new KeyspecValueError(`${what}: stored value ${parts}`);
      return { [c.high.name]: parts.high, [c.low.name]: parts.low };
    }
    case 'integer': {
      if (!/^-?[0-9]+$/.test(s))
        throw new KeyspecValueError(`${what}: stored value ${JSON.stringify(s)} is not an integer`);
      return Number(s);
    }
    case 'float': {
      if (/^[+]?inf$/i.test(s)) return Infinity;
      if (/^-inf$/i.test(s)) return -Infinity;
      const n = Number(s);
      if (s.trim() === '' || Number.isNaN(n))
        throw new KeyspecValueError(`${what}: stored value ${JSON.stringify(s)} is not a number`);
      return n;
    }
    case 'boolean':
      if (s === c.true) return true;
      if (s === c.false) return false;
      throw new KeyspecValueError(`${what}: stored value ${JSON.stringify(s)} is neither '${c.true}' nor '${c.false}'`);
    case 'enum':
      if (!c.values.includes(s))
        throw new KeyspecValueError(`${what}: stored value ${JSON.stringify(s)} is not one of ${c.values.join(', ')}`);
      return s;
    case 'json':
      try {
        return JSON.parse(s) as unknown;
      } catch {
        throw new KeyspecValueError(`${what}: stored value is not JSON`);
      }
    case 'union': {
      for (const x of c.of) {
        try {
          return decodeValue(x, raw, what);
        } catch {
          // try the next one
        }
      }
      throw new KeyspecValueError(`${what}: stored value ${JSON.stringify(s.slice(0, 60))} fits none of its formats`);
    }
  }
}

/** Does this codec decode to a Buffer (so values must be read as bytes, not text)? */
export function hasBuffer(c: CodecDesc | undefined): boolean {
  return c !== undefined && (c.kind === 'buffer' || (c.kind === 'union' && c.of.some(hasBuffer)));
}

const binaryCache = new WeakMap<KeyDesc, boolean>();

/** Does any value of this key decode to a Buffer? */
export function isBinary(desc: KeyDesc): boolean {
  let b = binaryCache.get(desc);
  if (b === undefined) {
    b = hasBuffer(desc.value) || hasBuffer(desc.member) || (desc.fields ?? []).some((f) => hasBuffer(f.codec));
    binaryCache.set(desc, b);
  }
  return b;
}
