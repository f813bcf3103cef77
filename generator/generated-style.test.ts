/**
 * The generated client reads well: no line over 120 characters and no `as unknown as` cast, in every
 * generated TypeScript file (client, descriptors, runtime), for the shipped spec and a synthetic one.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { syntheticSpecYaml } from '../testing/fixtures/synthetic-spec.ts';
import { loadSpec, nodeHost, type SpecHost } from '../spec/index.ts';
import { generateFiles } from './generate.ts';

const root = join(import.meta.dirname, '..');
const wepp = loadSpec(join(root, 'spec', 'weppcloud.yaml'), nodeHost(root)).spec!;
const yaml = syntheticSpecYaml(40, { databases: 3 });
const host: SpecHost = { readFile: () => yaml, resolve: (_f, s) => s };
const synthetic = loadSpec('synthetic.yaml', host).spec!;

describe.each([
  ['weppcloud', generateFiles(wepp, { specPath: 'spec/weppcloud.yaml', outDir: 'generated/weppcloud' })],
  ['synthetic', generateFiles(synthetic, { specPath: 'synthetic.yaml', outDir: 'generated/synthetic' })],
])('generated %s client', (_name, files) => {
  const ts = files.filter((f) => f.path.endsWith('.ts'));

  it.each(ts.map((f) => [f.path, f.contents] as const))('%s has no line over 120 characters', (_path, contents) => {
    const long = contents.split('\n').flatMap((line, i) => (line.length > 120 ? [`${i + 1}: ${line.length}`] : []));
    expect(long).toEqual([]);
  });

  it.each(ts.map((f) => [f.path, f.contents] as const))('%s has no `as unknown as`', (_path, contents) => {
    expect(contents).not.toContain('as unknown as');
  });
});

describe('the runtime folder', () => {
  const runtime = generateFiles(wepp, { specPath: 'spec/weppcloud.yaml', outDir: 'generated/weppcloud' }).filter((f) =>
    f.path.startsWith('runtime/'),
  );

  it.each(runtime.map((f) => [f.path, f.contents] as const))('%s imports only ioredis, node built-ins and itself', (_p, src) => {
    const specifiers = [...src.matchAll(/^(?:import|export)[^'"]*?from '([^']+)'/gm)].map((m) => m[1]!);
    expect(specifiers.filter((s) => !(s === 'ioredis' || s.startsWith('node:') || /^\.\/[a-z-]+\.js$/.test(s)))).toEqual([]);
  });
});
