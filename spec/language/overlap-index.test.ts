import { describe, expect, it } from 'vitest';
import { syntheticSpecYaml } from '../../testing/fixtures/synthetic-spec.ts';
import { loadSpec } from './build/load-spec.ts';
import type { Pattern, PlaceholderType } from './model.ts';
import { findOverlap } from './overlap.ts';
import { candidatePairs, mayOverlap, regexCanProduce, shapeOf } from './overlap-index.ts';
import { compilePattern, parsePatternText } from './pattern.ts';
import { BUILTIN_TYPES, enumRegex } from './placeholder-types.ts';

const types: Record<string, PlaceholderType> = {
  ...BUILTIN_TYPES,
  word: { name: 'word', kind: 'regex', regex: '[a-z]+', examples: [] },
  maybe: { name: 'maybe', kind: 'regex', regex: '[a-z]*', examples: [] },
  digits: { name: 'digits', kind: 'regex', regex: '[0-9]+', examples: [] },
  color: { name: 'color', kind: 'enum', regex: enumRegex(['red', 'green', 'a:b']), values: ['red', 'green', 'a:b'], examples: [] },
  shade: { name: 'shade', kind: 'enum', regex: enumRegex(['red', 'blue']), values: ['red', 'blue'], examples: [] },
  colon: { name: 'colon', kind: 'regex', regex: '[a:]+', examples: [] },
};

function p(text: string): Pattern {
  const { parts, errors } = parsePatternText(text);
  expect(errors).toEqual([]);
  return compilePattern(
    text,
    parts.map((x) => (x.kind === 'literal' ? x : { kind: 'placeholder' as const, name: x.name, type: types[x.typeRef ?? x.name]! })),
  );
}

/** The pairs that really overlap, by intersecting every pair's automata. */
function overlappingPairs(patterns: Pattern[]): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < patterns.length; i++)
    for (let j = i + 1; j < patterns.length; j++) if (findOverlap(patterns[i]!, patterns[j]!) !== undefined) out.push([i, j]);
  return out;
}

describe('overlap index', () => {
  it('knows which placeholder types can produce the delimiter', () => {
    expect(regexCanProduce('[a-z]+', ':')).toBe(false);
    expect(regexCanProduce(types.segment!.regex, ':')).toBe(false);
    expect(regexCanProduce(types.shade!.regex, ':')).toBe(false);
    expect(regexCanProduce(types.color!.regex, ':')).toBe(true);
    expect(regexCanProduce(types.text!.regex, ':')).toBe(true);
    expect(regexCanProduce('(', ':')).toBe(true); // unparsable: unsure, so yes
  });

  it('splits a pattern into segments only when no placeholder can contain the delimiter', () => {
    expect(shapeOf(p('a:{w:word}x:b')).segments?.map((s) => [s.lead.text, s.lead.exact])).toEqual([
      ['a', true],
      ['', false],
      ['b', true],
    ]);
    expect(shapeOf(p('rq:job::{id:segment}')).segments?.length).toBe(4);
    expect(shapeOf(p('a:{t:text}')).segments).toBeUndefined();
    expect(shapeOf(p('a:{c:color}')).segments).toBeUndefined();
  });

  // Patterns, then the candidate pairs wanted: exactly these (each test names why the others are out).
  const cases: { name: string; patterns: string[]; want: [number, number][] }[] = [
    { name: 'different literal prefixes', patterns: ['job:{id:segment}', 'run:{id:segment}', 'jobs'], want: [] },
    {
      name: 'one prefix extends another',
      patterns: ['job:{t:text}', 'job:x:{id:segment}', 'jo{t:text}'],
      want: [
        [0, 1],
        [0, 2],
        [1, 2],
      ],
    },
    {
      name: 'an exact literal is not a prefix of a longer one',
      patterns: ['ab', 'abc', 'ab{w:word}'],
      want: [
        [0, 2],
        [1, 2],
      ],
    },
    { name: 'different literal suffixes', patterns: ['{t:text}.json', '{t:text}.nodb', '{t:text}json'], want: [[0, 2]] },
    {
      name: 'segment counts differ (no placeholder can contain :)',
      patterns: ['{a:segment}:{b:segment}', '{a:segment}', '{a:segment}:{b:segment}:{c:segment}', '{w:word}:x'],
      want: [[0, 3]],
    },
    {
      name: 'a placeholder that can contain : matches any number of segments',
      patterns: ['{a:segment}:{b:segment}', '{t:text}', 'x:{c:color}', '{w:word}'],
      // [2, 3] cannot overlap ({w:word} has no ':'), but the index only knows that of one side: kept.
      want: [
        [0, 1],
        [0, 2],
        [1, 2],
        [1, 3],
        [2, 3],
      ],
    },
    {
      name: 'leading placeholders, told apart by a later segment',
      patterns: ['{w:word}:a:obj1:{d:digits}', '{w:word}:a:obj2:{d:digits}', '{w:word}:a:obj{d:digits}:{e:digits}'],
      want: [
        [0, 2],
        [1, 2],
      ],
    },
    {
      name: 'segments told apart by their suffix',
      patterns: ['x:{d:digits}-rev1:m', 'x:{d:digits}-rev2:m', 'x:{w:word}:m', 'x:{d:digits}1:m'],
      want: [
        [0, 2],
        [0, 3],
        [1, 2],
        [2, 3],
      ],
    },
    {
      name: 'first characters that no text of both can start with',
      patterns: ['_x:{t:text}', '{w:word}:{t:text}', '{d:digits}{t:text}', '{m:maybe}_x:{t:text}'],
      // {m:maybe} can be empty, so its first character is not known: every pair with it is kept.
      want: [
        [0, 3],
        [1, 3],
        [2, 3],
      ],
    },
    { name: 'the same pattern twice', patterns: ['a:{w:word}', 'a:{w:word}', 'b'], want: [[0, 1]] },
  ];
  it.each(cases)('$name', ({ patterns, want }) => {
    const ps = patterns.map(p);
    const { pairs, allPairs } = candidatePairs(ps);
    expect(pairs).toEqual(want);
    expect(allPairs).toBe((ps.length * (ps.length - 1)) / 2);
    // A superset of the pairs that overlap.
    for (const pair of overlappingPairs(ps)) expect(pairs).toContainEqual(pair);
  });

  it('mayOverlap is symmetric', () => {
    const ps = cases.flatMap((c) => c.patterns).map((t) => shapeOf(p(t)));
    for (const a of ps) for (const b of ps) expect(mayOverlap(a, b)).toBe(mayOverlap(b, a));
  });

  it('on random pattern sets, the indexed result equals intersecting every pair', () => {
    let seed = 7;
    const rand = (n: number): number => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return Math.floor((seed / 4294967296) * n);
    };
    const literals = ['a', 'b', ':', 'ab', 'a:', ':b', 'x', '_', '1', '::'];
    const placeholders = [
      '{w:word}',
      '{m:maybe}',
      '{d:digits}',
      '{c:color}',
      '{s:shade}',
      '{g:segment}',
      '{t:text}',
      '{y:any}',
      '{k:colon}',
    ];
    let overlapsSeen = 0;
    let ruledOut = 0;
    for (let round = 0; round < 150; round++) {
      const texts = new Set<string>();
      const size = 2 + rand(9);
      while (texts.size < size) {
        let t = '';
        const n = 1 + rand(5);
        for (let k = 0; k < n; k++) {
          // Two placeholders side by side must be separated for the pattern syntax: put a literal between.
          if (k > 0 && t.endsWith('}')) t += literals[rand(literals.length)]!;
          t += rand(2) === 0 ? literals[rand(literals.length)]! : placeholders[rand(placeholders.length)]!;
        }
        texts.add(t);
      }
      const ps = [...texts].map(p);
      const truth = overlappingPairs(ps);
      const { pairs, allPairs } = candidatePairs(ps);
      const indexed = pairs.filter(([i, j]) => findOverlap(ps[i]!, ps[j]!) !== undefined);
      expect(indexed, [...texts].join('  ')).toEqual(truth);
      // Sorted by (i, j), no duplicates, i < j.
      expect([...pairs].sort((x, y) => x[0] - y[0] || x[1] - y[1])).toEqual(pairs);
      expect(new Set(pairs.map((x) => x.join(','))).size).toBe(pairs.length);
      for (const [i, j] of pairs) expect(i).toBeLessThan(j);
      overlapsSeen += truth.length;
      ruledOut += allPairs - pairs.length;
    }
    // The random sets exercise both sides: real overlaps, and pairs the index rules out.
    expect(overlapsSeen).toBeGreaterThan(50);
    expect(ruledOut).toBeGreaterThan(50);
  });

  it('keeps a synthetic spec of thousands of patterns to a few candidate pairs', () => {
    const ps: Pattern[] = [];
    for (let i = 0; i < 2000; i++) {
      ps.push(p(i % 2 ? `{w:word}:org:example:obj${i}:{d:digits}` : `org:example:{w:word}-rev${i}:meta`));
    }
    const { pairs, allPairs } = candidatePairs(ps);
    expect(allPairs).toBe(1999000);
    expect(pairs).toEqual([]);
  });
});

describe('the overlap check of a whole spec, through the index', () => {
  it('reports the same pairs, in the same order, as intersecting every pair of keys', () => {
    const extra = [
      'app:{tenant}:obj1:{id:objid}',
      '{tenant}:org:example:service:cache:v2:obj3:{s:segment}',
      'org:example:{a:segment}:data:v2:{b:segment}:{st:state}:n4',
      '{tenant}:org:{x:text}',
      'org:example:service:cache:v2:{st:state}:item0',
      '_blob7:{x:any}',
      'org:example:service:data:v2:{id:objid}-rev2:meta',
      'org:example:service:data:v2:{id:objid}-rev2:meta',
      '{y:any}',
    ];
    const yaml =
      syntheticSpecYaml(120, { databases: 1, variant: 'hard' }) +
      extra.map((t, i) => `      - name: x${i}\n        pattern: '${t}'\n        type: string\n        writers: [app]\n`).join('');
    const r = loadSpec('s.yaml', { readFile: () => yaml, resolve: (_f, s) => s });
    const keys = r.spec!.databases[0]!.keys;
    const want: string[] = [];
    for (let i = 0; i < keys.length; i++)
      for (let j = i + 1; j < keys.length; j++) {
        const [a, b] = [keys[i]!, keys[j]!];
        if (a.pattern.text === b.pattern.text) want.push(`KS103 ${b.name} also ${a.name}`);
        else if (findOverlap(a.pattern, b.pattern) !== undefined) want.push(`KS120 ${a.name} ${b.name}`);
      }
    const got = r.diagnostics
      .filter((d) => d.id === 'KS120' || d.id === 'KS103')
      .map((d) => {
        const twice = /is declared twice \(also by '([^']+)'\)/.exec(d.message);
        const at = keys.find((k) => r.spec!.origins[`key:${k.id}`]?.line === d.line - 1);
        if (twice) return `KS103 ${at?.name} also ${twice[1]}`;
        const m = /key '([^']+)' \(.*\) and key '([^']+)'/.exec(d.message);
        return `${d.id} ${m?.[1]} ${m?.[2]}`;
      });
    expect(want.length).toBeGreaterThan(100); // `{y:any}` overlaps everything
    expect(got).toEqual(want);
  });
});
