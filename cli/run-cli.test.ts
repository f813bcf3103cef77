import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.ts';
import { io } from '../testing/cli/io.ts';

describe('keyspec validate', () => {
  it('exits 0 on the shipped WEPPcloud spec', async () => {
    const x = io();
    expect(await runCli(['validate', 'spec/weppcloud.yaml'], x)).toBe(0);
    expect(x.err).toContain('0 errors');
  });

  it('reports a wrong-typed TTL at its exact node with a code frame, and exits 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyspec-cli-'));
    const file = join(dir, 'weppcloud.yaml');
    writeFileSync(
      file,
      'keyspec: 1\nname: w\ndatabases:\n  - index: 0\n    name: a\n    keys:\n      - name: k\n        pattern: k\n        type: string\n        ttl: [1]\n',
    );
    const x = io();
    expect(await runCli(['validate', file], { ...x, cwd: dir, stdout: x.stdout, stderr: x.stderr })).toBe(2);
    expect(x.err).toContain('weppcloud.yaml:10:14 KS010');
    expect(x.err).toContain('> 10 |         ttl: [1]');
    expect(x.err).toContain('hint:');
    expect(x.err).toMatch(/1 error, 0 warnings/);
  });

  it('--format json gives the documented shape', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyspec-cli-'));
    const file = join(dir, 's.yaml');
    writeFileSync(file, 'keyspec: 1\nname: s\ntypes:\n  unused: { regex: "[a-z]+" }\n');
    const x = io();
    expect(await runCli(['validate', '--format', 'json', file], { ...x, cwd: dir, stdout: x.stdout, stderr: x.stderr })).toBe(0);
    const parsed = JSON.parse(x.out) as { diagnostics: Record<string, unknown>[] };
    expect(parsed.diagnostics).toEqual([
      {
        id: 'KS111',
        severity: 'warning',
        file: 's.yaml',
        line: 4,
        column: 3,
        message: expect.stringContaining('unused'),
        hint: expect.any(String),
      },
    ]);
    const y = io();
    expect(await runCli(['validate', '--strict', '--format', 'json', file], { ...y, cwd: dir, stdout: y.stdout, stderr: y.stderr })).toBe(
      2,
    );
  });

  it('a missing file is a diagnostic, not a crash', async () => {
    const x = io();
    expect(await runCli(['validate', 'nope.yaml'], x)).toBe(2);
    expect(x.err).toContain('nope.yaml:1:1 KS003');
  });

  it('usage errors exit 2', async () => {
    const x = io();
    expect(await runCli(['validate'], x)).toBe(2);
    expect(await runCli(['frobnicate'], x)).toBe(2);
    expect(await runCli(['validate', '--format', 'xml', 'spec/weppcloud.yaml'], x)).toBe(2);
  });

  it('--help documents the exit codes', async () => {
    const x = io();
    expect(await runCli(['--help'], x)).toBe(0);
    expect(x.out).toContain('3  cannot connect to Redis');
  });
});
