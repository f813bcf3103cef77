/**
 * One structure of the language, written down three times, kept in step: spec/keyspec.schema.json
 * (what `validate` checks), the Raw* interfaces the builder reads (build/raw.ts), and spec/LANGUAGE.md.
 * The Raw interfaces are walked from RawSpec with ts-morph; at each one the schema node at the same
 * place must have exactly the same property names, and the same ones required.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Project, SyntaxKind, type InterfaceDeclaration } from 'ts-morph';
import { describe, expect, it } from 'vitest';

type Schema = { [k: string]: unknown; properties?: Record<string, Schema>; required?: string[] };

const specDir = join(import.meta.dirname, '..');
const schema = JSON.parse(readFileSync(join(specDir, 'keyspec.schema.json'), 'utf8')) as Schema;
const project = new Project({ skipAddingFilesFromTsConfig: true, compilerOptions: { allowImportingTsExtensions: true } });
const files = [join(import.meta.dirname, 'build', 'raw.ts'), join(import.meta.dirname, 'placeholder-types.ts')].map((f) =>
  project.addSourceFileAtPath(f),
);

function rawInterface(name: string): InterfaceDeclaration {
  for (const f of files) {
    const i = f.getInterface(name);
    if (i) return i;
  }
  throw new Error(`no interface ${name}`);
}

function deref(node: Schema): Schema {
  let n = node;
  while (typeof n.$ref === 'string') {
    const path = n.$ref.replace(/^#\//, '').split('/');
    n = path.reduce<Schema>((at, seg) => (at as Record<string, Schema>)[seg]!, schema);
  }
  return n;
}

/**
 * An object schema with the properties of its `if`/`then` branches (`allOf`) merged in: a key's schema
 * declares the properties of each Redis type in a branch on `type`, and the Raw interface has them all.
 */
function withBranches(n: Schema): Schema {
  const branches = ((n.allOf as Schema[] | undefined) ?? []).map((b) => (b.then as Schema | undefined)?.properties ?? {});
  if (branches.length === 0) return n;
  // A branch repeats the other properties as `true` (to close itself over them); only schemas count.
  const merged: Record<string, Schema> = { ...n.properties };
  for (const props of branches)
    for (const [k, v] of Object.entries(props)) if (typeof v === 'object' && !(k in merged)) merged[k] = v as Schema;
  return { ...n, properties: merged };
}

/** The object schema (with `properties`) a TS type at this place corresponds to. */
function objectSchema(node: Schema): Schema | undefined {
  const n = deref(node);
  if (n.properties) return withBranches(n);
  if (n.type === 'array' && n.items) return objectSchema(n.items as Schema);
  if (n.type === 'object' && n.additionalProperties && typeof n.additionalProperties === 'object')
    return objectSchema(n.additionalProperties as Schema);
  for (const alt of [...((n.anyOf as Schema[]) ?? []), ...((n.oneOf as Schema[]) ?? [])]) {
    const o = objectSchema(alt);
    if (o) return o;
  }
  return undefined;
}

interface Pair {
  where: string;
  iface: string;
  schema: Schema;
}

/** Every (Raw interface, schema node) pair reachable from RawSpec and the schema root. */
function pairs(): Pair[] {
  const out: Pair[] = [];
  const seen = new Set<string>();
  const visit = (iface: string, node: Schema, where: string): void => {
    if (seen.has(iface)) return;
    seen.add(iface);
    out.push({ where, iface, schema: node });
    for (const prop of rawInterface(iface).getProperties()) {
      const ref = /\bRaw[A-Z]\w*/.exec(prop.getTypeNode()?.getText() ?? '')?.[0];
      const sub = node.properties?.[prop.getName()];
      if (!ref || !sub) continue;
      const target = objectSchema(sub);
      if (target) visit(ref, target, `${where}.${prop.getName()}`);
    }
  };
  visit('RawSpec', schema, '(root)');
  return out;
}

describe('keyspec.schema.json and the Raw* interfaces of build/raw.ts', () => {
  const all = pairs();

  it('reach every Raw interface from RawSpec', () => {
    const declared = files.flatMap((f) => f.getInterfaces().map((i) => i.getName())).filter((n) => n.startsWith('Raw'));
    expect(all.map((p) => p.iface).sort()).toEqual([...new Set(declared)].sort());
  });

  it.each(all.map((p) => [p.iface, p] as const))('%s has the properties of its schema node', (_name, { where, iface, schema: node }) => {
    const props = rawInterface(iface).getProperties();
    const tsNames = props.map((p) => p.getName()).sort();
    const schemaNames = Object.keys(node.properties ?? {}).sort();
    expect(tsNames, `${iface} vs schema at ${where}`).toEqual(schemaNames);
    const tsRequired = props
      .filter((p) => !p.hasQuestionToken())
      .map((p) => p.getName())
      .sort();
    expect(tsRequired, `required properties of ${iface} vs schema at ${where}`).toEqual([...(node.required ?? [])].sort());
  });

  it.each(all.map((p) => [p.iface, p] as const))(
    'the inline object types of %s match the schema',
    (_name, { where, iface, schema: node }) => {
      for (const prop of rawInterface(iface).getProperties()) {
        const literal = prop.getTypeNode()?.getFirstDescendantByKind(SyntaxKind.TypeLiteral);
        const sub = node.properties?.[prop.getName()];
        if (!literal || !sub || /\bRaw[A-Z]/.test(prop.getTypeNode()!.getText())) continue;
        const target = objectSchema(sub);
        expect(target, `${where}.${prop.getName()} is an object in ${iface} but not in the schema`).toBeDefined();
        const names = literal
          .getProperties()
          .map((p) => p.getName())
          .sort();
        expect(names, `${iface}.${prop.getName()} vs schema at ${where}.${prop.getName()}`).toEqual(
          Object.keys(target!.properties ?? {}).sort(),
        );
      }
    },
  );
});

describe('LANGUAGE.md', () => {
  const md = readFileSync(join(specDir, 'LANGUAGE.md'), 'utf8');
  const names = new Set<string>();
  const collect = (n: unknown): void => {
    if (Array.isArray(n)) n.forEach(collect);
    else if (n && typeof n === 'object') {
      const o = n as Schema;
      if (o.properties && typeof o.properties === 'object') for (const k of Object.keys(o.properties)) names.add(k);
      Object.values(o).forEach(collect);
    }
  };
  collect(schema);

  it.each([...names].sort())('documents `%s`', (name) => {
    const esc = name.replace(/[$]/g, '\\$');
    // As a YAML key (`name:`), a code span (`name`), or in a `{a, b}` list of keys.
    expect(md).toMatch(new RegExp(`(?<![\\w$.-])${esc}(?=[:\`,}])`));
  });
});
