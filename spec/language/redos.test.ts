/**
 * Issue 10 item 2: a placeholder regex with nested quantifiers must not hang validate or check. The
 * regex is rejected at validate time (KS119), and matching never runs a backtracking engine, so even a
 * regex that slipped through, or a composition of safe ones, stays linear in the length of the input.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileSpec, matchKey } from '../../conformance/index.ts';
import { matchPattern, nodeHost, testPattern, validateSpecs, type Pattern, type PlaceholderType } from '../index.ts';
import { backtrackingProblem, matchesType } from './placeholder-types.ts';
import { compilePattern } from './pattern.ts';

const BOUND_MS = 2000;
const tmp = mkdtempSync(join(tmpdir(), 'keyspec-redos-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function timed<T>(f: () => T): { value: T; ms: number } {
  const t = performance.now();
  const value = f();
  return { value, ms: performance.now() - t };
}

const evil: PlaceholderType = { name: 'evil', kind: 'regex', regex: '(a+)+', examples: [] };
const e1: Pattern = compilePattern('e1:{x:evil}:end', [
  { kind: 'literal', text: 'e1:' },
  { kind: 'placeholder', name: 'x', type: evil },
  { kind: 'literal', text: ':end' },
]);

describe('ReDoS: the spec from the issue', () => {
  it('is rejected with KS119 at the regex, fast, even with a hostile example', () => {
    const file = join(tmp, 'evil.yaml');
    writeFileSync(
      file,
      [
        'keyspec: 1',
        'name: evil',
        'types:',
        "  evil: { regex: '(a+)+' }",
        'databases:',
        '  - index: 0',
        '    name: main',
        '    keys:',
        '      - name: e1',
        "        pattern: 'e1:{x:evil}:end'",
        '        type: string',
        `        examples: ['e1:${'a'.repeat(43)}!:end']`,
        '',
      ].join('\n'),
    );
    const { value: result, ms } = timed(() => validateSpecs([file], nodeHost(tmp), { strict: true }));
    expect(ms).toBeLessThan(BOUND_MS);
    expect(result.diagnostics.map((d) => `${d.id} ${d.line}:${d.column}`)).toEqual(['KS119 4:18']);
    expect(result.diagnostics[0]!.hint).toContain('a+');
    expect(result.exitCode).toBe(2);
  }, 20_000);

  it('the regex is matched in linear time all the same (type, pattern, split)', () => {
    const { ms } = timed(() => {
      expect(matchesType(evil, `${'a'.repeat(43)}!`)).toBe(false);
      expect(testPattern(e1, `e1:${'a'.repeat(40)}!:end`)).toBe(false);
      expect(matchPattern(e1, `e1:${'a'.repeat(100_000)}!:end`)).toBeNull();
      expect(matchPattern(e1, `e1:${'a'.repeat(100_000)}:end`)).toEqual({ x: 'a'.repeat(100_000) });
    });
    expect(ms).toBeLessThan(BOUND_MS);
  }, 20_000);

  it('nested quantifiers, ambiguous alternations and trading quantifiers are all found', () => {
    for (const bad of ['(a+)+', '(a*)*', '(?:a|b*)*', '(a|a)*', '(?:a|[ab])+', '\\w+\\d+', 'a*a*', '(x+x+)+y'])
      expect(backtrackingProblem(bad), bad).toBeDefined();
    for (const ok of ['[^:]+', '[a-z0-9]+(?:[-_][a-z0-9]+)*', '/(?:[^/]+/)*[^/]+\\.nodb', '[\\s\\S]+', '(?:ab|a)*', '-?[0-9]+'])
      expect(backtrackingProblem(ok), ok).toBeUndefined();
  });
});

describe('ReDoS: compositions of safe types', () => {
  it('a key pattern of three text placeholders checks a 100 kB hostile key in linear time', () => {
    // ^([\s\S]+):([\s\S]+):([\s\S]+):end$ backtracks in O(n^3) on 'x:x:x:…' in a backtracking engine.
    const file = join(tmp, 'texts.yaml');
    writeFileSync(
      file,
      [
        'keyspec: 1',
        'name: texts',
        'databases:',
        '  - index: 0',
        '    name: main',
        '    keys:',
        '      - name: t3',
        "        pattern: 't3:{a:text}:{b:text}:{c:text}:end'",
        '        type: string',
        '',
      ].join('\n'),
    );
    const result = validateSpecs([file], nodeHost(tmp));
    expect(result.errors).toBe(0);
    const db = compileSpec(result.specs[0]!.spec!).dbs.get(0)!;
    const { ms } = timed(() => {
      expect(matchKey(db, `t3:${'x:'.repeat(50_000)}`)).toBeUndefined();
      expect(matchKey(db, `t3:${'x:'.repeat(50_000)}end`)?.id).toBe('main.t3');
    });
    expect(ms).toBeLessThan(BOUND_MS);
  }, 20_000);
});

describe('ReDoS: hostile names against every placeholder type of the shipped specs', () => {
  const dir = join(import.meta.dirname, '..');
  const shipped = [
    ...readdirSync(dir)
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => join(dir, f)),
    ...readdirSync(join(dir, 'lib'))
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => join(dir, 'lib', f)),
  ];

  it.each(shipped)('%s', (file) => {
    const result = validateSpecs([file], nodeHost(dir), { strict: true });
    const spec = result.specs[0]!.spec!;
    const patterns: Pattern[] = [];
    for (const key of [...spec.databases.flatMap((d) => d.keys), ...spec.libraryKeys]) {
      patterns.push(key.pattern);
      if (key.type === 'hash' || key.type === 'stream') for (const f of key.fields) patterns.push(f.pattern);
    }
    for (const ch of spec.channels) patterns.push(ch.pattern);
    const types = new Set<PlaceholderType>();
    for (const p of patterns) for (const part of p.parts) if (part.kind === 'placeholder') types.add(part.type);
    expect(types.size).toBeGreaterThan(0);
    // Long runs of the characters regexes tend to repeat, each spoiled at the end.
    const runs = ['a', '0', 'x:', '-', '_', '/', '.', 'a-', 'a/', ';;', ' ', 'A'].map((c) => c.repeat(Math.ceil(20_000 / c.length)));
    const hostile = runs.flatMap((r) => [`${r}!`, `${r}\u0000`, `${r}:`]);
    const compiled = compileSpec(spec);
    const { ms } = timed(() => {
      for (const t of types) for (const h of hostile) matchesType(t, h);
      for (const p of patterns) {
        const first = p.parts[0];
        const prefix = first?.kind === 'literal' ? first.text : '';
        for (const h of hostile) {
          testPattern(p, prefix + h);
          matchPattern(p, prefix + h);
        }
      }
      for (const db of compiled.dbs.values())
        for (const k of db.keys) for (const h of hostile) matchKey(db, k.prefix + h);
    });
    expect(ms).toBeLessThan(BOUND_MS * 2);
  }, 30_000);
});
