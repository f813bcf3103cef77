/**
 * `except:` words: the regex of a type minus the words, exact (both constructions, against a brute-force
 * oracle), linear for a backtracking engine, and carried through the build: no overlap (so no `shadows`),
 * matching, the checker's key matcher, the generated client's key builders and diff's inclusion.
 */
import { describe, expect, it } from 'vitest';
import { compileSpec, matchKey } from '../../conformance/judging/compile.ts';
import { compareLanguages } from '../../diff/inclusion.ts';
import { KeyspecValueError } from '../../generator/runtime/errors.ts';
import { buildName } from '../../generator/runtime/names.ts';
import { partsOf } from '../../testing/model/parity.ts';
import { exceptRegex } from './except-words.ts';
import { loadSpec } from './build/load-spec.ts';
import { matchPattern, testPattern } from './pattern.ts';
import { backtrackingProblem } from './placeholder-types.ts';

const WORDS = ['meta', 'id', 'wait', 'wa', 'stalled', 'stalled-check', 'metrics:completed:data'];

function* texts(alphabet: string, max: number): Generator<string> {
  let level = [''];
  for (let n = 0; n <= max; n++) {
    yield* level;
    level = level.flatMap((t) => [...alphabet].map((c) => t + c));
  }
}

function spec(except: string | undefined): string {
  return `keyspec: 1
name: q
types:
  job:
    regex: '[^:]+'
${except ? `    except: ${except}\n` : ''}databases:
  - index: 0
    name: main
    keys:
      - { name: job, pattern: 'q:{job}', type: hash, ttl: none, additionalFields: true }
      - { name: meta, pattern: 'q:meta', type: hash, ttl: none, additionalFields: true }
      - { name: wait, pattern: 'q:wait', type: list, ttl: none, member: raw }
`;
}

const load = (yaml: string): ReturnType<typeof loadSpec> => loadSpec('s.yaml', { readFile: () => yaml, resolve: (_f, s) => s });

describe('exceptRegex', () => {
  it('a repeated class: exactly the class texts minus the words, in linear time', () => {
    const r = exceptRegex('[^:]+', WORDS);
    expect(r).not.toContain('(?!'); // no lookaround: refa and the overlap analysis read it
    expect(backtrackingProblem(r)).toBeUndefined();
    const re = new RegExp(`^(?:${r})$`, 'u');
    let n = 0;
    for (const t of texts('aeimtdws-:', 4)) {
      expect(re.test(t), JSON.stringify(t)).toBe(/^[^:]+$/.test(t) && !WORDS.includes(t));
      n++;
    }
    for (const w of ['stalled', 'stalled-check', 'meta', 'wait']) expect(re.test(w)).toBe(false);
    for (const t of ['stalled-checks', 'stalle', 'metadata', 'w', 'waiting', '42']) expect(re.test(t)).toBe(true);
    expect(n).toBeGreaterThan(10_000);
  });

  it('any other regex: the minimal DFA of the difference, written back', () => {
    const base = '[a-z]+(?::[a-z]+:[a-z]+)?';
    const r = exceptRegex(base, ['ab', 'a:b:c']);
    const re = new RegExp(`^(?:${r})$`, 'u');
    const whole = new RegExp(`^(?:${base})$`, 'u');
    for (const t of texts('abc:', 6)) expect(re.test(t), JSON.stringify(t)).toBe(whole.test(t) && t !== 'ab' && t !== 'a:b:c');
  });

  it('no words: the regex unchanged', () => {
    expect(exceptRegex('[0-9]+', [])).toBe('[0-9]+');
  });
});

describe('except in a spec', () => {
  it('without except, q:{job} overlaps q:meta and q:wait (KS120); with it, they are disjoint', () => {
    expect(load(spec(undefined)).diagnostics.map((d) => d.id)).toEqual(['KS120', 'KS120']);
    const r = load(spec('[meta, wait]'));
    expect(r.diagnostics).toEqual([]);
    const job = r.spec!.databases[0]!.keys.find((k) => k.name === 'job')!;
    const t = job.pattern.parts[1]!;
    expect(t.kind === 'placeholder' && t.type.except).toEqual(['meta', 'wait']);
    expect(testPattern(job.pattern, 'q:meta')).toBe(false);
    expect(matchPattern(job.pattern, 'q:metadata')).toEqual({ job: 'metadata' });
  });

  it('check matches q:meta only to the meta key, q:other to the job', () => {
    const compiled = compileSpec(load(spec('[meta, wait]')).spec!);
    const db = compiled.dbs.get(0)!;
    expect(matchKey(db, 'q:meta')?.key.name).toBe('meta');
    expect(matchKey(db, 'q:wait')?.key.name).toBe('wait');
    expect(matchKey(db, 'q:other')?.key.name).toBe('job');
  });

  it('the generated key builder refuses an excepted word', () => {
    const job = load(spec('[meta, wait]')).spec!.databases[0]!.keys.find((k) => k.name === 'job')!;
    const parts = partsOf(job.pattern);
    expect(buildName(parts, { job: '42' }, 'job')).toBe('q:42');
    expect(() => buildName(parts, { job: 'meta' }, 'job')).toThrow(KeyspecValueError);
  });

  it('diff: adding an except word narrows the pattern, removing it widens it', () => {
    const before = load(spec('[meta]')).spec!.databases[0]!.keys.find((k) => k.name === 'job')!.pattern;
    const after = load(spec('[meta, wait]')).spec!.databases[0]!.keys.find((k) => k.name === 'job')!.pattern;
    expect(compareLanguages(before, after)).toBe('narrowed');
    expect(compareLanguages(after, before)).toBe('widened');
  });
});

describe('except on other kinds and in where:', () => {
  it('an enum loses the words from its values; a where: type takes except too', () => {
    const r = load(`keyspec: 1
name: q
types:
  state: { enum: [wait, active, done], except: [done] }
databases:
  - index: 0
    name: main
    keys:
      - { name: state, pattern: 'q:{state}', type: string, ttl: none, value: raw }
      - name: other
        pattern: 'q:{x}:{y}'
        where: { x: { segment: true, except: [meta] }, y: { type: uint } }
        type: string
        ttl: none
        value: raw
`);
    expect(r.diagnostics.map((d) => d.id)).toEqual([]);
    const [state, other] = r.spec!.databases[0]!.keys;
    const s = state!.pattern.parts[1]!;
    expect(s.kind === 'placeholder' && [s.type.values, s.type.except]).toEqual([['wait', 'active'], ['done']]);
    expect(testPattern(state!.pattern, 'q:done')).toBe(false);
    expect(testPattern(other!.pattern, 'q:meta:1')).toBe(false);
    expect(testPattern(other!.pattern, 'q:metas:1')).toBe(true);
  });
});
