/**
 * The rooms' boundaries, as the README's layout describes them: only the CLI uses the command-line packages,
 * the library's entry exports no CLI code, and the shipped core never imports tests, fixtures or examples.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(root, dir), { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules' && e.name !== 'fixtures') out.push(...sources(path));
    } else if (e.name.endsWith('.ts')) out.push(path);
  }
  return out;
}

const imports = (file: string): string[] =>
  [...readFileSync(join(root, file), 'utf8').matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map((m) => m[1]!);

const CLI_ONLY = ['commander', 'cli-progress', 'picocolors'];
const ROOMS = ['spec', 'generator', 'conformance', 'diff', 'lsp', 'infer', 'examples', 'bench', 'scripts'];

describe('rooms', () => {
  it(`no module outside cli/ imports ${CLI_ONLY.join(', ')}`, () => {
    const offenders = ROOMS.flatMap(sources)
      .concat(['index.ts'])
      .flatMap((f) =>
        imports(f)
          .filter((i) => CLI_ONLY.includes(i))
          .map((i) => `${f} imports ${i}`),
      );
    expect(offenders).toEqual([]);
  });

  it('only lsp/ imports the language-server packages (the library and the other commands never load them)', () => {
    const offenders = ['spec', 'generator', 'conformance', 'diff', 'cli']
      .flatMap(sources)
      .concat(['index.ts'])
      .flatMap((f) =>
        imports(f)
          .filter((i) => i.startsWith('vscode-languageserver'))
          .map((i) => `${f} imports ${i}`),
      );
    expect(offenders).toEqual([]);
  });

  it('shipped code imports no test, fixture, example or cli module', () => {
    const shipped = ['spec', 'generator', 'conformance', 'lsp', 'infer']
      .flatMap(sources)
      .filter((f) => !/\.test\.ts$|\.check\.ts$|[/\\]testing[/\\]/.test(f))
      .concat(['index.ts']);
    const offenders = shipped.flatMap((f) =>
      imports(f)
        .filter((i) => i.startsWith('.'))
        .filter((i) => /(^|\/)(testing|examples|cli)\/|\.test\.ts$/.test(relative(root, join(root, f, '..', i))))
        .map((i) => `${f} imports ${i}`),
    );
    expect(offenders).toEqual([]);
  });
});
