/**
 * Model -> TypeScript type expressions for the client emitter: placeholder types, value formats,
 * field patterns (template literal types) and JSON Schemas, as layout docs.
 */
import type { Pattern, PlaceholderType, ValueFormat } from '../../spec/index.ts';
import { braces, chain, propKey, quote, type Doc } from './layout.ts';

function literal(v: unknown): string {
  return typeof v === 'string' ? quote(v) : JSON.stringify(v);
}

/** Hands out the alias of an enum: named after a type, field or key, and declared once. */
export interface EnumNamer {
  aliasFor(hint: string, values: readonly string[]): string;
}

export function placeholderTsType(t: PlaceholderType, enums: EnumNamer): string {
  if (t.kind === 'enum') return enums.aliasFor(t.name, t.values ?? []);
  if (t.kind === 'integer') return 'number';
  return 'string';
}

function escapeTemplate(text: string): string {
  return text.replace(/[`\\]/g, (c) => `\\${c}`).replace(/\$\{/g, '\\${');
}

/** A field pattern as a TS key type: a string literal or a template literal type. */
export function patternKeyType(p: Pattern, enums: EnumNamer): string {
  if (p.parts.every((x) => x.kind === 'literal')) return quote(p.text);
  const body = p.parts.map((x) => (x.kind === 'literal' ? escapeTemplate(x.text) : `\${${placeholderTsType(x.type, enums)}}`));
  return '`' + body.join('') + '`';
}

export function formatTsType(f: ValueFormat, enums: EnumNamer, hint: string): Doc {
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
    case 'anyOf': {
      const seen = new Set<string>();
      const members: Doc[] = [];
      f.formats.forEach((x, i) => {
        const t = formatTsType(x, enums, `${hint}${i + 1}`);
        const key = JSON.stringify(t);
        if (!seen.has(key)) members.push(t);
        seen.add(key);
      });
      return chain('|', members);
    }
    case 'encoded':
      return braces(
        [
          [`${propKey(f.high.name)}: `, formatTsType(f.high.format, enums, `${hint}${f.high.name}`)],
          [`${propKey(f.low.name)}: `, formatTsType(f.low.format, enums, `${hint}${f.low.name}`)],
        ],
        ';',
      );
    case 'ref':
      return formatTsType(f.format, enums, hint);
    default:
      return 'string';
  }
}

/** A TS type for a JSON Schema (the common subset: objects, arrays, scalars, enums, unions). */
export function schemaTsType(schema: unknown): Doc {
  if (schema === true || schema === undefined) return 'unknown';
  if (schema === false) return 'never';
  const s = schema as Record<string, unknown>;
  if (Array.isArray(s.enum)) return chain('|', s.enum.map(literal));
  if (s.const !== undefined) return literal(s.const);
  for (const k of ['anyOf', 'oneOf'] as const) {
    if (Array.isArray(s[k])) return chain('|', (s[k] as unknown[]).map(schemaTsType));
  }
  const type = s.type;
  if (Array.isArray(type))
    return chain(
      '|',
      type.map((t) => schemaTsType({ ...s, type: t })),
    );
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
    case 'array': {
      const item = schemaTsType(s.items);
      return typeof item === 'string' && !/[|&]/.test(item) ? `${item}[]` : ['Array<', item, '>'];
    }
    case 'object': {
      const props = (s.properties ?? {}) as Record<string, unknown>;
      const required = new Set((s.required ?? []) as string[]);
      const members: Doc[] = Object.entries(props).map(([k, v]) => [`${propKey(k)}${required.has(k) ? '' : '?'}: `, schemaTsType(v)]);
      if (s.additionalProperties !== false) members.push('[key: string]: unknown');
      return braces(members, ';');
    }
    default:
      return 'unknown';
  }
}
