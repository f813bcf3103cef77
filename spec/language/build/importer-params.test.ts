/**
 * A library's examples are written for its own parameter defaults. Imported with other values, an
 * example that does not fit them is left out of the import (not an error in a file the importer did not
 * write); a wrong example is still reported, once, in the library, whatever the importer passes.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeHost, validateSpecs } from '../../index.ts';

const lib = join(import.meta.dirname, '..', '..', 'lib');

function app(dir: string, queues: string[]): string {
  const file = join(dir, `app-${queues.join('-') || 'none'}.yaml`);
  writeFileSync(
    file,
    [
      'keyspec: 1',
      'name: app',
      'databases:',
      '  - index: 9',
      '    name: rq',
      'imports:',
      `  - spec: ${join(lib, 'rq.yaml')}`,
      '    as: rq',
      '    database: rq',
      '    params:',
      `      queues: [${queues.join(', ')}]`,
      '',
    ].join('\n'),
  );
  return file;
}

describe('a library imported with parameters of the importer', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keyspec-importer-params-'));

  it.each([[['batch']], [['default', 'batch']], [['a', 'b', 'c']], [['default']]])('lib/rq.yaml with queues %j validates', (queues) => {
    const r = validateSpecs([app(dir, queues)], nodeHost(dir), { strict: true });
    expect(r.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.id} ${d.message}`)).toEqual([]);
    const keys = r.specs[0]!.spec!.databases.find((d) => d.name === 'rq')!.keys;
    const queue = keys.find((k) => k.name === 'rq.queue')!;
    // The examples kept are the ones that fit the importer's queues.
    expect(queue.examples).toEqual(queues.includes('default') ? ['rq:queue:default'] : []);
  });

  it('reports a wrong example of the library once, at its line, under any parameters', () => {
    const libFile = join(dir, 'lib.yaml');
    writeFileSync(
      libFile,
      [
        'keyspec: 1',
        'name: lib',
        'kind: library',
        'params:',
        '  queues: { default: [default] }',
        'types:',
        '  queue: { enum: { $param: queues } }',
        'keys:',
        '  - name: queue',
        "    pattern: 'q:{queue}'",
        '    type: list',
        "    examples: ['q:default', 'q:typo:default']",
        '',
      ].join('\n'),
    );
    const appFile = join(dir, 'app-lib.yaml');
    writeFileSync(
      appFile,
      [
        'keyspec: 1',
        'name: app',
        'databases: [{ index: 0, name: main }]',
        'imports:',
        '  - { spec: lib.yaml, as: a, database: main, params: { queues: [x] } }',
        '  - { spec: lib.yaml, as: b, database: main, params: { queues: [y] } }',
        '',
      ].join('\n'),
    );
    const r = validateSpecs([appFile], nodeHost(dir));
    const ks116 = r.diagnostics.filter((d) => d.id === 'KS116');
    expect(ks116.map((d) => `${d.file.split('/').pop()}:${d.line}:${d.column} ${d.message}`)).toEqual([
      "lib.yaml:12:29 example 'q:typo:default' does not match pattern 'q:{queue}': placeholder {queue} (queue: one of default) does not accept 'typo:default'",
    ]);
  });
});
