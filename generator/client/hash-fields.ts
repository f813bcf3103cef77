/**
 * Hashes with field patterns get a class of their own: a typed getter and setter per field pattern,
 * named after its literal text (`getTimestamps(task)`, `setTimestamps(task, value)`). Each builds its
 * field name by concatenation, its params checked by their compiled checks, and reads or writes with
 * the field's compiled plan.
 */
import type { ClassDeclarationStructure, MethodDeclarationStructure, OptionalKind } from 'ts-morph';
import type { Spec } from '../../spec/index.ts';
import { describeFormat } from '../../spec/index.ts';
import { camelCase } from '../names.ts';
import { doc, keyDoc } from './docs.ts';
import { concatenation, nameParts } from './key-builders.ts';
import { render } from './layout.ts';
import type { ClientNames, KeyNames } from './naming.ts';
import { placeholderTsType } from './ts-types.ts';

export function hashClass(spec: Spec, names: ClientNames, k: KeyNames): OptionalKind<ClassDeclarationStructure> | undefined {
  if (!k.hashClass) return undefined;
  const methods: OptionalKind<MethodDeclarationStructure>[] = [];
  for (const fp of k.fieldPatterns) {
    const { field } = fp;
    const type = k.types.fields.find((f) => f.field === field)!;
    const valueType = render(type.value);
    const ph = field.pattern.parts.flatMap((p) => (p.kind === 'placeholder' ? [p] : []));
    const params = ph.map((p) => ({ name: camelCase(p.name), type: placeholderTsType(p.type, names.enums) }));
    // A bad param rejects the returned promise, as every other accessor error does.
    const name = concatenation(nameParts(names, field.pattern, camelCase, `${k.key.id} field`), 10).replace(/\n/g, '\n    ');
    const local = params.some((p) => p.name === 'field') ? 'fieldName' : 'field';
    const build = (last: string): string =>
      [`let ${local}: string;`, 'try {', `  ${local} = ${name};`, '} catch (e) {', '  return Promise.reject(e);', '}', last].join('\n');
    methods.push({
      name: `get${fp.stem}`,
      parameters: params,
      returnType: `Promise<${valueType} | null>`,
      docs: [`HGET \`${field.pattern.text}\` (${describeFormat(field.value)}).`],
      statements: build(`return this.getFieldAs<${valueType}>(${fp.plan}, ${local});`),
    });
    methods.push({
      name: `set${fp.stem}`,
      parameters: [...params, { name: 'value', type: valueType }],
      returnType: 'Promise<void>',
      docs: [`HSET \`${field.pattern.text}\` with the key's TTL applied in the same MULTI.`],
      statements: build(`return this.setFieldAs(${fp.plan}, ${local}, value);`),
    });
  }
  return {
    name: k.hashClass,
    isExported: true,
    extends: `HashKey<${k.valueType}>`,
    docs: [doc(keyDoc(spec, k.key, k.db.index))],
    methods,
  };
}
