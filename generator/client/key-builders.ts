/**
 * Key names for every pattern: `keys.<db>.<accessor>(params)` builds a key, `parseKey(db, key)` parses
 * one back into its pattern and typed params, trying patterns in the spec index's match order (a
 * pattern before the ones it shadows, otherwise declaration order), so the first match wins.
 */
import type { FunctionDeclarationStructure, OptionalKind } from 'ts-morph';
import { indexSpec } from '../../spec/index.ts';
import { propName } from '../names.ts';
import { arrow, braces, chain, quote, render, type Doc } from './layout.ts';
import { doc } from './docs.ts';
import type { ClientNames, KeyNames } from './naming.ts';

/** The value of `keys`: per database, a builder per key pattern. */
export function keyBuilders(names: ClientNames): Doc {
  return [
    braces(
      names.databases
        .filter((d) => d.keys.length)
        .map((d): Doc => [`${propName(d.prop)}: `, braces(d.keys.map((k) => [`${propName(k.accessor)}: `, builder(k)]))]),
    ),
    ' as const',
  ];
}

function builder(k: KeyNames): Doc {
  const { key } = k;
  // A pattern without placeholders is one constant key.
  if (!k.params) return `(): string => ${quote(literalKey(k))}`;
  return arrow(`(params: ${k.params}): string =>`, `buildName(${k.descriptor}.parts, params, ${quote(key.id)})`);
}

/** The one key of a pattern without placeholders. */
function literalKey(k: KeyNames): string {
  return k.key.pattern.parts.map((p) => (p.kind === 'literal' ? p.text : '')).join('');
}

/** `ParsedKey`: a union over every key pattern of its database, pattern and params. */
export function parsedKeyType(names: ClientNames): Doc {
  const variants = names.keys.map(
    (k): Doc =>
      braces(
        [
          `db: ${quote(k.db.name)}`,
          `key: ${quote(k.key.name)}`,
          `id: ${quote(k.key.id)}`,
          `params: ${k.params ?? 'Record<never, never>'}`,
        ],
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
