/**
 * Model -> descriptor values: the plain data the runtime interprets (pattern parts, codecs, TTL
 * policies), as code values that may refer to other emitted constants by name.
 */
import type { Pattern, PlaceholderType, TtlPolicy, ValueFormat } from '../../spec/index.ts';
import { describeFormat } from '../../spec/index.ts';
import { braces, brackets, filled, quote, type Doc } from './layout.ts';

const ISO_REGEX = '\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?(?:Z|[+-]\\d{2}:?\\d{2})?';
const UUID_REGEX = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

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
  if (Array.isArray(v)) return v.length && v.every((x) => typeof x === 'string') ? filled(v.map((x) => quote(x as string))) : brackets(v.map(codeDoc));
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
export function partsCode(p: Pattern, placeholder: (name: string, t: PlaceholderType) => Ref): Code[] {
  return p.parts.map((x) => (x.kind === 'literal' ? x.text : placeholder(x.name, x.type)));
}

export function codecCode(f: ValueFormat): Code {
  const format = describeFormat(f);
  switch (f.kind) {
    case 'integer':
      return { kind: 'integer', min: f.min, max: f.max, format };
    case 'float':
    case 'epochSeconds':
    case 'epochMillis':
      return { kind: 'float', format };
    case 'boolean':
      return { kind: 'boolean', true: f.true, false: f.false };
    case 'enum':
      return { kind: 'enum', values: f.values };
    case 'type':
      if (f.type.kind === 'enum') return { kind: 'enum', values: f.type.values ?? [] };
      if (f.type.kind === 'integer') return { kind: 'integer', min: f.type.min, max: f.type.max, format };
      return { kind: 'string', regex: f.type.regex, format };
    case 'json':
      return { kind: 'json' };
    case 'pickle':
    case 'bytes':
      return { kind: 'buffer', format };
    case 'uuid':
      return { kind: 'string', regex: UUID_REGEX, format };
    case 'hex32':
      return { kind: 'string', regex: '[0-9a-f]{32}', format };
    case 'isoDatetime':
      return { kind: 'string', regex: ISO_REGEX, format };
    case 'regex':
      return { kind: 'string', regex: f.regex, format };
    case 'template':
      return { kind: 'string', regex: f.pattern.regex.slice(1, -1), format };
    case 'empty':
      return { kind: 'string', regex: '', format };
    case 'anyOf':
      return { kind: 'union', of: f.formats.map(codecCode) };
    default:
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
