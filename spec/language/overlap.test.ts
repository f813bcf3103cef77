import { describe, expect, it } from 'vitest';
import { compilePattern, matchPattern, parsePatternText } from './pattern.ts';
import { findOverlap } from './overlap.ts';
import { BUILTIN_TYPES, enumRegex } from './placeholder-types.ts';
import type { PlaceholderType } from './model.ts';

const types: Record<string, PlaceholderType> = {
  ...BUILTIN_TYPES,
  runid: { name: 'runid', kind: 'regex', regex: '[a-z0-9]+(?:[-_][a-z0-9]+)*', examples: ['busy-beaver'] },
  color: { name: 'color', kind: 'enum', regex: enumRegex(['red', 'green']), values: ['red', 'green'], examples: [] },
  word: { name: 'word', kind: 'regex', regex: '[a-z]+', examples: [] },
  digits: { name: 'digits', kind: 'regex', regex: '[0-9]+', examples: [] },
};

function p(text: string) {
  const { parts, errors } = parsePatternText(text);
  expect(errors).toEqual([]);
  return compilePattern(
    text,
    parts.map((x) => (x.kind === 'literal' ? x : { kind: 'placeholder' as const, name: x.name, type: types[x.typeRef ?? x.name]! })),
  );
}

describe('overlap analysis', () => {
  const overlapping: [string, string][] = [
    ['job:{id:text}', 'job:{id:text}:deps'],
    ['{a:text}', 'session:{sid:uuid}'],
    ['{a:segment}:{b:segment}', 'x:{c:segment}'],
    ['run:{color}', 'run:{word}'],
    ['{runid}', '{word}'],
    ['lock:{n:uint}', 'lock:{n:int}'],
    ['{p:path}', '/srv/{runid}/{f:segment}'],
    ['a{x:any}b', 'ab'],
    ['{d:digits}x', '1{w:word}'],
  ];
  it.each(overlapping)('%s overlaps %s, with an example both match', (a, b) => {
    const pa = p(a);
    const pb = p(b);
    const ex = findOverlap(pa, pb);
    expect(ex).toBeDefined();
    expect(matchPattern(pa, ex!)).not.toBeNull();
    expect(matchPattern(pb, ex!)).not.toBeNull();
    expect(findOverlap(pb, pa)).toBeDefined();
  });

  const disjoint: [string, string][] = [
    ['job:{id:segment}', 'job:{id:segment}:deps'],
    ['{runid}', 'nodb-lock:{runid}:{f:segment}'],
    ['{runid}', 'session:{sid:uuid}'],
    ['run:{color}', 'run:{d:digits}'],
    ['queue:{word}', 'queues'],
    ['rq:job:{id:segment}', 'rq:job::{id:segment}:dependencies'],
    ['{p:path}', '{runid}'],
    ['a:{x:uuid}', 'a:{y:hex32}'],
    ['x{d:digits}', 'x{w:word}'],
    ['{w:word}.nodb', '{w:word}.json'],
  ];
  it.each(disjoint)('%s and %s are disjoint', (a, b) => {
    expect(findOverlap(p(a), p(b))).toBeUndefined();
    expect(findOverlap(p(b), p(a))).toBeUndefined();
  });
});
