/**
 * Broken-spec fixtures: each file in fixtures/broken declares on its first line the exact diagnostics
 * it must produce, e.g. `# expect: KS110 9:18` or `# expect: KS120 12:18, KS111 4:3`. The set of
 * (rule id, line:col) the validator reports must equal it exactly.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeHost, validateSpecs } from '../index.ts';

const dir = join(import.meta.dirname, 'fixtures', 'broken');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

function expectations(text: string): string[] {
  const first = text.split('\n')[0] ?? '';
  const m = /^# expect: (.+)$/.exec(first);
  if (!m) throw new Error('fixture must start with "# expect: KSnnn line:col[, ...]"');
  return m[1]!
    .split(',')
    .map((s) => s.trim())
    .sort();
}

describe('broken-spec fixtures', () => {
  it('there are at least 40 of them', () => {
    expect(files.length).toBeGreaterThanOrEqual(40);
  });

  it.each(files)('%s', (name) => {
    const path = join(dir, name);
    const expected = expectations(readFileSync(path, 'utf8'));
    const result = validateSpecs([path], nodeHost(dir));
    const actual = result.diagnostics.map((d) => `${d.id} ${d.line}:${d.column}`).sort();
    expect(actual).toEqual(expected);
    // Every diagnostic names the fixture (or an imported file) and carries a hint.
    for (const d of result.diagnostics) {
      expect(d.hint.length).toBeGreaterThan(0);
      expect(d.message).not.toMatch(/\bat\s+\S+\.ts:\d+/); // never a stack trace
    }
    if (expected.some((e) => e.startsWith('KS0') || result.errors > 0)) expect(result.exitCode).toBe(2);
  });
});
