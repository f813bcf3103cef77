/**
 * The JSON Schema of the language (spec/keyspec.schema.json) walked along a YAML data path: which schema
 * node describes the value at `databases[0].keys[2].ttl`, which properties fit a mapping there, which values
 * are allowed. A key's `if`/`then` branches are followed by the key's `type` as written in the document.
 */
import { KEYSPEC_SCHEMA } from '../spec/language/precompiled-validators.ts';
import type { DataPath } from '../spec/language/source.ts';

export type Schema = { [k: string]: unknown };

const root = KEYSPEC_SCHEMA as Schema;

/** The schema a `$ref` points at (local refs only, the only ones the language schema has). */
export function deref(node: Schema): { node: Schema; def?: string } {
  let n = node;
  let def: string | undefined;
  for (let i = 0; i < 20 && typeof n.$ref === 'string'; i++) {
    const segs = n.$ref.replace(/^#\//, '').split('/');
    if (segs[0] === '$defs') def = segs[1];
    n = segs.reduce<Schema>((at, seg) => (at[seg] ?? {}) as Schema, root);
  }
  return { node: n, ...(def ? { def } : {}) };
}

interface Alternative {
  s: Schema;
  /** The `$defs` name it came from, if any. */
  def?: string;
}

/** The alternatives a value may take: the node itself, or each branch of its anyOf/oneOf. */
function alternativesOf(node: Schema, def?: string): Alternative[] {
  const d = deref(node);
  const n = d.node;
  const alts = [...((n.anyOf as Schema[]) ?? []), ...((n.oneOf as Schema[]) ?? [])];
  const name = d.def ?? def;
  return alts.length ? alts.flatMap((a) => alternativesOf(a, name)) : [{ s: n, ...(name ? { def: name } : {}) }];
}

const alternatives = (node: Schema): Schema[] => alternativesOf(node).map((a) => a.s);

/** Whether a (simple) `if` schema holds for the data: `properties` with const/enum, and `required`. */
function holds(cond: Schema, data: unknown): boolean | undefined {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return undefined;
  const obj = data as Record<string, unknown>;
  for (const r of (cond.required as string[]) ?? []) if (!(r in obj)) return undefined;
  for (const [k, s] of Object.entries((cond.properties as Record<string, Schema>) ?? {})) {
    if (!(k in obj)) continue;
    if ('const' in s && s.const !== obj[k]) return false;
    if (Array.isArray(s.enum) && !s.enum.includes(obj[k])) return false;
  }
  return true;
}

/**
 * The properties an object schema offers for this data: its own, plus those of each `then` branch whose
 * `if` holds; while the deciding value (a key's `type`) is not written yet, every branch's.
 */
export function propertiesOf(node: Schema, data: unknown): Record<string, Schema> {
  const out: Record<string, Schema> = {};
  for (const alt of alternatives(node)) {
    Object.assign(out, (alt.properties as Record<string, Schema>) ?? {});
    for (const branch of (alt.allOf as Schema[]) ?? []) {
      const cond = branch.if as Schema | undefined;
      const then = branch.then as Schema | undefined;
      if (!cond || !then) continue;
      if (holds(cond, data) === false) continue;
      // A branch lists the common properties as `true` only to close itself over them.
      for (const [k, v] of Object.entries((then.properties as Record<string, Schema | boolean>) ?? {}))
        if (typeof v === 'object' && !(k in out)) out[k] = v;
    }
  }
  return out;
}

/** What describes one place of a spec: the property's schema as written, the object it belongs to. */
export interface SchemaPlace {
  /** The schema of the value at the path (before following its $ref, so its own description shows). */
  schema: Schema;
  /** The `$defs` name of the object holding the property (`key`, `service`, ...), '' for the top level. */
  owner: string;
  /** The property name (the last name in the path; for a list item, the list's). */
  property: string;
  /** The list's schema when the path ends in a list item. */
  list?: Schema;
}

function at(data: unknown, seg: string | number): unknown {
  if (data && typeof data === 'object') return (data as Record<string | number, unknown>)[seg];
  return undefined;
}

/** The schema node for the value at `path` in `data`, or undefined when the schema has no such place. */
export function schemaAt(path: DataPath, data: unknown): SchemaPlace | undefined {
  let node: Schema = root;
  let owner = '';
  let property = '';
  let list: Schema | undefined;
  let value = data;
  for (const seg of path) {
    let next: Schema | undefined;
    if (typeof seg === 'number') {
      const arr = alternatives(node).find((a) => a.type === 'array' || a.items);
      next = arr?.items as Schema | undefined;
      list = node;
    } else {
      const objects = alternativesOf(node).filter(({ s: a }) => a.properties || a.additionalProperties || a.allOf || a.type === 'object');
      for (const { s: o, def } of objects) {
        const props = propertiesOf(o, value);
        const found =
          props[seg] ??
          (o.additionalProperties && typeof o.additionalProperties === 'object' ? (o.additionalProperties as Schema) : undefined);
        if (found) {
          next = found;
          if (def) owner = def;
          break;
        }
      }
      property = seg;
      list = undefined;
    }
    if (!next) return undefined;
    node = next;
    value = at(value, seg);
  }
  return { schema: node, owner, property, ...(list ? { list } : {}) };
}

/** The description of a schema node: its own, else the one of what its $ref points at. */
export function descriptionOf(node: Schema): string | undefined {
  if (typeof node.description === 'string') return node.description;
  const target = deref(node).node;
  return typeof target.description === 'string' ? target.description : undefined;
}

/** The values a schema node allows outright: enum members, consts, booleans. */
export function enumValues(node: Schema): unknown[] {
  const out: unknown[] = [];
  for (const alt of alternatives(node)) {
    if (Array.isArray(alt.enum)) out.push(...alt.enum);
    if ('const' in alt) out.push(alt.const);
    if (alt.type === 'boolean') out.push(true, false);
  }
  return [...new Set(out)];
}

/** Whether the value at this place is (or may be) a mapping. */
export function isObjectSchema(node: Schema): boolean {
  return alternatives(node).some((a) => a.type === 'object' || a.properties !== undefined || a.allOf !== undefined);
}
