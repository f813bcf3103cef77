/**
 * Model -> TypeScript for the client emitter: TS type expressions for placeholder types and value
 * formats, and the plain-data descriptors (parts, codecs, TTL policies) the runtime interprets.
 */
import type { Pattern, PlaceholderType, TtlPolicy, ValueFormat } from '../spec/index.ts';
import { describeFormat } from '../spec/index.ts';
import { pascalCase } from './names.ts';

const ISO_REGEX = '\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?(?:Z|[+-]\\d{2}:?\\d{2})?';
const UUID_REGEX = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** Union aliases for enum types, named once and declared in the client. */
export class EnumAliases {
  private readonly byKey = new Map<string, { alias: string; values: string[] }>();
  private readonly used = new Set<string>();

  /** The alias for an enum's values, named after `hint` (a type or field name). */
  aliasFor(hint: string, values: readonly string[]): string {
    const key = values.join('\u0000');
    const existing = this.byKey.get(key);
    if (existing) return existing.alias;
    let alias = pascalCase(hint);
    for (let i = 2; this.used.has(alias); i++) alias = `${pascalCase(hint)}${i}`;
    this.used.add(alias);
    this.byKey.set(key, { alias, values: [...values] });
    return alias;
  }

  all(): { alias: string; values: string[] }[] {
    return [...this.byKey.values()];
  }
}

export function literalUnion(values: readonly string[]): string {
  return values.map((v) => JSON.stringify(v)).join(' | ') || 'never';
}

export function placeholderTsType(t: PlaceholderType, enums: EnumAliases): string {
  if (t.kind === 'enum') return enums.aliasFor(t.name, t.values ?? []);
  if (t.kind === 'integer') return 'number';
  return 'string';
}

/** Inside a template literal type: `${Task}`, `${number}`, `${string}`. */
function templatePart(t: PlaceholderType, enums: EnumAliases): string {
  return `\${${placeholderTsType(t, enums)}}`;
}

function escapeTemplate(text: string): string {
  return text.replace(/[`\\]/g, (c) => `\\${c}`).replace(/\$\{/g, '\\${');
}

/** A field pattern as a TS key type: a string literal or a template literal type. */
export function patternKeyType(p: Pattern, enums: EnumAliases): string {
  if (p.parts.every((x) => x.kind === 'literal')) return JSON.stringify(p.text);
  return '`' + p.parts.map((x) => (x.kind === 'literal' ? escapeTemplate(x.text) : templatePart(x.type, enums))).join('') + '`';
}

export function formatTsType(f: ValueFormat, enums: EnumAliases, hint: string): string {
  switch (f.kind) {
    case 'integer':
    case 'float':
    case 'epochSeconds':
    case 'epochMillis':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'enum':
      return enums.aliasFor(hint, f.values);
    case 'type':
      return placeholderTsType(f.type, enums);
    case 'json':
      return f.schema === undefined ? 'unknown' : schemaTsType(f.schema);
    case 'pickle':
    case 'bytes':
      return 'Buffer';
    case 'anyOf':
      return [...new Set(f.formats.map((x, i) => formatTsType(x, enums, `${hint}${i + 1}`)))].join(' | ');
    default:
      return 'string';
  }
}

/** A TS type for a JSON Schema (the common subset: objects, arrays, scalars, enums, unions). */
export function schemaTsType(schema: unknown): string {
  if (schema === true || schema === undefined) return 'unknown';
  if (schema === false) return 'never';
  const s = schema as Record<string, unknown>;
  if (Array.isArray(s.enum)) return s.enum.map((v) => JSON.stringify(v)).join(' | ');
  if (s.const !== undefined) return JSON.stringify(s.const);
  for (const k of ['anyOf', 'oneOf'] as const) {
    if (Array.isArray(s[k])) return (s[k] as unknown[]).map(schemaTsType).join(' | ');
  }
  const type = s.type;
  if (Array.isArray(type)) return type.map((t) => schemaTsType({ ...s, type: t })).join(' | ');
  switch (type) {
    case 'string':
      return 'string';
    case 'integer':
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'array':
      return `${wrap(schemaTsType(s.items))}[]`;
    case 'object': {
      const props = (s.properties ?? {}) as Record<string, unknown>;
      const required = new Set((s.required ?? []) as string[]);
      const members = Object.entries(props).map(
        ([k, v]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}${required.has(k) ? '' : '?'}: ${schemaTsType(v)}`,
      );
      if (s.additionalProperties !== false) members.push('[key: string]: unknown');
      return `{ ${members.join('; ')} }`;
    }
    default:
      return 'unknown';
  }
}

function wrap(t: string): string {
  return /[|&]/.test(t) ? `(${t})` : t;
}

// ------------------------------------------------------------------------------------------------
// Descriptors (plain data the runtime interprets)

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export function partsDesc(p: Pattern): Json[] {
  return p.parts.map((x): Json => {
    if (x.kind === 'literal') return x.text;
    const t = x.type;
    if (t.kind === 'enum') return { name: x.name, regex: t.regex, kind: 'enum', values: t.values ?? [] };
    if (t.kind === 'integer')
      return {
        name: x.name,
        regex: t.regex,
        kind: 'integer',
        ...(t.min !== undefined ? { min: t.min } : {}),
        ...(t.max !== undefined ? { max: t.max } : {}),
      };
    return { name: x.name, regex: t.regex, kind: 'string' };
  });
}

export function codecDesc(f: ValueFormat): Json {
  const format = describeFormat(f);
  switch (f.kind) {
    case 'integer':
      return { kind: 'integer', ...(f.min !== undefined ? { min: f.min } : {}), ...(f.max !== undefined ? { max: f.max } : {}), format };
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
      if (f.type.kind === 'integer')
        return {
          kind: 'integer',
          ...(f.type.min !== undefined ? { min: f.type.min } : {}),
          ...(f.type.max !== undefined ? { max: f.type.max } : {}),
          format,
        };
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
      return { kind: 'union', of: f.formats.map(codecDesc) };
    default:
      return { kind: 'string', format };
  }
}

export function ttlDesc(t: TtlPolicy): Json {
  switch (t.kind) {
    case 'none':
    case 'any':
      return { kind: t.kind };
    case 'exact':
      return { kind: 'exact', seconds: t.seconds, refresh: t.refresh, ...(t.env !== undefined ? { env: t.env } : {}) };
    case 'bounded':
      return {
        kind: 'bounded',
        min: t.min,
        max: t.max,
        optional: t.optional,
        refresh: t.refresh,
        ...(t.env !== undefined ? { env: t.env } : {}),
      };
    case 'byField':
      return {
        kind: 'byField',
        field: t.field,
        cases: t.cases.map((c) => ({ values: c.values, ttl: ttlDesc(c.ttl) })),
        ...(t.default ? { default: ttlDesc(t.default) } : {}),
      };
  }
}

/** Stable JSON text for descriptors emitted into the client. */
export function jsonText(v: Json): string {
  return JSON.stringify(v);
}
