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
import { backtrackingProblem, boundsInRegex, BUILTIN_TYPES, enumRegex, integerRegex, matchesType } from './placeholder-types.ts';
import { matchesRegex } from './linear-match.ts';
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

  it.each(shipped)(
    '%s',
    (file) => {
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
        for (const db of compiled.dbs.values()) for (const k of db.keys) for (const h of hostile) matchKey(db, k.prefix + h);
      });
      expect(ms).toBeLessThan(BOUND_MS * 2);
    },
    30_000,
  );
});

/** The former matcher: the pattern as one backtracking RegExp, params from its capture groups. */
const regexps = new Map<string, RegExp>();
function regexp(source: string): RegExp {
  let r = regexps.get(source);
  if (!r) regexps.set(source, (r = new RegExp(source, 'u')));
  return r;
}

function regexpMatch(pattern: Pattern, text: string): Record<string, string> | null {
  const m = regexp(pattern.regex).exec(text);
  if (!m) return null;
  const params: Record<string, string> = {};
  let group = 1;
  for (const p of pattern.parts) {
    if (p.kind !== 'placeholder') continue;
    const value = m[group] ?? '';
    group += 1 + (regexp(`${p.type.regex}|`).exec('')!.length - 1);
    if (!matchesType(p.type, value)) return null;
    params[p.name] = value;
  }
  return params;
}

describe('linear matching agrees with RegExp on the shipped specs', () => {
  const dir = join(import.meta.dirname, '..');
  it('on examples and on short random names (seeded)', () => {
    const patterns: Pattern[] = [];
    const samples: string[] = [];
    for (const f of ['weppcloud.yaml', 'lib/rq.yaml', 'lib/flask-session.yaml']) {
      const spec = validateSpecs([join(dir, f)], nodeHost(dir)).specs[0]!.spec!;
      for (const key of [...spec.databases.flatMap((d) => d.keys), ...spec.libraryKeys]) {
        patterns.push(key.pattern);
        samples.push(...key.examples);
        if (key.type === 'hash' || key.type === 'stream')
          for (const fl of key.fields) {
            patterns.push(fl.pattern);
            samples.push(...fl.examples);
          }
      }
      for (const ch of spec.channels) {
        patterns.push(ch.pattern);
        samples.push(...ch.examples);
      }
    }
    let seed = 42;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const alphabet = 'ab09:-_./;x \u00e9\u{1F600}';
    const chars = [...alphabet];
    const names: string[] = [...samples];
    for (const s of samples) {
      for (let k = 0; k < 5; k++) {
        const cs = [...s];
        const i = rand(cs.length + 1);
        const op = rand(3);
        if (op === 0) cs.splice(i, 0, chars[rand(chars.length)]!);
        else if (op === 1) cs.splice(i, 1);
        else cs.splice(i, 1, chars[rand(chars.length)]!);
        names.push(cs.join(''));
      }
    }
    for (let k = 0; k < 300; k++) names.push(Array.from({ length: rand(24) }, () => chars[rand(chars.length)]!).join(''));
    let matched = 0;
    const differ: string[] = [];
    for (const p of patterns)
      for (const n of names) {
        const expected = regexpMatch(p, n);
        if (expected) matched++;
        const got = matchPattern(p, n);
        if (JSON.stringify(got) !== JSON.stringify(expected) || testPattern(p, n) !== (expected !== null))
          differ.push(`${p.text} on ${JSON.stringify(n)}: ${JSON.stringify(got)} vs ${JSON.stringify(expected)}`);
      }
    expect(differ).toEqual([]);
    expect(matched).toBeGreaterThan(samples.length / 2);
  }, 30_000);
});

describe('linear matching splits ambiguous names like RegExp does', () => {
  const T = BUILTIN_TYPES;
  const ab: PlaceholderType = { name: 'ab', kind: 'enum', regex: enumRegex(['a', 'ab', 'b']), values: ['a', 'ab', 'b'], examples: [] };
  const small: PlaceholderType = { name: 'small', kind: 'integer', regex: integerRegex(1, 150), min: 1, max: 150, examples: [] };
  const ph = (name: string, type: PlaceholderType) => ({ kind: 'placeholder' as const, name, type });
  const lit = (text: string) => ({ kind: 'literal' as const, text });
  const cases: Pattern[] = [
    compilePattern('{a:text}:{b:text}', [ph('a', T['text']!), lit(':'), ph('b', T['text']!)]),
    compilePattern('{a:int}{b:segment}', [ph('a', T['int']!), ph('b', T['segment']!)]),
    compilePattern('{a:text}-{b:uint}', [ph('a', T['text']!), lit('-'), ph('b', T['uint']!)]),
    compilePattern('{e:ab}{rest:text}', [ph('e', ab), ph('rest', T['text']!)]),
    compilePattern('{n:small}-{m:small}', [ph('n', small), lit('-'), ph('m', small)]),
    compilePattern('x{a:any}:{b:any}:{c:path}', [
      lit('x'),
      ph('a', T['any']!),
      lit(':'),
      ph('b', T['any']!),
      lit(':'),
      ph('c', T['path']!),
    ]),
  ];
  it('on every name of up to 5 characters over a small alphabet', () => {
    const alphabet = ['a', 'b', ':', '-', '1', '0', '/', 'x'];
    let names = [''];
    const all: string[] = [''];
    for (let len = 1; len <= 5; len++) {
      names = names.flatMap((n) => alphabet.map((c) => n + c));
      all.push(...names);
    }
    const differ: string[] = [];
    let matched = 0;
    for (const p of cases)
      for (const n of all) {
        const expected = regexpMatch(p, n);
        const got = matchPattern(p, n);
        if (got) matched++;
        if (JSON.stringify(got) !== JSON.stringify(expected))
          differ.push(`${p.text} on ${JSON.stringify(n)}: ${JSON.stringify(got)} vs ${JSON.stringify(expected)}`);
      }
    expect(differ.slice(0, 10)).toEqual([]);
    expect(matched).toBeGreaterThan(1000);
  }, 30_000);

  it('adjacent placeholders (KS115) split longest-first, where RegExp takes the first alternative', () => {
    // integerRegex(1, 150) lists 1-digit numbers first, so /^(…)(…)$/ gives n = '1', m = '11'.
    const p = compilePattern('{n:small}{m:small}', [ph('n', small), ph('m', small)]);
    expect(matchPattern(p, '111')).toEqual({ n: '11', m: '1' });
    expect(regexpMatch(p, '111')).toEqual({ n: '1', m: '11' });
  });
});

describe('the lazy DFA', () => {
  it('stays correct when its state cache overflows and is dropped', () => {
    // The DFA of this regex has 2^13 states, more than the 1024 the matcher caches.
    const source = '[ab]*a[ab]{12}';
    const re = new RegExp(`^(?:${source})$`, 'u');
    let seed = 7;
    const rand = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed;
    };
    const differ: string[] = [];
    for (let k = 0; k < 200; k++) {
      const text = Array.from({ length: 500 + (rand() % 500) }, () => (rand() % 2 ? 'a' : 'b')).join('');
      if (matchesRegex(source, text) !== re.test(text)) differ.push(text);
    }
    expect(differ).toEqual([]);
  });

  it('reads code points as the u flag does (astral characters, lone surrogates)', () => {
    for (const [source, text] of [
      ['.', '\u{1F600}'],
      ['..', '\u{1F600}'],
      ['[^:]+', 'a\u{1F600}b'],
      ['[\\s\\S]', '\uD83D'],
      ['[\\s\\S]{2}', '\uD83Dx'],
      ['\\p{L}+', 'héllo'],
    ] as const)
      expect(matchesRegex(source, text), `${source} on ${JSON.stringify(text)}`).toBe(new RegExp(`^(?:${source})$`, 'u').test(text));
  });
});

describe('integer ranges', () => {
  it('the regex of a range accepts only numbers inside it (so matching needs no bounds check)', () => {
    const ranges: [number | undefined, number | undefined][] = [
      [1, 150],
      [0, undefined],
      [5, undefined],
      [undefined, 99],
      [undefined, -3],
      [-40, undefined],
      [-40, 40],
      [1, 65535],
    ];
    const values: string[] = [];
    for (let n = -1200; n <= 1200; n++) values.push(String(n), `0${Math.abs(n)}`, `-0${Math.abs(n)}`);
    values.push('65535', '65536', '99999999999999999999', '-99999999999999999999');
    const wrong: string[] = [];
    for (const [min, max] of ranges) {
      const type: PlaceholderType = {
        name: 'n',
        kind: 'integer',
        regex: integerRegex(min, max),
        examples: [],
        ...(min !== undefined ? { min } : {}),
        ...(max !== undefined ? { max } : {}),
      };
      expect(boundsInRegex(type)).toBe(true);
      for (const v of values) {
        const n = Number(v);
        if (matchesRegex(type.regex, v) && ((min !== undefined && n < min) || (max !== undefined && n > max)))
          wrong.push(`${v} in [${min}, ${max}]`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
