/**
 * Model -> descriptor values: the plain data the runtime interprets (pattern parts, codecs, TTL
 * policies), as code values that may refer to other emitted constants by name.
 */
import type { Pattern, PlaceholderType, TtlPolicy, ValueFormat } from '../../spec/index.ts';
import {
  describeFormat,
  EPOCH_MILLIS_REGEX,
  EPOCH_SECONDS_REGEX,
  HEX32_REGEX,
  INTEGER_REGEX,
  ISO_DATETIME_REGEX,
  UUID_REGEX,
} from '../../spec/index.ts';
import { enumRegex } from '../../spec/language/placeholder-types.ts';
import { checkedSchema } from './schema-subset.ts';
import { braces, brackets, filled, quote, type Doc } from './layout.ts';

/** A reference to an emitted constant. */
export class Ref {
  constructor(readonly name: string) {}
}

export type Code = null | boolean | number | string | Ref | Code[] | { [k: string]: Code | undefined };

/** A code value as a layout doc: identifier keys unquoted, strings single-quoted, undefined left out. */
export function codeDoc(v: Code): Doc {
  if (v instanceof Ref) return v.name;
  if (v === null || typeof v === 'boolean' || typeof v === 'number') return String(v);
  if (typeof v === 'string') return quote(v);
  if (Array.isArray(v))
    return v.length && v.every((x) => typeof x === 'string') ? filled(v.map((x) => quote(x as string))) : brackets(v.map(codeDoc));
  const members = Object.entries(v).flatMap(([k, x]) =>
    x === undefined ? [] : [[`${/^[A-Za-z_$][\w$]*$/.test(k) ? k : quote(k)}: `, codeDoc(x)] as Doc],
  );
  return braces(members);
}

/** The placeholder descriptor of `{name:type}` (an enum's regex is derived by the runtime). */
export function placeholderCode(name: string, t: PlaceholderType, enumRegex: (values: readonly string[]) => string): Code {
  if (t.kind === 'enum') {
    const values = t.values ?? [];
    return { name, kind: 'enum', values, regex: t.regex === enumRegex(values) ? undefined : t.regex };
  }
  if (t.kind === 'integer') return { name, kind: 'integer', regex: t.regex, min: t.min, max: t.max };
  return { name, kind: 'string', regex: t.regex };
}

/** Pattern parts: literal text, placeholders by reference. */
export function partsCode(p: Pattern, placeholder: (name: string, t: PlaceholderType) => Code): Code[] {
  return p.parts.map((x) => (x.kind === 'literal' ? x.text : placeholder(x.name, x.type)));
}

/**
 * The codec of a value format: its TS representation and everything `judgeValue` checks of the stored
 * text, so the runtime rejects on write what `keyspec check` would report.
 */
export function codecCode(f: ValueFormat): Code {
  const format = describeFormat(f);
  switch (f.kind) {
    case 'integer':
      return { kind: 'integer', min: f.min, max: f.max, format };
    case 'float':
      return { kind: 'float', format };
    case 'epochSeconds':
      return { kind: 'float', regex: EPOCH_SECONDS_REGEX, format };
    case 'epochMillis':
      return { kind: 'float', regex: EPOCH_MILLIS_REGEX, format };
    case 'boolean':
      return { kind: 'boolean', true: f.true, false: f.false };
    case 'enum':
      return { kind: 'enum', values: f.values };
    case 'type':
      if (f.type.kind === 'enum') return { kind: 'enum', values: f.type.values ?? [] };
      if (f.type.kind === 'integer') {
        const regex = f.type.regex === INTEGER_REGEX ? undefined : f.type.regex;
        return { kind: 'integer', min: f.type.min, max: f.type.max, regex, format };
      }
      return { kind: 'string', regex: f.type.regex, format };
    case 'json': {
      const schema = checkedSchema(f);
      return { kind: 'json', schema: schema === undefined ? undefined : (schema as Code) };
    }
    case 'jsonpickle':
      return { kind: 'string', format, jsonpickle: { pyObject: f.pyObject } };
    case 'pickle':
      return { kind: 'buffer', format, magic: f.compression === 'zlib' ? 'zlib' : 'pickle' };
    case 'bytes':
      return { kind: 'buffer', format };
    case 'uuid':
      return { kind: 'string', regex: UUID_REGEX, format };
    case 'hex32':
      return { kind: 'string', regex: HEX32_REGEX, format };
    case 'isoDatetime':
      return { kind: 'string', regex: ISO_DATETIME_REGEX, isoDatetime: true, format };
    case 'regex':
      return { kind: 'string', regex: f.regex, format };
    case 'template':
      return { kind: 'string', format, template: partsCode(f.pattern, (name, t) => placeholderCode(name, t, enumRegex)) };
    case 'empty':
      return { kind: 'string', regex: '', format };
    case 'anyOf':
      return { kind: 'union', of: f.formats.map(codecCode) };
    case 'encoded':
      return {
        kind: 'encoded',
        multiplier: f.multiplier,
        high: { name: f.high.name, codec: codecCode(f.high.format) },
        low: { name: f.low.name, codec: codecCode(f.low.format) },
        format,
      };
    case 'ref':
      return codecCode(f.format);
    case 'raw':
    case 'text':
      return { kind: 'string', format };
  }
}

export function ttlCode(t: TtlPolicy): Code {
  switch (t.kind) {
    case 'none':
    case 'any':
      return { kind: t.kind };
    case 'exact':
      return { kind: 'exact', seconds: t.seconds, refresh: t.refresh, env: t.env };
    case 'bounded':
      return { kind: 'bounded', min: t.min, max: t.max, optional: t.optional, refresh: t.refresh, env: t.env };
    case 'byField':
      return {
        kind: 'byField',
        field: t.field,
        cases: t.cases.map((c) => ({ values: c.values, ttl: ttlCode(c.ttl) })),
        default: t.default ? ttlCode(t.default) : undefined,
      };
  }
}
