/** Spec files are input too: bytes that are not UTF-8, devices, folders, huge or deeply nested files. */
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeHost, renderText, validateSpecs } from '../index.ts';

const dir = mkdtempSync(join(tmpdir(), 'keyspec-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function validate(file: string) {
  const started = performance.now();
  const result = validateSpecs([file], nodeHost(dir));
  return { ...result, ms: performance.now() - started, text: renderText(result.diagnostics, result.sources, { color: false }) };
}

describe('hostile spec files', () => {
  it('a byte that is not UTF-8 is an error at its line and column, not a U+FFFD that validates', () => {
    const file = join(dir, 'latin1.yaml');
    writeFileSync(file, Buffer.concat([Buffer.from('keyspec: 1\nname: x\ndescription: "caf'), Buffer.from([0xff]), Buffer.from('"\n')]));
    const r = validate(file);
    expect(r.exitCode).toBe(2);
    expect(r.diagnostics.map((d) => [d.id, d.line, d.column])).toEqual([['KS003', 3, 18]]);
    expect(r.diagnostics[0]!.message).toContain('not UTF-8');
  });

  it('a device (/dev/zero) and a folder are refused before reading, quickly', () => {
    for (const [file, says] of [
      ['/dev/zero', 'not a regular file'],
      [dir, 'directory'],
    ] as const) {
      const r = validate(file);
      expect(r.diagnostics.map((d) => d.id)).toEqual(['KS003']);
      expect(r.diagnostics[0]!.message).toContain(says);
      expect(r.ms).toBeLessThan(2000);
    }
  });

  it('a file over 8 MiB is refused without being read', () => {
    const file = join(dir, 'huge.yaml');
    writeFileSync(file, 'keyspec: 1\n');
    truncateSync(file, 64 * 1024 * 1024);
    const r = validate(file);
    expect(r.diagnostics.map((d) => d.id)).toEqual(['KS003']);
    expect(r.diagnostics[0]!.message).toMatch(/at most 8 MiB/);
  });

  it('10,000-deep YAML is a syntax diagnostic with a code frame cut to a readable width', () => {
    const file = join(dir, 'deep.yaml');
    writeFileSync(file, `keyspec: 1\nname: x\nnotes: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`);
    const r = validate(file);
    expect(r.exitCode).toBe(2);
    expect(r.diagnostics[0]!.message).toContain('nests too deeply');
    expect(r.text).not.toContain('Maximum call stack');
    expect(Math.max(...r.text.split('\n').map((l) => l.length))).toBeLessThan(160);
  });

  it('a short line next to a very long one keeps its caret where the problem is', () => {
    const file = join(dir, 'long-neighbour.yaml');
    const short = 'databases: [{ index: 0, name: main, keys: [{ name: k, pattern: k, type: string, ttl: [1] }] }]';
    writeFileSync(file, `keyspec: 1\nname: x\ndescription: "${'a'.repeat(5000)}"\n${short}\n`);
    const r = validate(file);
    const d = r.diagnostics.find((x) => x.line === 4);
    expect(d?.column).toBe(short.indexOf('[1]') + 1);
    const lines = r.text.split('\n');
    const at = lines.findIndex((l) => l.includes('> 4 | databases'));
    expect(at).toBeGreaterThan(-1);
    const caret = lines[at + 1]!.indexOf('^');
    expect(caret).toBe(lines[at]!.indexOf('| databases') + 2 + d!.column - 1);
    const frame = lines.filter((l) => /^\s+>?\s*\d* \|/.test(l));
    expect(frame.length).toBeGreaterThan(1);
    expect(Math.max(...frame.map((l) => l.length))).toBeLessThan(140);
  });
});
