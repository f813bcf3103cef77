import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { io } from '../../testing/cli/io.ts';
import { syntheticSpecYaml } from '../../testing/fixtures/synthetic-spec.ts';
import { runCli } from '../run-cli.ts';

/** Clear to the end of the line (ANSI). */
const CLEAR = '\u001b[K';
/** One progress line update: carriage return, the line, clear to end of line. */
const PROGRESS = new RegExp(`\r[^\r]*?${CLEAR.replace('[', '\\[')}`, 'g');
/** What `validate` of a clean spec prints, progress or not. */
const SUMMARY = '✓ 1 spec valid: 0 errors, 0 warnings\n';

describe('keyspec validate: the progress line of a large spec', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keyspec-validate-'));
  const big = join(dir, 'big.yaml');
  writeFileSync(big, syntheticSpecYaml(400, { databases: 1 }));
  const small = join(dir, 'small.yaml');
  writeFileSync(small, syntheticSpecYaml(40, { databases: 1 }));

  // The tests decide what a terminal is, not the terminal vitest runs in.
  let wasTTY: boolean | undefined;
  beforeEach(() => {
    wasTTY = process.stderr.isTTY;
    Object.defineProperty(process.stderr, 'isTTY', { value: false, configurable: true });
  });
  afterEach(() => {
    Object.defineProperty(process.stderr, 'isTTY', { value: wasTTY, configurable: true });
  });

  it('is not shown when stderr is not a terminal: the output is the summary line alone', async () => {
    const x = io({ cwd: dir });
    expect(await runCli(['validate', big], x)).toBe(0);
    expect(x.err).toBe(SUMMARY);
    expect(x.out).toBe('');
  });

  it('is shown on a terminal, counts candidate pairs, and is cleared before the summary', async () => {
    Object.defineProperty(process.stderr, 'isTTY', { value: true, configurable: true });
    const x = io({ cwd: dir });
    expect(await runCli(['validate', big], x)).toBe(0);
    const updates = x.err.match(PROGRESS) ?? [];
    expect(updates.length).toBeGreaterThanOrEqual(2);
    expect(updates[0]).toMatch(/^\rchecking overlaps of 400 keys: 0\/[\d,]+ candidate pairs \(of 79,800\)/);
    expect(updates[0]!.endsWith(CLEAR)).toBe(true);
    expect(updates.at(-1)).toBe(`\r${CLEAR}`);
    expect(x.err.replace(PROGRESS, '')).toBe(SUMMARY);
  });

  it('is not shown for a small spec, with --no-progress, or with --format json', async () => {
    const s = io({ cwd: dir, progress: true });
    expect(await runCli(['validate', small], s)).toBe(0);
    expect(s.err).toBe(SUMMARY);
    const n = io({ cwd: dir, progress: true });
    expect(await runCli(['validate', '--no-progress', big], n)).toBe(0);
    expect(n.err).toBe(SUMMARY);
    const j = io({ cwd: dir, progress: true });
    const plain = io({ cwd: dir });
    expect(await runCli(['validate', '--format', 'json', big], j)).toBe(0);
    expect(await runCli(['validate', '--format', 'json', big], plain)).toBe(0);
    expect(j.err).toBe('');
    expect(j.out).toBe(plain.out);
  });
});
