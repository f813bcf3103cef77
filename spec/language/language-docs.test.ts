/**
 * Every property of the language is explained twice, and both are kept complete: in the JSON Schema
 * (spec/keyspec.schema.json: a "description" and "examples", which editors show on hover and completion,
 * and its "default") and in spec/LANGUAGE.md, where each object of the schema has a property table headed
 * by `<!-- properties: <object> -->` with one row per property: `| \`name\` | default | meaning |`. The
 * default cell is `required`, `—` (none) or the schema's "default" as code. Nested inline objects are rows
 * of their parent's table (`integer.min`, `cases[].when`, `params.<name>.default`).
 *
 * A failure names the object and the property, and what it lacks, so a new property is easy to complete.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

type Schema = { [k: string]: unknown; properties?: Record<string, Schema>; required?: string[] };

const specDir = join(import.meta.dirname, '..');
const schema = JSON.parse(readFileSync(join(specDir, 'keyspec.schema.json'), 'utf8')) as Schema & { $defs: Record<string, Schema> };
const md = readFileSync(join(specDir, 'LANGUAGE.md'), 'utf8');

interface Property {
  /** The object's table name: `top level` or a `$defs` name (`key`, `service`, ...). */
  object: string;
  /** The row name: `ttl`, `integer.min`, `cases[].when`, `params.<name>.default`. */
  name: string;
  schema: Schema;
  /** JSON pointer of the property's schema in keyspec.schema.json. */
  pointer: string;
  required: boolean;
}

/** An object's own properties and those of its `if`/`then` branches (a key's per-type ones). */
function ownProperties(node: Schema, at: string): [string, Schema, string][] {
  const own = Object.entries(node.properties ?? {}).map(([n, v]): [string, Schema, string] => [n, v, `${at}/properties/${n}`]);
  // A branch repeats the other properties as `true` (to close itself over them); only schemas count.
  const branches = ((node.allOf as Schema[] | undefined) ?? []).flatMap((b, i) =>
    Object.entries((b.then as Schema | undefined)?.properties ?? {})
      .filter(([, v]) => typeof v === 'object')
      .map(([n, v]): [string, Schema, string] => [n, v, `${at}/allOf/${i}/then/properties/${n}`]),
  );
  const seen = new Set<string>();
  return [...own, ...branches].filter(([n]) => !seen.has(n) && seen.add(n));
}

/** Inline (not $ref) object schemas under a property, with the row-name prefix of their properties. */
function inlineObjects(prop: Schema, prefix: string, at: string): [string, Schema, string][] {
  const out: [string, Schema, string][] = [];
  if (prop.$ref) return out;
  if (prop.properties) out.push([`${prefix}.`, prop, at]);
  const items = prop.items as Schema | undefined;
  if (items && !items.$ref && items.properties) out.push([`${prefix}[].`, items, `${at}/items`]);
  const extra = prop.additionalProperties as Schema | undefined;
  if (extra && typeof extra === 'object' && !extra.$ref && extra.properties)
    out.push([`${prefix}.<name>.`, extra, `${at}/additionalProperties`]);
  for (const key of ['anyOf', 'oneOf'])
    ((prop[key] as Schema[] | undefined) ?? []).forEach((alt, i) => out.push(...inlineObjects(alt, prefix, `${at}/${key}/${i}`)));
  return out;
}

function propertiesOf(object: string, node: Schema, at: string, prefix = ''): Property[] {
  const required = new Set(node.required ?? []);
  return ownProperties(node, at).flatMap(([name, s, pointer]) => [
    { object, name: prefix + name, schema: s, pointer, required: required.has(name) },
    ...inlineObjects(s, prefix + name, pointer).flatMap(([p, o, oat]) => propertiesOf(object, o, oat, p)),
  ]);
}

const objects: [string, Schema, string][] = [
  ['top level', schema, ''],
  ...Object.entries(schema.$defs)
    .filter(([n, s]) => ownProperties(s, `/$defs/${n}`).length > 0)
    .map(([n, s]): [string, Schema, string] => [n, s, `/$defs/${n}`]),
];
const all = objects.flatMap(([name, node, at]) => propertiesOf(name, node, at));

/** How a default reads in LANGUAGE.md: `raw`, `false`, `3000`, `[]`, `{}`. */
const shown = (v: unknown): string => '`' + (typeof v === 'string' ? v : JSON.stringify(v)) + '`';

/** The property tables of LANGUAGE.md: object name -> rows (name -> default cell). */
function tables(): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  const lines = md.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^<!-- properties: (.+?) -->$/.exec(lines[i]!.trim());
    if (!m) continue;
    const rows = new Map<string, string>();
    for (let j = i + 1; j < lines.length && (lines[j]!.startsWith('|') || lines[j]!.trim() === ''); j++) {
      const cells = lines[j]!.split(/(?<!\\)\|/).map((c) => c.trim());
      const name = /^`([^`]+)`$/.exec(cells[1] ?? '')?.[1];
      if (name) rows.set(name, cells[2] ?? '');
      if (lines[j]!.trim() === '' && rows.size > 0) break;
    }
    out.set(m[1]!, rows);
  }
  return out;
}

describe('keyspec.schema.json annotations', () => {
  it('counts the properties it checks', () => {
    expect(all.length).toBeGreaterThan(150);
  });

  it('every property has a "description" (shown on hover)', () => {
    const lacking = all.filter((p) => typeof p.schema.description !== 'string' || p.schema.description.length < 10);
    expect(lacking.map((p) => `${p.object}: '${p.name}' has no "description"`)).toEqual([]);
  });

  it('every property has "examples" (shown on hover and completion)', () => {
    const lacking = all.filter((p) => !Array.isArray(p.schema.examples) || p.schema.examples.length === 0);
    expect(lacking.map((p) => `${p.object}: '${p.name}' has no "examples"`)).toEqual([]);
  });

  it('every example and default is valid for its property', () => {
    const ajv = new Ajv2020({ strict: false, allowUnionTypes: true });
    ajv.addSchema({ ...schema, $id: 'keyspec' });
    const invalid: string[] = [];
    for (const p of all) {
      const check = ajv.compile({ $ref: `keyspec#${p.pointer}` });
      for (const ex of (p.schema.examples as unknown[] | undefined) ?? [])
        if (!check(ex)) invalid.push(`${p.object}: '${p.name}' example ${JSON.stringify(ex)}: ${ajv.errorsText(check.errors)}`);
      if ('default' in p.schema && !check(p.schema.default))
        invalid.push(`${p.object}: '${p.name}' default ${JSON.stringify(p.schema.default)}: ${ajv.errorsText(check.errors)}`);
    }
    expect(invalid).toEqual([]);
  });

  it('no required property has a "default"', () => {
    expect(
      all.filter((p) => p.required && 'default' in p.schema).map((p) => `${p.object}: '${p.name}' is required but has a "default"`),
    ).toEqual([]);
  });
});

describe('LANGUAGE.md property tables', () => {
  const docs = tables();

  it('has a table for every object of the schema, and none for an object it lacks', () => {
    const names = objects.map(([n]) => n);
    expect(names.filter((n) => !docs.has(n)).map((n) => `no <!-- properties: ${n} --> table`)).toEqual([]);
    expect([...docs.keys()].filter((n) => !names.includes(n)).map((n) => `table for unknown object '${n}'`)).toEqual([]);
  });

  it('documents every property with its default', () => {
    const problems: string[] = [];
    for (const p of all) {
      const cell = docs.get(p.object)?.get(p.name);
      const expected = p.required ? 'required' : 'default' in p.schema ? shown(p.schema.default) : '—';
      if (cell === undefined) problems.push(`${p.object}: no row for \`${p.name}\` (default cell: ${expected})`);
      else if (cell !== expected) problems.push(`${p.object}: \`${p.name}\` has default cell '${cell}', expected '${expected}'`);
    }
    expect(problems).toEqual([]);
  });

  it('has no row for a property the schema does not have', () => {
    const known = new Set(all.map((p) => `${p.object}/${p.name}`));
    const extra = [...docs].flatMap(([object, rows]) =>
      [...rows.keys()].filter((n) => !known.has(`${object}/${n}`)).map((n) => `${object}: \`${n}\``),
    );
    expect(extra).toEqual([]);
  });
});

describe('LANGUAGE.md TTL policies', () => {
  it('every TTL form of the table is a TTL the schema accepts, and a wrong one is not', () => {
    const section = md.slice(md.indexOf('## TTL policies'), md.indexOf('\n## ', md.indexOf('## TTL policies') + 1));
    const forms = [...section.matchAll(/`(ttl: [^`]+)`/g)].map((m) => (parse(m[1]!) as { ttl: unknown }).ttl);
    expect(forms.length).toBeGreaterThanOrEqual(10);
    const ajv = new Ajv2020({ strict: false, allowUnionTypes: true });
    ajv.addSchema({ ...schema, $id: 'keyspec' });
    const ttl = ajv.compile({ $ref: 'keyspec#/$defs/ttl' });
    expect(forms.filter((f) => !ttl(f))).toEqual([]);
    expect(ttl('twelve hours')).toBe(false);
    // The description names the forms (editors show it on hover and with a wrong value).
    const described = String(schema.$defs.ttl!.description);
    for (const word of ['none', 'seconds', 'duration', 'max', 'min', 'optional', 'refresh', 'env', 'field', 'cases'])
      expect(described).toContain(word);
  });
});

describe("a key's type branches", () => {
  // Each `then` is closed (`additionalProperties: false`) over the key's common properties, listed as `true`,
  // and its type's own; the last branch (no valid `type` yet) lists every property as `true`. A property
  // added to the key must be added to every branch too, or keys of the other types reject it (KS011).
  const key = schema.$defs.key!;
  const common = Object.keys(key.properties ?? {});
  const branches = (key.allOf as { if: unknown; then: { properties: Record<string, unknown>; additionalProperties?: unknown } }[]) ?? [];
  const specific = new Set(
    branches.flatMap((b) =>
      Object.entries(b.then.properties)
        .filter(([, v]) => v !== true)
        .map(([k]) => k),
    ),
  );

  it('each branch lists every common property as true, and is closed', () => {
    const problems: string[] = [];
    branches.forEach((b, i) => {
      const label = `key.allOf[${i}] (if ${JSON.stringify(b.if)})`;
      if (b.then.additionalProperties !== false) problems.push(`${label}: then is not closed (additionalProperties: false)`);
      for (const c of common) if (b.then.properties[c] !== true) problems.push(`${label}: then lacks common property '${c}: true'`);
    });
    expect(problems).toEqual([]);
  });

  it('the branch for a missing or unknown type allows every property', () => {
    const last = branches[branches.length - 1]!;
    const missing = [...common, ...specific].filter((p) => last.then.properties[p] !== true);
    expect(missing.map((p) => `the last key.allOf branch lacks '${p}: true'`)).toEqual([]);
  });
});
