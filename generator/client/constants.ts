/** The client's constants: the spec's name, database numbers by name, and TTL seconds by key id. */
import type { OptionalKind, VariableStatementStructure } from 'ts-morph';
import type { Spec } from '../../spec/index.ts';
import { propName } from '../names.ts';
import { braces, quote, type Doc } from './layout.ts';
import type { ClientNames } from './naming.ts';
import { constant } from './statements.ts';

export function clientConstants(spec: Spec, names: ClientNames): OptionalKind<VariableStatementStructure>[] {
  const ttl = names.keys.flatMap(({ key }): Doc[] => {
    const p = key.ttl;
    if (p.kind === 'exact') return [`${quote(key.id)}: ${p.seconds}`];
    if (p.kind === 'bounded') return [`${quote(key.id)}: ${p.max}`];
    return [];
  });
  return [
    constant('SPEC_NAME', quote(spec.name), { docs: 'The spec this client was generated from.' }),
    constant('DB', [braces(names.databases.map((d) => `${propName(d.prop)}: ${d.db.index}`)), ' as const'], {
      docs: 'Logical database numbers by name.',
    }),
    constant('TTL_SECONDS', [braces(ttl), ' as const'], {
      docs: 'The TTL (seconds; the upper bound for ranges) each key pattern is written with, by key id.',
    }),
  ];
}
