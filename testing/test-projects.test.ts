/** The test projects of vitest.config.ts pick files by name and folder: no test file may fall outside them. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEST_ROOMS } from '../vitest.config.ts';

const root = join(import.meta.dirname, '..');
const SKIP = new Set(['node_modules', 'dist', '.git', 'scratch']);

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.isDirectory()) return SKIP.has(e.name) || e.name.startsWith('.') ? [] : testFiles(join(dir, e.name));
    return e.name.endsWith('.test.ts') ? [relative(root, join(dir, e.name)).split(sep).join('/')] : [];
  });
}

describe('test projects', () => {
  const files = testFiles(root);

  it('every test file lives in a folder the projects include', () => {
    expect(files.length).toBeGreaterThan(0);
    expect(files.filter((f) => !TEST_ROOMS.includes(f.split('/')[0]!))).toEqual([]);
  });

  it('the shared helpers in testing/ are neither compiled into dist/ nor packed', () => {
    const build = JSON.parse(readFileSync(join(root, 'tsconfig.build.json'), 'utf8')) as { include: string[] };
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { files: string[] };
    expect(build.include.filter((p) => p.startsWith('testing'))).toEqual([]);
    expect(pkg.files.filter((p) => p.startsWith('testing'))).toEqual([]);
  });
});
