/**
 * Key names for every pattern: `keys.<db>.<accessor>(params)` builds a key by concatenating its
 * literal parts and its params, each param checked by its placeholder's compiled check (no descriptor
 * is interpreted per call), `parseKey(db, key)` parses
 * one back into its pattern and typed params, trying patterns in the spec index's match order (a
 * pattern before the ones it shadows, otherwise declaration order), so the first match wins.
 */
import type { FunctionDeclarationStructure, OptionalKind } from 'ts-morph';
import { indexSpec } from '../../spec/index.ts';
import { propName } from '../names.ts';
import type { Pattern } from '../../spec/index.ts';
import { arrow, braces, chain, quote, render, WIDTH, type Doc } from './layout.ts';
import { doc } from './docs.ts';
import type { ClientNames, KeyNames } from './naming.ts';

/** The value of `keys`: per database, a builder per key pattern. */
export function keyBuilders(names: ClientNames): Doc {
  return [
    braces(
      names.databases
        .filter((d) => d.keys.length)
        .map((d): Doc => [`${propName(d.prop)}: `, braces(d.keys.map((k) => [`${propName(k.accessor)}: `, builder(names, k)]))]),
    ),
    ' as const',
  ];
}

function builder(names: ClientNames, k: KeyNames): Doc {
  const { key } = k;
  // A pattern without placeholders is one constant key.
  if (!k.params) return `(): string => ${quote(literalKey(k))}`;
  const items = nameParts(
    names,
    key.pattern,
    (name) => `params${/^[A-Za-z_$][\w$]*$/.test(name) ? `.${name}` : `[${quote(name)}]`}`,
    key.id,
  );
  return arrow(`(params: ${k.params}): string =>`, concatenation(items, 8));
}

/**
 * The terms of a name built from a pattern: its literal text quoted, each placeholder as its compiled
 * check of the param's value (`RUNID_CHECK(params.runid, 'lock.run')`), left to right as buildName
 * checks them, so the first bad param is the one reported.
 */
export function nameParts(names: ClientNames, pattern: Pattern, value: (name: string) => string, what: string): string[] {
  const items: string[] = [];
  let text = '';
  for (const p of pattern.parts) {
    if (p.kind === 'literal') text += p.text;
    else {
      if (text) items.push(quote(text));
      text = '';
      items.push(`${names.placeholderCheck(p.name, p.type)}(${value(p.name)}, ${quote(what)})`);
    }
  }
  if (text) items.push(quote(text));
  return items;
}

/** `a + b + c`, broken before a `+` where a line would pass WIDTH (lines start at `column`). */
export function concatenation(items: string[], column: number): string {
  const lines: string[] = [];
  let line = '';
  for (const item of items) {
    const next = line ? `${line} + ${item}` : item;
    if (line && column + next.length + 2 > WIDTH) {
      lines.push(line);
      line = `+ ${item}`;
    } else line = next;
  }
  lines.push(line);
  return lines.join('\n');
}

/** The one key of a pattern without placeholders. */
function literalKey(k: KeyNames): string {
  return k.key.pattern.parts.map((p) => (p.kind === 'literal' ? p.text : '')).join('');
}

/** `ParsedKey`: a union over every key pattern of its database, pattern and params. */
export function parsedKeyType(names: ClientNames): Doc {
  const variants = names.keys.map((k): Doc =>
    braces(
      [`db: ${quote(k.db.name)}`, `key: ${quote(k.key.name)}`, `id: ${quote(k.key.id)}`, `params: ${k.params ?? 'Record<never, never>'}`],
      ';',
    ),
  );
  return variants.length ? chain('|', variants) : 'never';
}

export function parseKeyFunction(names: ClientNames): OptionalKind<FunctionDeclarationStructure> {
  const cases: string[] = [];
  const index = indexSpec(names.spec);
  for (const d of names.databases) {
    if (!d.keys.length) continue;
    const byKey = new Map(d.keys.map((k) => [k.key, k]));
    const ordered = index.keysInMatchOrder(d.db.index).map((key) => byKey.get(key)!);
    const parsed = ordered.filter((k) => k.params).length;
    const lines = ordered.flatMap((k) => {
      const fields = [`db: ${quote(d.db.name)}`, `key: ${quote(k.key.name)}`, `id: ${quote(k.key.id)}`, k.params ? 'params' : 'params: {}'];
      if (!k.params) {
        const head = `if (key === ${quote(literalKey(k))}) return `;
        return [`${head}${render(braces(fields), 6 + head.length, 1, 6)};`];
      }
      const head = 'if (params) return ';
      const assign = `${parsed === 1 ? 'const ' : ''}params = parseName<${k.params}>(${k.descriptor}.parts, key);`;
      return [assign, `${head}${render(braces(fields), 6 + head.length, 1, 6)};`];
    });
    cases.push(
      [
        `case ${d.db.index}: {`,
        ...(parsed > 1 ? [`  let params;`] : []),
        ...lines.map((l) => `  ${l.replace(/\n/g, '\n  ')}`),
        `  return null;`,
        `}`,
      ].join('\n'),
    );
  }
  return {
    name: 'parseKey',
    isExported: true,
    docs: [doc('Parses a concrete key of a database (number or name): its pattern and typed params, or null when no pattern matches.')],
    parameters: [
      { name: 'db', type: 'number | DbName' },
      { name: 'key', type: 'string' },
    ],
    returnType: 'ParsedKey | null',
    statements: [`switch (typeof db === 'number' ? db : DB[db]) {`, ...cases, `  default:`, `    return null;`, `}`],
  };
}
