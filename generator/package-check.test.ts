import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { missingPackages } from './package-check.ts';

const dir = mkdtempSync(join(tmpdir(), 'keyspec-pkgcheck-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('missingPackages', () => {
  it('names the packages a folder cannot resolve, and not those it can', () => {
    const out = join(dir, 'app', 'src', 'generated');
    mkdirSync(out, { recursive: true });
    expect(missingPackages(out, ['ioredis'])).toEqual(['ioredis']);
    const pkg = join(dir, 'app', 'node_modules', 'ioredis');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'ioredis', version: '5.0.0', main: 'index.js' }));
    writeFileSync(join(pkg, 'index.js'), '');
    expect(missingPackages(out, ['ioredis', 'no-such-package-here'])).toEqual(['no-such-package-here']);
  });
});
