import { describe, expect, it } from 'vitest';
import { buildFromPattern, compilePattern, matchPattern, parsePatternText, PatternParamError } from './pattern.ts';
import { BUILTIN_TYPES, enumRegex } from './placeholder-types.ts';
import type { PlaceholderType } from './model.ts';

const task: PlaceholderType = {
  name: 'task',
  kind: 'enum',
  regex: enumRegex(['run_wepp', 'run_wepp_watershed']),
  values: ['run_wepp', 'run_wepp_watershed'],
  examples: [],
};
const port: PlaceholderType = { name: 'port', kind: 'integer', regex: '[0-9]+', min: 1, max: 65535, examples: [] };

function compile(text: string, types: Record<string, PlaceholderType>) {
  const { parts } = parsePatternText(text);
  return compilePattern(
    text,
    parts.map((x) => (x.kind === 'literal' ? x : { kind: 'placeholder' as const, name: x.name, type: types[x.typeRef ?? x.name]! })),
  );
}

describe('pattern text', () => {
  it.each([
    ['readme:lock:{runid}:{config}', ['literal', 'placeholder', 'literal', 'placeholder']],
    ['{a}{b}', ['placeholder', 'placeholder']],
    ['x{{y}}', ['literal']],
    ['{id:uuid}', ['placeholder']],
  ])('%s splits into parts', (text, kinds) => {
    const { parts, errors } = parsePatternText(text);
    expect(errors).toEqual([]);
    expect(parts.map((p) => p.kind)).toEqual(kinds);
  });

  it.each([['a{b'], ['a}b'], ['{1x}'], ['{a:}'], ['{}'], ['']])('%j is malformed', (text) => {
    expect(parsePatternText(text).errors.length).toBeGreaterThan(0);
  });

  it('keeps escaped braces literal', () => {
    const { parts } = parsePatternText('x{{y}}');
    expect(parts).toEqual([{ kind: 'literal', text: 'x{y}' }]);
  });
});

describe('build and parse', () => {
  const p = compile('timestamps:{task}:{n:port}', { task, port });

  it('round-trips typed params', () => {
    const key = buildFromPattern(p, { task: 'run_wepp_watershed', n: 6379 });
    expect(key).toBe('timestamps:run_wepp_watershed:6379');
    expect(matchPattern(p, key)).toEqual({ task: 'run_wepp_watershed', n: '6379' });
  });

  it('rejects enum and integer violations when building', () => {
    expect(() => buildFromPattern(p, { task: 'nope', n: 1 })).toThrow(PatternParamError);
    expect(() => buildFromPattern(p, { task: 'run_wepp', n: 0 })).toThrow(/>= 1/);
    expect(() => buildFromPattern(p, { task: 'run_wepp' })).toThrow(/\{n\}/);
  });

  it('does not parse keys outside the types', () => {
    expect(matchPattern(p, 'timestamps:run_wepp:70000')).toBeNull();
    expect(matchPattern(p, 'timestamps:other:1')).toBeNull();
    expect(matchPattern(p, 'xtimestamps:run_wepp:1')).toBeNull();
  });

  it('maps capture groups correctly when a type regex has its own groups', () => {
    const g: PlaceholderType = { name: 'g', kind: 'regex', regex: '(a)(b)?', examples: [] };
    const q = compile('{x:g}:{y:segment}', { g, segment: BUILTIN_TYPES.segment! });
    expect(matchPattern(q, 'ab:zz')).toEqual({ x: 'ab', y: 'zz' });
  });
});
