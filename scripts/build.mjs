#!/usr/bin/env node
/**
 * Builds the package: TypeScript sources compiled to ESM `.js`, `.d.ts` and source maps in `dist/`, with
 * the run-time assets the compiled code loads relative to itself (Lua scripts, templates, the generated
 * client's runtime sources, JSON schemas) copied beside it. Builds into a temporary folder and swaps it in,
 * so an interrupted build never leaves a half-written `dist/`.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist');
const tmp = join(root, `.dist-${process.pid}`);

/** Folders whose every file is copied as-is (sources the generator copies into users' projects). */
const COPY_DIRS = ['generator/runtime', 'generator/templates'];
/** File endings copied from the compiled rooms wherever they sit (tests and fixtures excepted). */
const COPY_ENDINGS = ['.lua', '.json', '.hbs'];
const ROOMS = ['spec', 'generator', 'conformance', 'cli', 'diff', 'infer'];

function walk(dir, visit) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name === 'node_modules' || name === 'testing' || name === 'fixtures') continue;
      walk(path, visit);
    } else visit(path);
  }
}

rmSync(tmp, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
try {
  execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json'), '--outDir', tmp], { stdio: 'inherit' });
} catch {
  rmSync(tmp, { recursive: true, force: true });
  console.error('keyspec build: tsc failed; dist/ left as it was');
  process.exit(1);
}
for (const dir of COPY_DIRS) cpSync(join(root, dir), join(tmp, dir), { recursive: true });
for (const room of ROOMS) {
  walk(join(root, room), (path) => {
    if (COPY_ENDINGS.some((e) => path.endsWith(e))) cpSync(path, join(tmp, relative(root, path)));
  });
}
// The CLI bundled into a few ES modules (one per lazily loaded command engine): a cold start then reads a
// handful of files instead of hundreds of small CommonJS modules. Packages that only some commands load
// (ts-morph, handlebars, ioredis, ws, ...) stay external and are imported from node_modules when needed.
const { build } = await import('esbuild');
await build({
  entryPoints: { keyspec: join(tmp, 'cli', 'main.js') },
  outdir: join(tmp, 'bin'),
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: [
    'ts-morph',
    'handlebars',
    'ioredis',
    'ws',
    'cli-progress',
    'diff',
    'testcontainers',
    'vitest',
    'ajv/dist/standalone/*',
    'vscode-languageserver',
    'vscode-languageserver/*',
    'vscode-languageserver-textdocument',
  ],
  banner: { js: "import { createRequire as __keyspecRequire } from 'node:module'; const require = __keyspecRequire(import.meta.url);" },
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
  legalComments: 'none',
});
if (existsSync(out)) rmSync(out, { recursive: true, force: true });
renameSync(tmp, out);
console.error(`keyspec build: dist/ ready`);

// The JSON Schema validators as ajv standalone code (a cold `validate` would otherwise compile them).
const { standaloneSources } = await import(join(out, 'spec/language/precompiled-validators.js'));
for (const [file, source] of Object.entries(standaloneSources())) {
  writeFileSync(join(out, 'spec/language', file), source);
  console.error(`keyspec build: precompiled ${file}`);
}
