/**
 * The draft as YAML: a spec document (yaml's Document API, so every pattern carries its evidence as a
 * comment above it: keys seen, sample size, type and TTL proportions, confidence), deterministic for the
 * same inference (keys in template order, maps in insertion order, no timestamps).
 */
import { Document, isMap, type YAMLMap } from 'yaml';
import type { ValueFormat } from '../spec/index.ts';
import type { InferredField } from './hash-fields.ts';
import type { InferredKey } from './key-inference.ts';
import type { NamedType, SharedTypes } from './shared-types.ts';
import type { InferredTtl } from './ttl-policy.ts';

export interface DraftImport {
  spec: string;
  as: string;
  db: number;
  params: Record<string, unknown>;
  evidence: string;
}

export interface DraftChannel {
  name: string;
  pattern: string;
  evidence: string;
  messages: { name: string; text?: true; template?: string; json?: true | { schema: unknown } }[];
}

export interface DraftService {
  name: string;
  clientName: string;
  evidence: string;
}

export interface Draft {
  name: string;
  title: string;
  header: string[];
  imports: DraftImport[];
  types: NamedType[];
  databases: { index: number; keys: InferredKey[]; evidence: string }[];
  channels: DraftChannel[];
  services: DraftService[];
}

const SHORTHAND = new Set([
  'raw',
  'integer',
  'float',
  'epochSeconds',
  'epochMillis',
  'isoDatetime',
  'json',
  'jsonpickle',
  'bytes',
  'uuid',
  'hex32',
  'empty',
]);

/** A value format as the language writes it (the inverse of the model builder for the formats inference makes). */
export function formatToRaw(f: ValueFormat): unknown {
  switch (f.kind) {
    case 'boolean':
      return f.true === 'true' && f.false === 'false' ? 'boolean' : { boolean: { true: f.true, false: f.false } };
    case 'enum':
      return { enum: f.values };
    case 'json':
      return f.schema !== undefined ? { json: { schema: f.schema } } : 'json';
    case 'jsonpickle':
      return f.pyObject ? { jsonpickle: { pyObject: f.pyObject } } : 'jsonpickle';
    case 'pickle':
      return f.compression === 'zlib' ? { pickle: { compression: 'zlib' } } : 'pickle';
    case 'regex':
      return { regex: f.regex };
    case 'type':
      return { type: f.type.name };
    case 'anyOf':
      return { anyOf: f.formats.map(formatToRaw) };
    case 'integer':
    case 'float':
      if (f.min !== undefined || f.max !== undefined)
        return { [f.kind]: { ...(f.min !== undefined ? { min: f.min } : {}), ...(f.max !== undefined ? { max: f.max } : {}) } };
      return f.kind;
    default:
      if (SHORTHAND.has(f.kind)) return f.kind;
      return 'raw';
  }
}

export function ttlToRaw(t: InferredTtl): unknown {
  if (t === 'none' || typeof t === 'number') return t;
  return { ...(t.min !== undefined ? { min: t.min } : {}), max: t.max, ...(t.optional ? { optional: true } : {}) };
}

function fieldsToRaw(fields: InferredField[], types: SharedTypes): unknown[] {
  return fields.map((f) => {
    let name: Record<string, unknown>;
    if (f.pattern && f.placeholder) {
      const ref = f.placeholder.enum
        ? types.typeOf({ kind: 'enum', values: f.placeholder.enum })
        : types.regexType(f.placeholder.regex!, []);
      const prefix = f.pattern.slice(0, f.pattern.indexOf('{'));
      name = { pattern: `${prefix}{${f.placeholder.name}:${ref.type}}` };
    } else name = { name: f.name };
    return { ...name, value: formatToRaw(f.value), ...(f.required ? { required: true } : {}) };
  });
}

export function keyToRaw(k: InferredKey, types: SharedTypes): Record<string, unknown> {
  const out: Record<string, unknown> = { name: k.name, pattern: k.pattern, type: k.type, ttl: ttlToRaw(k.ttl) };
  if (k.shadows?.length) out.shadows = k.shadows;
  if (k.value) out.value = formatToRaw(k.value);
  if (k.member) out.member = formatToRaw(k.member);
  if (k.score) out.score = formatToRaw(k.score);
  if (k.fields) out.fields = fieldsToRaw(k.fields, types);
  if (k.additionalFields) out.additionalFields = true;
  if (k.entryFields) out.entryFields = fieldsToRaw(k.entryFields, types);
  if (k.writers?.length) out.writers = [...k.writers].sort();
  if (k.examples.length) out.examples = k.examples;
  return out;
}

export function typeToRaw(t: NamedType): Record<string, unknown> {
  return {
    description: t.description,
    ...(t.enum ? { enum: t.enum } : { regex: t.regex }),
    ...(t.examples.length ? { examples: t.examples } : {}),
  };
}

/** The draft's YAML text. `types` must be the shared types the keys were typed with (fields add theirs here). */
export function emitDraft(d: Draft, types: SharedTypes): string {
  const databases = d.databases.map((db) => ({
    index: db.index,
    name: `db${db.index}`,
    keys: db.keys.map((k) => keyToRaw(k, types)),
  }));
  const typeMap = Object.fromEntries(types.types().map((t) => [t.name, typeToRaw(t)]));
  const raw: Record<string, unknown> = {
    keyspec: 1,
    name: d.name,
    title: d.title,
    ...(d.imports.length
      ? {
          imports: d.imports.map((i) => ({
            spec: i.spec,
            as: i.as,
            database: `db${i.db}`,
            ...(Object.keys(i.params).length ? { params: i.params } : {}),
          })),
        }
      : {}),
    ...(Object.keys(typeMap).length ? { types: typeMap } : {}),
    databases,
    ...(d.channels.length ? { channels: d.channels.map((c) => ({ name: c.name, pattern: c.pattern, messages: c.messages })) } : {}),
    ...(d.services.length ? { services: d.services.map((s) => ({ name: s.name, kind: 'client', clientName: s.clientName })) } : {}),
  };
  const doc = new Document(raw);
  doc.commentBefore = d.header.map((l) => ` ${l}`).join('\n');
  const seqItem = (path: (string | number)[]): YAMLMap | undefined => {
    const n = doc.getIn(path, true);
    return isMap(n) ? n : undefined;
  };
  d.imports.forEach((imp, i) => {
    const n = seqItem(['imports', i]);
    if (n) n.commentBefore = ` ${imp.evidence}`;
  });
  d.databases.forEach((db, i) => {
    const n = seqItem(['databases', i]);
    if (n) n.commentBefore = ` ${db.evidence}`;
    db.keys.forEach((k, j) => {
      const kn = seqItem(['databases', i, 'keys', j]);
      if (kn) kn.commentBefore = ` ${k.evidence}`;
    });
  });
  d.channels.forEach((c, i) => {
    const n = seqItem(['channels', i]);
    if (n) n.commentBefore = ` ${c.evidence}`;
  });
  d.services.forEach((s, i) => {
    const n = seqItem(['services', i]);
    if (n) n.commentBefore = ` ${s.evidence}`;
  });
  return doc.toString({ lineWidth: 0, flowCollectionPadding: true });
}
