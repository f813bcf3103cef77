/** A synthetic 300-pattern spec generates a client that compiles under `tsc --strict`. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { syntheticSpecYaml } from '../testing/fixtures/synthetic-spec.ts';
import { loadSpec, type SpecHost } from '../spec/index.ts';
import { generateFiles } from './generate.ts';

const dir = mkdtempSync(join(import.meta.dirname, '.tmp-synth-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('synthetic 300-pattern spec', () => {
  it('generates a client that type-checks strictly', () => {
    const yaml = syntheticSpecYaml(300, { databases: 4 });
    const host: SpecHost = { readFile: () => yaml, resolve: (_f, s) => s };
    const result = loadSpec('synthetic.yaml', host);
    expect(result.diagnostics).toEqual([]);
    const files = generateFiles(result.spec!, { specPath: 'synthetic.yaml', outDir: 'generated/synthetic-300' });
    for (const f of files) {
      mkdirSync(dirname(join(dir, f.path)), { recursive: true });
      writeFileSync(join(dir, f.path), f.contents);
    }
    const program = ts.createProgram([join(dir, 'client.ts')], {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      skipLibCheck: true,
      types: ['node'],
      noUncheckedIndexedAccess: true,
    });
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(diagnostics).toEqual([]);
    expect(files.find((f) => f.path === 'descriptors.ts')!.contents.match(/_KEY: KeyDesc =/g)?.length).toBe(300);
  });
});
