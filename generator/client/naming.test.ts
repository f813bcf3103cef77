/** The client's naming pass: accessor names without stutter, enum aliases kept by name, no clashes. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpec, nodeHost, type SpecHost } from '../../spec/index.ts';
import { ClientNames } from './naming.ts';

const root = join(import.meta.dirname, '..', '..');
const wepp = new ClientNames(loadSpec(join(root, 'spec', 'weppcloud.yaml'), nodeHost(root)).spec!);

function inline(yaml: string): ClientNames {
  const host: SpecHost = { readFile: () => yaml, resolve: (_f, s) => s };
  const result = loadSpec('inline.yaml', host);
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return new ClientNames(result.spec!);
}

const accessor = (names: ClientNames, id: string): string => names.keys.find((k) => k.key.id === id)!.accessor;

describe('accessor names', () => {
  it.each([
    ['rq.rq.job', 'job'],
    ['rq.rq.job_dependents', 'jobDependents'],
    ['rq.rq.queues', 'queues'],
    ['session.flask_session.session', 'flaskSession'],
    ['lock.nodb_lock', 'nodbLock'],
    ['log_level.loglevel', 'loglevel'],
  ])('%s is %s', (id, name) => {
    expect(accessor(wepp, id)).toBe(name);
  });

  it('keeps the database prefix where dropping it would make two accessors clash', () => {
    const names = inline(
      [
        'keyspec: 1',
        'name: clash',
        'databases:',
        '  - index: 0',
        '    name: cache',
        '    keys:',
        '      - { name: cache_entry, pattern: "cache:entry", type: string }',
        '      - { name: entry, pattern: "entry", type: string }',
        '      - { name: cache_stats, pattern: "cache:stats", type: string }',
      ].join('\n'),
    );
    expect(names.keys.map((k) => k.accessor)).toEqual(['cacheEntry', 'entry', 'stats']);
  });

  it('are unique within each database', () => {
    for (const d of wepp.databases) expect(new Set(d.keys.map((k) => k.accessor)).size).toBe(d.keys.length);
  });
});

describe('enum aliases', () => {
  it('are kept by name, never merged by value', () => {
    const aliases = wepp.enums.all();
    const one = aliases.filter((e) => e.values.join() === '1').map((e) => e.alias);
    expect(one).toEqual(['RqCleanRegistriesLockValue', 'RqSuspendedValue']);
  });

  it('name named types after the type', () => {
    expect(wepp.enums.all().map((e) => e.alias)).toEqual(expect.arrayContaining(['Task', 'RqQueue', 'RqJobStatus']));
  });
});

describe('module-level names', () => {
  it('are claimed once', () => {
    const all = [
      ...wepp.keys.flatMap((k) => [k.descriptor, k.valueType, k.params, k.hashClass, ...k.fieldPatterns.map((f) => f.descriptor)]),
      ...wepp.channels.flatMap((c) => [c.params, c.message, c.descriptor]),
      ...wepp.databases.map((d) => d.accessors),
      ...wepp.placeholderConsts().map((p) => p.constant),
    ].filter((n): n is string => n !== undefined);
    const enumAliases = new Set(wepp.enums.all().map((e) => e.alias));
    const declared = all.filter((n) => !enumAliases.has(n));
    expect(declared.length).toBe(new Set(declared).size);
  });
});
