/** Per key pattern: the params interface of its placeholders and the type of its value, members or fields. */
import type { InterfaceDeclarationStructure, OptionalKind, TypeAliasDeclarationStructure } from 'ts-morph';
import { describeFormat } from '../../spec/index.ts';
import { propName } from '../names.ts';
import { doc, firstSentence } from './docs.ts';
import { braces, chain, quote, render, type Doc } from './layout.ts';
import type { ClientNames, KeyNames } from './naming.ts';
import { placeholderTsType } from './ts-types.ts';

export type Declaration =
  | { kind: 'interface'; structure: OptionalKind<InterfaceDeclarationStructure> }
  | { kind: 'type'; structure: OptionalKind<TypeAliasDeclarationStructure> };

/** `export type name = type;`, laid out to fit. */
export function typeAlias(name: string, type: Doc, docs?: string): Declaration {
  const head = `export type ${name} = `;
  return {
    kind: 'type',
    structure: { name, isExported: true, type: render(type, head.length, 1), ...(docs ? { docs: [doc(docs)] } : {}) },
  };
}

export function keyTypes(names: ClientNames, k: KeyNames): Declaration[] {
  const { key } = k;
  const out: Declaration[] = [];
  if (k.params) {
    out.push({
      kind: 'interface',
      structure: {
        name: k.params,
        isExported: true,
        docs: [`Placeholders of \`${key.pattern.text}\`.`],
        properties: key.pattern.parts.flatMap((p) =>
          p.kind === 'placeholder'
            ? [
                {
                  name: propName(p.name),
                  type: placeholderTsType(p.type, names.enums),
                  docs: [doc(p.type.description ? firstSentence(p.type.description)! : `a ${p.type.name}`, 2)],
                },
              ]
            : [],
        ),
      },
    });
  }
  if (key.type === 'hash' || key.type === 'stream') {
    const literal = k.types.fields.filter((f) => f.field.literal);
    const patterned = k.types.fields.filter((f) => !f.field.literal);
    const parts: Doc[] = [];
    if (literal.length)
      parts.push(
        braces(
          literal.map((f): Doc => [`${f.name}${f.field.required ? '' : '?'}: `, f.value]),
          ';',
        ),
      );
    for (const f of patterned) parts.push(braces([[`[K in ${f.name}]?: `, f.value]], ';'));
    if (key.additionalFields) parts.push('Record<string, string>');
    const cases = k.types.cases;
    if (cases) {
      // Entries as a union discriminated by the deciding field: each case's fields, and the values without a case.
      const tag = propName(cases.field);
      const lit = (values: string[]): Doc =>
        chain(
          '|',
          values.map((v) => quote(v)),
        );
      const branches: Doc[] = cases.branches.map((b) =>
        braces([[`${tag}: `, lit(b.values)], ...b.fields.map((f): Doc => [`${f.name}${f.field.required ? '' : '?'}: `, f.value])], ';'),
      );
      if (cases.rest.length) branches.push(braces([[`${tag}: `, lit(cases.rest)]], ';'));
      parts.push(['(', chain('|', branches), ')']);
    }
    const what = cases ? `Entry fields of \`${key.pattern.text}\`, by \`${cases.field}\`.` : `Fields of \`${key.pattern.text}\`.`;
    out.push(typeAlias(k.valueType, parts.length ? chain('&', parts) : 'Record<never, never>', what));
  } else if (k.types.value !== undefined && k.types.value !== k.valueType) {
    const format = key.type === 'string' ? (key.value ?? { kind: 'raw' }) : key.type === 'module' ? { kind: 'raw' as const } : key.member;
    const what = key.type === 'string' ? 'Value' : 'Members';
    out.push(typeAlias(k.valueType, k.types.value, `${what} of \`${key.pattern.text}\`: ${describeFormat(format)}.`));
  }
  return out;
}

/** The TS type of a key's accessor, e.g. `HashKey<RqJobFields>` or `RunHash`. */
export function accessorType(k: KeyNames): string {
  if (k.hashClass) return k.hashClass;
  if (k.key.type === 'module' || k.key.logical === 'bitmap' || k.key.logical === 'hyperloglog') return accessorClass(k);
  if (k.key.logical === 'geo') return `GeoKey<${k.valueType}>`;
  return `${accessorClass(k)}<${accessorTypeArgs(k)}>`;
}

/** The runtime class a key's accessor is (or extends). */
export function accessorClass(k: KeyNames): string {
  switch (k.key.type) {
    case 'string':
      return k.key.logical === 'bitmap' ? 'BitmapKey' : k.key.logical === 'hyperloglog' ? 'HyperLogLogKey' : 'StringKey';
    case 'hash':
      return 'HashKey';
    case 'stream':
      return 'StreamKey';
    case 'list':
      return 'ListKey';
    case 'set':
      return 'SetKey';
    case 'zset':
      return k.key.logical === 'geo' ? 'GeoKey' : 'ZSetKey';
    case 'module':
      return 'ModuleKey';
  }
}

function accessorTypeArgs(k: KeyNames): string {
  if (k.key.type === 'zset') return `${k.valueType}, ${render(k.types.score ?? 'number')}`;
  return k.valueType;
}
