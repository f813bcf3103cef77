/** Enum aliases: a string-literal union and a `<NAME>_VALUES` constant per enum, named by the naming pass. */
import type { OptionalKind, TypeAliasDeclarationStructure, VariableStatementStructure } from 'ts-morph';
import { filled, quote } from './layout.ts';
import type { ClientNames } from './naming.ts';
import { constant } from './statements.ts';

export function enumDeclarations(names: ClientNames): {
  constants: OptionalKind<VariableStatementStructure>[];
  types: OptionalKind<TypeAliasDeclarationStructure>[];
} {
  const all = names.enums.all();
  return {
    constants: all.map((e) => constant(e.valuesConst, [filled(e.values.map(quote)), ' as const'], { docs: `The values of ${e.alias}.` })),
    types: all.map((e) => ({
      name: e.alias,
      isExported: true,
      type: e.values.length ? `(typeof ${e.valuesConst})[number]` : 'never',
    })),
  };
}
