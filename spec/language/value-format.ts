/**
 * Value formats of string values, hash fields, list/set/zset members and pub/sub messages: parsing the
 * YAML forms into the model, and judging a concrete value against a format.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { closest } from './schema-check.ts';
import type { Pattern, PlaceholderType, ValueFormat } from './model.ts';
import { EPOCH_MILLIS_REGEX, EPOCH_SECONDS_REGEX, HEX32_REGEX, INTEGER_REGEX, ISO_DATETIME_REGEX, UUID_REGEX } from './format-regexes.ts';
import { matchesRegex } from './linear-match.ts';
import { matchPattern } from './pattern.ts';
import { matchesType, regexProblem } from './placeholder-types.ts';
import { jsonSchemaMetaValidator } from './precompiled-validators.ts';

export const FORMAT_NAMES = [
  'raw',
  'integer',
  'float',
  'epochSeconds',
  'epochMillis',
  'isoDatetime',
  'boolean',
  'json',
  'jsonpickle',
  'pickle',
  'bytes',
  'uuid',
  'hex32',
  'text',
  'empty',
] as const;

export interface FormatProblem {
  path: (string | number)[];
  message: string;
  rule: 'KS181' | 'KS182' | 'KS110' | 'KS114' | 'KS117' | 'KS113' | 'KS230';
}

export interface FormatContext {
  resolveType(name: string): PlaceholderType | undefined;
  /** Declared (possibly broken, and then already reported) types are not "undefined". */
  isDeclared?(name: string): boolean;
  compileTemplate(text: string, path: (string | number)[]): Pattern | undefined;
}

// Schemas are checked against the meta-schema first (precompiled), so compiling them skips that step.
const ajv = new Ajv2020({ allErrors: false, strict: false, allowUnionTypes: true, validateSchema: false });

/**
 * Why an embedded JSON Schema is not a valid 2020-12 schema, said in its own terms, and where in it
 * (a path inside the schema, for the diagnostic's position); undefined when it is valid.
 */
export function jsonSchemaProblem(schema: object | boolean): { message: string; path: (string | number)[] } | undefined {
  const meta = jsonSchemaMetaValidator();
  if (!meta(schema)) return describeMetaErrors(schema, meta.errors ?? []);
  try {
    ajv.compile(schema as object);
    return undefined;
  } catch (e) {
    return { message: (e as Error).message, path: [] };
  }
}

const JSON_TYPES = ['array', 'boolean', 'integer', 'null', 'number', 'object', 'string'];

function describeMetaErrors(schema: unknown, errors: readonly ErrorObject[]): { message: string; path: (string | number)[] } {
  // The deepest node the meta-schema rejected; of its errors, the most telling one.
  const deepest = errors.reduce((a, e) => (e.instancePath.length > a.instancePath.length ? e : a), errors[0]!);
  const here = errors.filter((e) => e.instancePath === deepest.instancePath);
  const path = deepest.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  const keyword = String(path[path.length - 1] ?? 'schema');
  const e = here.find((x) => x.keyword === 'enum') ?? here.find((x) => x.keyword !== 'anyOf') ?? deepest;
  const value = path.reduce<unknown>(
    (node, seg) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[seg] : undefined),
    schema,
  );
  const got = JSON.stringify(value);
  let message: string;
  if (keyword === 'type' && e.keyword === 'enum') {
    const guess = typeof value === 'string' ? closest(value, JSON_TYPES) : undefined;
    message = `\`type: ${got}\` is not a JSON Schema type (use ${JSON_TYPES.join(', ')}, or a list of them)${guess ? `; did you mean '${guess}'?` : ''}`;
  } else if (e.keyword === 'minimum' || e.keyword === 'maximum') {
    const { comparison, limit } = e.params as { comparison: string; limit: number };
    message = `\`${keyword}\` must be ${comparison} ${limit}, got ${got}`;
  } else if (e.keyword === 'type') {
    message = `\`${keyword}\` must be ${(e.params as { type: string }).type === 'array' ? 'a list' : `of type ${(e.params as { type: string }).type}`}, got ${got}`;
  } else {
    message = `\`${keyword}\` ${e.message ?? 'is invalid'}`;
  }
  return { message: `invalid JSON Schema: ${message}`, path };
}

/** Converts a structurally valid raw format to the model. */
export function parseFormat(raw: unknown, ctx: FormatContext, problems: FormatProblem[], base: (string | number)[] = []): ValueFormat {
  if (typeof raw === 'string') {
    switch (raw) {
      case 'boolean':
        return { kind: 'boolean', true: 'true', false: 'false' };
      case 'pickle':
        return { kind: 'pickle', compression: 'none' };
      case 'raw':
      case 'integer':
      case 'float':
      case 'epochSeconds':
      case 'epochMillis':
      case 'isoDatetime':
      case 'json':
      case 'jsonpickle':
      case 'bytes':
      case 'uuid':
      case 'hex32':
      case 'text':
      case 'empty':
        return { kind: raw } as ValueFormat;
      default:
        problems.push({ path: base, message: `unknown format '${raw}'`, rule: 'KS182' });
        return { kind: 'raw' };
    }
  }
  const o = (raw ?? {}) as Record<string, unknown>;
  const [key] = Object.keys(o);
  const v = key === undefined ? undefined : o[key];
  const at = [...base, key ?? ''];
  switch (key) {
    case 'integer':
    case 'float': {
      const r = (v ?? {}) as { min?: number; max?: number };
      if (r.min !== undefined && r.max !== undefined && r.min > r.max)
        problems.push({ path: at, message: `min ${r.min} is greater than max ${r.max}`, rule: 'KS182' });
      return { kind: key, ...(r.min !== undefined ? { min: r.min } : {}), ...(r.max !== undefined ? { max: r.max } : {}) };
    }
    case 'boolean': {
      const r = v as { true: string; false: string };
      if (r.true === r.false) problems.push({ path: at, message: 'the true and false strings must differ', rule: 'KS182' });
      return { kind: 'boolean', true: r.true, false: r.false };
    }
    case 'enum': {
      if (typeof v === 'string') {
        const t = ctx.resolveType(v);
        if (!t) {
          if (!ctx.isDeclared?.(v)) problems.push({ path: at, message: `undefined type '${v}'`, rule: 'KS110' });
          return { kind: 'enum', values: [] };
        }
        if (t.kind !== 'enum') problems.push({ path: at, message: `type '${v}' is not an enum`, rule: 'KS182' });
        return { kind: 'enum', values: t.values ?? [] };
      }
      const values = (Array.isArray(v) ? v : []).map(String);
      if (values.length === 0) problems.push({ path: at, message: 'an enum needs at least one value', rule: 'KS117' });
      return { kind: 'enum', values };
    }
    case 'json': {
      const schema = (v as { schema?: object | boolean } | undefined)?.schema;
      if (schema !== undefined) {
        const p = jsonSchemaProblem(schema);
        if (p) problems.push({ path: [...at, 'schema', ...p.path], message: p.message, rule: 'KS181' });
        return { kind: 'json', schema };
      }
      return { kind: 'json' };
    }
    case 'jsonpickle': {
      const py = (v as { pyObject?: string } | undefined)?.pyObject;
      return { kind: 'jsonpickle', ...(py !== undefined ? { pyObject: py } : {}) };
    }
    case 'pickle':
      return { kind: 'pickle', compression: (v as { compression?: 'none' | 'zlib' } | undefined)?.compression ?? 'none' };
    case 'regex': {
      const p = regexProblem(String(v));
      if (p) problems.push({ path: at, message: `invalid regex: ${p}`, rule: 'KS114' });
      return { kind: 'regex', regex: String(v) };
    }
    case 'type': {
      const t = ctx.resolveType(String(v));
      if (!t) {
        if (!ctx.isDeclared?.(String(v))) problems.push({ path: at, message: `undefined type '${String(v)}'`, rule: 'KS110' });
        return { kind: 'raw' };
      }
      return { kind: 'type', type: t };
    }
    case 'template': {
      const pattern = ctx.compileTemplate(String(v), at);
      return pattern ? { kind: 'template', pattern } : { kind: 'raw' };
    }
    case 'anyOf':
      return { kind: 'anyOf', formats: (Array.isArray(v) ? v : []).map((x, i) => parseFormat(x, ctx, problems, [...at, i])) };
    case 'encoded':
      return parseEncoded(v as RawEncoded, ctx, problems, at);
    case 'ref': {
      // Resolved (key id, placeholder, the value's own format) once every key is known (build/key-refs.ts).
      const r = typeof v === 'string' ? { key: v } : (v as { key: string; by?: string; whole?: boolean });
      return { kind: 'ref', key: r.key, by: r.whole ? '' : (r.by ?? '?'), format: { kind: 'raw' } };
    }
    default:
      problems.push({ path: base, message: 'a format object has exactly one key', rule: 'KS182' });
      return { kind: 'raw' };
  }
}

interface RawEncoded {
  multiplier: number;
  high?: { name?: string; format?: unknown };
  low?: { name?: string; format?: unknown };
}

/** The largest integer a double (a zset score) holds exactly. */
const MAX_EXACT = Number.MAX_SAFE_INTEGER;

/** Can a format's values be judged as the decimal text of an integer part? */
function integerValued(f: ValueFormat): boolean {
  switch (f.kind) {
    case 'integer':
    case 'epochSeconds':
    case 'epochMillis':
      return true;
    case 'type':
      return f.type.kind === 'integer';
    case 'enum':
      return f.values.length > 0 && f.values.every((x) => /^-?[0-9]+$/.test(x));
    default:
      return false;
  }
}

function parseEncoded(r: RawEncoded, ctx: FormatContext, problems: FormatProblem[], at: (string | number)[]): ValueFormat {
  const part = (which: 'high' | 'low'): { name: string; format: ValueFormat } => {
    const raw = r[which] ?? {};
    const format =
      raw.format === undefined
        ? ({ kind: 'integer', min: 0 } as ValueFormat)
        : parseFormat(raw.format, ctx, problems, [...at, which, 'format']);
    if (!integerValued(format))
      problems.push({
        path: [...at, which, 'format'],
        message: `the ${which} part of an encoded number must be an integer format (integer, epochSeconds, epochMillis, an integer type or an enum of integers), got ${describeFormat(format)}`,
        rule: 'KS230',
      });
    return { name: raw.name ?? which, format };
  };
  const high = part('high');
  const low = part('low');
  const m = r.multiplier;
  if (high.name === low.name) problems.push({ path: [...at, 'low', 'name'], message: `both parts are named '${low.name}'`, rule: 'KS230' });
  if (low.format.kind === 'integer') {
    if (low.format.max !== undefined && low.format.max >= m)
      problems.push({
        path: [...at, 'low', 'format'],
        message: `the low part may reach ${low.format.max}, but it must stay below the multiplier ${m} (else it carries into the high part)`,
        rule: 'KS230',
      });
    if (low.format.min !== undefined && low.format.min < 0)
      problems.push({
        path: [...at, 'low', 'format'],
        message: `the low part must not be negative (min ${low.format.min})`,
        rule: 'KS230',
      });
  }
  // epochMillis * 4096 (BullMQ) stays below 2^53 until 2039: only a declared integer max is judged here.
  const highMax = high.format.kind === 'integer' ? high.format.max : undefined;
  if (highMax !== undefined && highMax * m + (m - 1) > MAX_EXACT)
    problems.push({
      path: [...at, 'multiplier'],
      message: `${highMax} * ${m} exceeds 2^53: such a number is not held exactly by a zset score (a double)`,
      rule: 'KS230',
    });
  return { kind: 'encoded', multiplier: m, high, low };
}

/** The parts of an encoded number, or why it is not one. */
export function decodeParts(f: Extract<ValueFormat, { kind: 'encoded' }>, text: string): { high: number; low: number } | string {
  const n = Number(text);
  // Redis prints a score that is an integer below 2^53 as its decimal digits.
  if (!/^-?[0-9]+$/.test(text) || !Number.isSafeInteger(n)) return `not an integer below 2^53: ${clip(text)}`;
  const high = Math.floor(n / f.multiplier);
  return { high, low: n - high * f.multiplier };
}

/** The values a format allows when it is a closed set (an enum, an enum type, a boolean). */
export function closedValues(f: ValueFormat): string[] | undefined {
  if (f.kind === 'enum') return f.values;
  if (f.kind === 'type' && f.type.kind === 'enum') return f.type.values ?? [];
  if (f.kind === 'boolean') return [f.true, f.false];
  return undefined;
}

/** Short human description, e.g. `epoch seconds`, `enum: 10 | 20`. */
export function describeFormat(f: ValueFormat): string {
  switch (f.kind) {
    case 'raw':
      return 'raw text';
    case 'text':
      return 'free text';
    case 'integer':
      return `integer${f.min !== undefined ? ` ≥ ${f.min}` : ''}${f.max !== undefined ? ` ≤ ${f.max}` : ''}`;
    case 'float':
      return 'number';
    case 'epochSeconds':
      return 'epoch seconds';
    case 'epochMillis':
      return 'epoch milliseconds';
    case 'isoDatetime':
      return 'ISO-8601 datetime';
    case 'boolean':
      return `boolean ('${f.true}' / '${f.false}')`;
    case 'enum':
      return `enum: ${f.values.map((v) => `'${v}'`).join(' | ')}`;
    case 'json':
      return f.schema !== undefined ? 'JSON (with schema)' : 'JSON';
    case 'jsonpickle':
      return f.pyObject ? `jsonpickle (py/object ${f.pyObject}…)` : 'jsonpickle';
    case 'pickle':
      return f.compression === 'zlib' ? 'Python pickle, zlib-compressed' : 'Python pickle';
    case 'bytes':
      return 'opaque bytes';
    case 'uuid':
      return 'UUID';
    case 'hex32':
      return '32 hex digits';
    case 'regex':
      return `text matching /${f.regex}/`;
    case 'type':
      return `a ${f.type.name}`;
    case 'template':
      return `\`${f.pattern.text}\``;
    case 'empty':
      return 'empty string';
    case 'anyOf':
      return f.formats.map(describeFormat).join(' or ');
    case 'encoded':
      return `${f.high.name} * ${f.multiplier} + ${f.low.name} (${f.high.name}: ${describeFormat(f.high.format)}; ${f.low.name}: ${describeFormat(f.low.format)})`;
    case 'ref':
      return f.by ? `the {${f.by}} of a ${f.key} key` : `the name of a ${f.key} key`;
  }
}

const whole = (source: string): RegExp => new RegExp(`^(?:${source})$`);
const ISO = whole(ISO_DATETIME_REGEX);
const UUID_RE = whole(UUID_REGEX);
const HEX32_RE = whole(HEX32_REGEX);
const EPOCH_SECONDS_RE = whole(EPOCH_SECONDS_REGEX);
const EPOCH_MILLIS_RE = whole(EPOCH_MILLIS_REGEX);
const INTEGER_RE = whole(INTEGER_REGEX);

/** Is an ISO-8601 datetime text a real date (the regex admits e.g. month 13)? */
export function isRealDate(s: string): boolean {
  return !Number.isNaN(Date.parse(s.replace(' ', 'T')));
}
const jsonValidators = new WeakMap<object, ValidateFunction>();

/**
 * Judges a concrete value (as Redis returns it, bytes) against a format. Returns undefined when it
 * conforms, else a short reason.
 */
export function judgeValue(f: ValueFormat, value: Buffer): string | undefined {
  switch (f.kind) {
    case 'raw':
    case 'bytes':
    case 'text':
      return undefined;
    case 'empty':
      return value.length === 0 ? undefined : 'expected an empty string';
    case 'anyOf': {
      const reasons = f.formats.map((x) => judgeValue(x, value));
      return reasons.some((r) => r === undefined) ? undefined : reasons.join('; and ');
    }
    case 'ref':
      return judgeValue(f.format, value);
    case 'encoded': {
      const parts = decodeParts(f, value.toString('utf8'));
      if (typeof parts === 'string') return parts;
      const hi = judgeValue(f.high.format, Buffer.from(String(parts.high)));
      if (hi) return `${f.high.name} (${parts.high}): ${hi}`;
      const lo = judgeValue(f.low.format, Buffer.from(String(parts.low)));
      return lo ? `${f.low.name} (${parts.low}): ${lo}` : undefined;
    }
    case 'pickle': {
      if (f.compression === 'zlib') {
        // zlib streams start with a CMF byte of 0x78 (deflate, 32K window) and a check-summed FLG byte.
        if (value.length < 2 || value[0] !== 0x78 || ((value[0] << 8) | value[1]!) % 31 !== 0) return 'not zlib-compressed data';
        return undefined;
      }
      // Protocol 2+ pickles start with PROTO (0x80) and end with STOP ('.').
      if (value.length < 2 || value[0] !== 0x80 || value[value.length - 1] !== 0x2e) return 'not a Python pickle (protocol 2+)';
      return undefined;
    }
    default:
      break;
  }
  const s = value.toString('utf8');
  switch (f.kind) {
    case 'integer': {
      if (!INTEGER_RE.test(s)) return `not an integer: ${clip(s)}`;
      const n = Number(s);
      if (f.min !== undefined && n < f.min) return `${n} is below ${f.min}`;
      if (f.max !== undefined && n > f.max) return `${n} is above ${f.max}`;
      return undefined;
    }
    case 'float': {
      // Redis prints infinite zset scores as inf / -inf.
      if (/^[+-]?inf$/i.test(s)) return undefined;
      if (s.trim() === '' || !Number.isFinite(Number(s))) return `not a number: ${clip(s)}`;
      return undefined;
    }
    case 'epochSeconds':
      return EPOCH_SECONDS_RE.test(s) ? undefined : `not epoch seconds: ${clip(s)}`;
    case 'epochMillis':
      return EPOCH_MILLIS_RE.test(s) ? undefined : `not epoch milliseconds: ${clip(s)}`;
    case 'isoDatetime':
      return ISO.test(s) && isRealDate(s) ? undefined : `not an ISO-8601 datetime: ${clip(s)}`;
    case 'boolean':
      return s === f.true || s === f.false ? undefined : `expected '${f.true}' or '${f.false}', got ${clip(s)}`;
    case 'enum':
      return f.values.includes(s) ? undefined : `${clip(s)} is not one of ${f.values.join(', ')}`;
    case 'uuid':
      return UUID_RE.test(s) ? undefined : `not a UUID: ${clip(s)}`;
    case 'hex32':
      return HEX32_RE.test(s) ? undefined : `not 32 hex digits: ${clip(s)}`;
    case 'regex':
      return matchesRegex(f.regex, s) ? undefined : `${clip(s)} does not match /${f.regex}/`;
    case 'type':
      return matchesType(f.type, s) ? undefined : `${clip(s)} is not a ${f.type.name}`;
    case 'template':
      return matchPattern(f.pattern, s) ? undefined : `${clip(s)} does not match \`${f.pattern.text}\``;
    case 'json':
    case 'jsonpickle': {
      let parsed: unknown;
      try {
        parsed = JSON.parse(s);
      } catch {
        return `not valid JSON: ${clip(s)}`;
      }
      if (f.kind === 'jsonpickle') {
        if (f.pyObject !== undefined) {
          const cls = parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>)['py/object'] : undefined;
          if (typeof cls !== 'string' || !cls.startsWith(f.pyObject))
            return `jsonpickle py/object is ${JSON.stringify(cls)}, expected a class under ${f.pyObject}`;
        }
        return undefined;
      }
      if (f.schema !== undefined && typeof f.schema === 'object') {
        let v = jsonValidators.get(f.schema);
        if (!v) {
          v = ajv.compile(f.schema);
          jsonValidators.set(f.schema, v);
        }
        if (!v(parsed))
          return `JSON does not match its schema: ${v.errors?.[0]?.instancePath || '/'} ${v.errors?.[0]?.message ?? ''}`.trim();
      } else if (f.schema === false) {
        return 'no JSON value is allowed (schema: false)';
      }
      return undefined;
    }
  }
}

function clip(s: string): string {
  return JSON.stringify(s.length > 60 ? `${s.slice(0, 57)}...` : s);
}
