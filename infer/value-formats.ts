/**
 * The value format of sampled values (string values, hash fields, members, stream entry fields), in the
 * language's own terms (spec/language/value-format.ts): the most specific candidate that every sample
 * passes, judged by the same `judgeValue` that `check` uses, so a draft never declares a format its own
 * samples fail. Binary formats are told by their magic bytes: Python pickle (0x80 and a protocol byte),
 * zlib-compressed pickle (a zlib header whose inflated payload is a pickle); JSON gets an inferred JSON
 * Schema, and jsonpickle (a JSON object with `py/object`) the longest common dotted class prefix.
 * Values of two kinds (e.g. a timestamp or the empty string) become `anyOf` of both.
 */
import { inflateSync } from 'node:zlib';
import { judgeValue, type ValueFormat } from '../spec/index.ts';
import { BUILTIN_TYPES } from '../spec/language/placeholder-types.ts';
import { inferJsonSchema } from './json-schema.ts';

/** At most this many distinct values, each seen at least 3 times on average, make an enum. */
export const ENUM_MAX = 12;

const UTF8 = new TextDecoder('utf-8', { fatal: true });

function text(b: Buffer): string | undefined {
  try {
    return UTF8.decode(b);
  } catch {
    return undefined;
  }
}

function isPickle(b: Buffer): boolean {
  return b.length >= 3 && b[0] === 0x80 && b[1]! >= 2 && b[1]! <= 5 && b[b.length - 1] === 0x2e;
}

function isZlibPickle(b: Buffer): boolean {
  if (b.length < 3 || b[0] !== 0x78 || ((b[0]! << 8) | b[1]!) % 31 !== 0) return false;
  try {
    return isPickle(inflateSync(b));
  } catch {
    return false;
  }
}

const EPOCH_S = /^[0-9]{10}(?:\.[0-9]+)?$/;
const EPOCH_MS = /^[0-9]{13}$/;
const INTEGER = /^-?(?:0|[1-9][0-9]*)$/;
const FLOAT = /^-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?$/;

function commonDottedPrefix(names: string[]): string {
  if (!names.length) return '';
  let p = names[0]!;
  for (const n of names) while (!n.startsWith(p)) p = p.slice(0, -1);
  const dot = p.lastIndexOf('.');
  return dot > 0 ? p.slice(0, dot + 1) : '';
}

/** One value's candidate formats, most specific first (each still judged by judgeValue). */
function candidates(b: Buffer): ValueFormat[] {
  if (isZlibPickle(b)) return [{ kind: 'pickle', compression: 'zlib' }, { kind: 'bytes' }];
  if (isPickle(b)) return [{ kind: 'pickle', compression: 'none' }, { kind: 'bytes' }];
  const s = text(b);
  if (s === undefined) return [{ kind: 'bytes' }];
  const out: ValueFormat[] = [];
  if (s === '') return [{ kind: 'empty' }];
  if (s === 'true' || s === 'false') out.push({ kind: 'boolean', true: 'true', false: 'false' });
  if (s === 'True' || s === 'False') out.push({ kind: 'boolean', true: 'True', false: 'False' });
  if (EPOCH_MS.test(s) && Number(s) >= 1e12 && Number(s) < 4.1e12) out.push({ kind: 'epochMillis' });
  if (EPOCH_S.test(s) && Number(s) >= 1e9 && Number(s) < 4.1e9) out.push({ kind: 'epochSeconds' });
  if (INTEGER.test(s) && s.length <= 15) out.push({ kind: 'integer' });
  if (FLOAT.test(s)) out.push({ kind: 'float' });
  out.push({ kind: 'uuid' }, { kind: 'hex32' }, { kind: 'isoDatetime' });
  if (s[0] === '{' || s[0] === '[') {
    try {
      const v = JSON.parse(s) as unknown;
      if (v && typeof v === 'object' && !Array.isArray(v) && typeof (v as Record<string, unknown>)['py/object'] === 'string')
        out.push({ kind: 'jsonpickle' });
      out.push({ kind: 'json' });
    } catch {
      /* not JSON */
    }
  }
  if (s.startsWith('/') && !/\s/.test(s)) out.push({ kind: 'type', type: BUILTIN_TYPES['path']! });
  return out;
}

function key(f: ValueFormat): string {
  return f.kind === 'boolean' ? `boolean:${f.true}` : f.kind === 'pickle' ? `pickle:${f.compression}` : f.kind;
}

/** Fills in the parameters of a format from all the samples of its kind (JSON Schema, jsonpickle prefix). */
function refine(f: ValueFormat, values: Buffer[]): ValueFormat {
  if (f.kind === 'json') {
    const parsed = values.map((v) => JSON.parse(v.toString('utf8')) as unknown);
    return { kind: 'json', schema: inferJsonSchema(parsed) };
  }
  if (f.kind === 'jsonpickle') {
    const names = values.map((v) => String((JSON.parse(v.toString('utf8')) as Record<string, unknown>)['py/object']));
    const prefix = commonDottedPrefix(names);
    return prefix ? { kind: 'jsonpickle', pyObject: prefix } : { kind: 'jsonpickle' };
  }
  return f;
}

function passes(f: ValueFormat, values: Buffer[]): boolean {
  return values.every((v) => judgeValue(f, v) === undefined);
}

/** The format of the samples; `raw` when there are none or nothing more specific fits. */
export function inferValueFormat(values: readonly Buffer[]): ValueFormat {
  if (!values.length) return { kind: 'raw' };
  const all = [...values];
  // The candidates every sample shares, in the first sample's order.
  const per = all.map((v) => new Set(candidates(v).map(key)));
  const first = candidates(all[0]!);
  for (const f of first) {
    if (!per.every((s) => s.has(key(f)))) continue;
    const refined = refine(f, all);
    if (passes(refined, all)) return refined;
  }
  const e = enumOf(all);
  if (e) return e;
  // Two kinds: anyOf of the first candidate of each.
  const kinds = new Map<string, { f: ValueFormat; values: Buffer[] }>();
  for (const v of all) {
    const f = candidates(v).find((c) => judgeValue(c, v) === undefined);
    if (!f) {
      kinds.clear();
      break;
    }
    const k = key(f);
    const g = kinds.get(k) ?? { f, values: [] };
    g.values.push(v);
    kinds.set(k, g);
  }
  if (kinds.size === 2) {
    const formats = [...kinds.values()].map((g) => refine(g.f, g.values));
    const any: ValueFormat = { kind: 'anyOf', formats };
    if (passes(any, all)) return any;
  }
  return all.every((v) => text(v) !== undefined) ? { kind: 'raw' } : { kind: 'bytes' };
}

/** A small closed set of text values (at most ENUM_MAX distinct, each seen 3 times on average). */
export function enumOf(values: readonly Buffer[]): ValueFormat | undefined {
  const set = new Set<string>();
  for (const v of values) {
    const s = text(v);
    if (s === undefined || s.length > 40 || /[\r\n]/.test(s)) return undefined;
    set.add(s);
    if (set.size > ENUM_MAX) return undefined;
  }
  if (set.size < 2 || values.length / set.size < 3) return undefined;
  return { kind: 'enum', values: [...set].sort() };
}

/** A score format for sampled zset scores. */
export function inferScoreFormat(scores: readonly string[]): ValueFormat {
  const bufs = scores.map((s) => Buffer.from(s));
  for (const f of [{ kind: 'epochSeconds' }, { kind: 'epochMillis' }, { kind: 'integer' }] as ValueFormat[]) {
    if (
      f.kind !== 'integer' &&
      !scores.every((s) => (f.kind === 'epochSeconds' ? Number(s) >= 1e9 && Number(s) < 4.1e9 : Number(s) >= 1e12 && Number(s) < 4.1e12))
    )
      continue;
    if (passes(f, bufs)) return f;
  }
  return { kind: 'float' };
}
