/**
 * Value codecs: a declared value format between the typed value of the client and the bytes Redis
 * stores. Encoding validates (a value that does not fit is rejected before anything is sent).
 */
import type { CodecDesc, KeyDesc } from './descriptor-types.js';
import { KeyspecValueError } from './errors.js';
import { enumSet, whole } from './regex.js';

export type Encoded = string | Buffer;

export function encodeValue(c: CodecDesc, value: unknown, what: string): Encoded {
  switch (c.kind) {
    case 'string':
      if (typeof value !== 'string')
        throw new KeyspecValueError(`${what}: expected a string (${c.format}), got ${typeof value}`);
      if (c.regex !== undefined && !whole(c.regex).test(value))
        throw new KeyspecValueError(`${what}: ${JSON.stringify(value)} is not ${c.format}`);
      return value;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value))
        throw new KeyspecValueError(`${what}: expected an integer (${c.format}), got ${JSON.stringify(value)}`);
      if ((c.min !== undefined && value < c.min) || (c.max !== undefined && value > c.max))
        throw new KeyspecValueError(`${what}: ${value} is out of range`);
      return String(value);
    case 'float':
      if (typeof value !== 'number' || Number.isNaN(value))
        throw new KeyspecValueError(`${what}: expected a number (${c.format}), got ${JSON.stringify(value)}`);
      return value === Infinity ? 'inf' : value === -Infinity ? '-inf' : String(value);
    case 'boolean':
      if (typeof value !== 'boolean')
        throw new KeyspecValueError(`${what}: expected a boolean, got ${JSON.stringify(value)}`);
      return value ? c.true : c.false;
    case 'enum':
      if (typeof value !== 'string' || !enumSet(c.values).has(value))
        throw new KeyspecValueError(`${what}: ${JSON.stringify(value)} is not one of ${c.values.join(', ')}`);
      return value;
    case 'json':
      return JSON.stringify(value);
    case 'buffer':
      if (!Buffer.isBuffer(value)) throw new KeyspecValueError(`${what}: expected a Buffer (${c.format})`);
      return value;
    case 'union': {
      const errors: string[] = [];
      for (const x of c.of) {
        try {
          return encodeValue(x, value, what);
        } catch (e) {
          errors.push((e as Error).message);
        }
      }
      throw new KeyspecValueError(errors.join('; '));
    }
  }
}

export function decodeValue(c: CodecDesc, raw: Buffer | string, what: string): unknown {
  if (c.kind === 'buffer') return typeof raw === 'string' ? Buffer.from(raw) : raw;
  const s = typeof raw === 'string' ? raw : raw.toString('utf8');
  switch (c.kind) {
    case 'string':
      return s;
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
