/**
 * Bounded, seeded fuzzing of the loader: mutated YAML must always produce diagnostics or a model, never
 * a crash or a stack trace.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpec } from './build/load-spec.ts';
import type { SpecHost } from './build/builder.ts';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SNIPPETS = [
  '{',
  '}',
  '[',
  ']',
  ':',
  '- ',
  '  ',
  '\n',
  '"',
  "'",
  '#',
  '&a',
  '*a',
  '!!int',
  'null',
  '-1',
  '0',
  '{x}',
  '{x:y}',
  '$param',
  '\t',
  'ttl: none',
  'type: zset',
  '---',
  '%',
];

function mutate(text: string, r: () => number): string {
  const lines = text.split('\n');
  const n = 1 + Math.floor(r() * 4);
  for (let i = 0; i < n; i++) {
    const li = Math.floor(r() * lines.length);
    const line = lines[li] ?? '';
    const op = Math.floor(r() * 6);
    const pos = Math.floor(r() * (line.length + 1));
    const snip = SNIPPETS[Math.floor(r() * SNIPPETS.length)]!;
    if (op === 0) lines[li] = line.slice(0, pos) + snip + line.slice(pos);
    else if (op === 1) lines[li] = line.slice(0, pos) + line.slice(pos + 1 + Math.floor(r() * 5));
    else if (op === 2) lines.splice(li, 1);
    else if (op === 3) lines.splice(li, 0, lines[Math.floor(r() * lines.length)] ?? '');
    else if (op === 4) lines[li] = line.replace(/: .*/, `: ${snip}`);
    else lines[li] = ' '.repeat(Math.floor(r() * 8)) + line.trimStart();
  }
  return lines.join('\n');
}

const root = join(import.meta.dirname, '..');
const seeds = ['weppcloud.yaml', 'lib/rq.yaml', 'lib/flask-session.yaml'].map((f) => ({ f, text: readFileSync(join(root, f), 'utf8') }));

describe('loader fuzz', () => {
  it('never crashes on 600 seeded mutations', () => {
    const r = rng(20261126);
    let withDiagnostics = 0;
    for (let i = 0; i < 600; i++) {
      const seed = seeds[i % seeds.length]!;
      const text = mutate(seed.text, r);
      const files: Record<string, string> = { [join(root, seed.f)]: text };
      const host: SpecHost = {
        readFile: (p) => files[p] ?? (p.startsWith(root) ? safeRead(p) : undefined),
        resolve: (from, spec) => join(from, '..', spec),
      };
      let result: ReturnType<typeof loadSpec> | undefined;
      expect(() => {
        result = loadSpec(join(root, seed.f), host);
      }, `mutation ${i} of ${seed.f}:\n${text}`).not.toThrow();
      for (const d of result!.diagnostics) {
        expect(d.id).toMatch(/^KS\d{3}$/);
        expect(d.line).toBeGreaterThanOrEqual(1);
        expect(d.column).toBeGreaterThanOrEqual(1);
        expect(d.message).not.toMatch(/\n\s+at /);
      }
      if (result!.diagnostics.length > 0) withDiagnostics++;
      else expect(result!.spec).toBeDefined();
    }
    // Most mutations break something; the fuzzer is not testing unchanged files.
    expect(withDiagnostics).toBeGreaterThan(300);
  });
});

function safeRead(p: string): string | undefined {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
}
