/**
 * Which JSON Schemas the generated client can check on write: those made of the keywords its runtime's
 * small checker applies (generator/runtime/json-schema.ts, whose list is read from there). The parity
 * tests check that the checker agrees with ajv on the shipped specs' schemas.
 */
import type { Spec, ValueFormat } from '../../spec/index.ts';
import { fieldsOf } from '../../spec/index.ts';
import { SUPPORTED_KEYWORDS } from '../runtime/json-schema.ts';

const ANNOTATIONS = ['$schema', '$id', '$comment', 'title', 'description', 'examples', 'default', 'deprecated', 'readOnly', 'writeOnly'];
const TYPES = ['string', 'number', 'integer', 'boolean', 'null', 'array', 'object'];

/** The keywords of a schema (at any depth) the runtime cannot check; empty when it checks it fully. */
export function uncheckedKeywords(schema: unknown): string[] {
  const out = new Set<string>();
  const walk = (s: unknown): void => {
    if (typeof s === 'boolean') return;
    if (typeof s !== 'object' || s === null || Array.isArray(s)) {
      out.add('(not a schema)');
      return;
    }
    for (const [k, v] of Object.entries(s as Record<string, unknown>)) {
      if (ANNOTATIONS.includes(k)) continue;
      if (!SUPPORTED_KEYWORDS.includes(k)) out.add(k);
      else if (k === 'properties') for (const sub of Object.values(v as Record<string, unknown>)) walk(sub);
      else if (k === 'items' || k === 'additionalProperties' || k === 'not') walk(v);
      else if (k === 'anyOf' || k === 'oneOf' || k === 'allOf') for (const sub of v as unknown[]) walk(sub);
      else if (k === 'type' && [v].flat().some((t) => !TYPES.includes(t as string))) out.add('type (unknown type)');
    }
  };
  walk(schema);
  return [...out].sort();
}

/** The schema the client checks on write: the format's schema when the runtime can check it fully. */
export function checkedSchema(f: ValueFormat & { kind: 'json' }): object | boolean | undefined {
  return f.schema !== undefined && uncheckedKeywords(f.schema).length === 0 ? f.schema : undefined;
}

export interface UncheckedSchema {
  /** Where the schema is, e.g. `key lock.nodb_lock`, `channel rq-pubsub message stop_job`. */
  where: string;
  keywords: string[];
}

/** The JSON Schemas of a spec that the generated client cannot check on write (for a warning). */
export function uncheckedSchemas(spec: Spec): UncheckedSchema[] {
  const out: UncheckedSchema[] = [];
  const visit = (f: ValueFormat | undefined, where: string): void => {
    if (!f) return;
    if (f.kind === 'anyOf') f.formats.forEach((x) => visit(x, where));
    if (f.kind === 'json' && f.schema !== undefined) {
      const keywords = uncheckedKeywords(f.schema);
      if (keywords.length) out.push({ where, keywords });
    }
  };
  for (const db of spec.databases) {
    for (const k of db.keys) {
      if (k.type === 'string') visit(k.value, `key ${k.id}`);
      if (k.type === 'list' || k.type === 'set' || k.type === 'zset') visit(k.member, `key ${k.id} member`);
      for (const f of fieldsOf(k)) visit(f.value, `key ${k.id} field ${f.pattern.text}`);
    }
  }
  for (const c of spec.channels) for (const m of c.messages) visit(m.format, `channel ${c.name} message ${m.name}`);
  return out;
}
