/**
 * Hash tags in patterns and slot groups: which patterns hash by a placeholder alone, the counterexample
 * keys KS200 reports really land in different slots, and a sound group keeps the keys of one tag value
 * in one slot for any value.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compilePattern, parsePatternText } from './pattern.ts';
import { keyOf, splitExample, taggedPatternText, tagFault, tagTypeFault, valuesOf } from './hash-tag.ts';
import { keySlot } from './hash-slot.ts';
import { BUILTIN_TYPES } from './placeholder-types.ts';
import type { PatternPart, PlaceholderType } from './model.ts';
import { loadSpec, nodeHost } from '../index.ts';

const runid: PlaceholderType = { name: 'runid', kind: 'regex', regex: '[a-z0-9]+(?:-[a-z0-9]+)*', examples: ['busy-beaver'] };

/** A pattern with {runid} of the type above and other placeholders of built-in types (segment by default). */
function pattern(text: string) {
  const { parts, errors } = parsePatternText(text);
  expect(errors).toEqual([]);
  const resolved = parts.map((p): PatternPart => {
    if (p.kind === 'literal') return p;
    const type = p.name === 'runid' && !p.typeRef ? runid : BUILTIN_TYPES[p.typeRef ?? 'segment']!;
    return { kind: 'placeholder', name: p.name, type };
  });
  return compilePattern(text, resolved);
}

describe('tagFault', () => {
  it.each(['{{{runid}}}', 'run:{{{runid}}}', 'run:{{{runid}}}:lock:{relpath:text}', 'a}}b:{{{runid}}}}}'])(
    '%s hashes by {runid}',
    (text) => {
      expect(tagFault(pattern(text), 'runid')).toBeUndefined();
    },
  );

  it.each([
    ['run:{runid}', /no literal '\{'/],
    ['{runid}:{{{runid2}}}', /before the key's first/],
    ['run:{{v1}}:{{{runid}}}', /literal 'v1'/],
    ['run:{{{other}}}:{{{runid}}}', /holds \{other\}/],
    ['run:{{{runid}:x}}', /not followed directly/],
    ['{user:text}:{{{runid}}}', /\{user\} comes before the hash tag/],
    ['run:{{}}:{{{runid}}}', /literal/],
  ])('%s does not', (text, reason) => {
    const fault = tagFault(pattern(text), 'runid');
    expect(fault?.reason).toMatch(reason);
  });
});

describe('tagFault is sound', () => {
  /** A deterministic generator, so a failure can be reproduced. */
  function rng(seed: number): () => number {
    let x = seed >>> 0;
    return () => {
      x = (x * 1664525 + 1013904223) >>> 0;
      return x / 2 ** 32;
    };
  }
  const pick = <T>(next: () => number, xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const LITERALS = ['run:', ':', 'a', '{{', '}}', '{{x}}', 'lock-', '}}:', ':{{'];
  const OTHERS = ['{a}', '{b:uint}', '{c:hex32}'];
  /** A value of a placeholder, braces included where its type allows them. */
  function valueFor(next: () => number, type: PlaceholderType): string {
    if (type.name === 'uint') return String(Math.floor(next() * 1000));
    if (type.name === 'hex32') return '0123456789abcdef0123456789abcdef';
    if (type.name === 'runid') return pick(next, ['busy-beaver', 'a', 'x-1', 'q9']);
    let v = '';
    for (let i = 0, n = 1 + Math.floor(next() * 4); i < n; i++) v += pick(next, ['a', '{', '}', 'z', '-']);
    return v;
  }

  it('whenever it finds no fault, every key hashes by the tag value alone (2,000 random patterns)', () => {
    const next = rng(7);
    let sound = 0;
    for (let i = 0; i < 2000; i++) {
      const pieces: string[] = [];
      for (let j = 0, n = 1 + Math.floor(next() * 4); j < n; j++) pieces.push(pick(next, [...LITERALS, ...OTHERS]));
      pieces.splice(Math.floor(next() * (pieces.length + 1)), 0, pick(next, ['{runid}', '{{{runid}}}', '{{{runid}}}']));
      // Placeholders must be apart and used once; skip texts the parser or these rules reject.
      const text = pieces.join('');
      const parsed = parsePatternText(text);
      const names = parsed.parts.flatMap((p) => (p.kind === 'placeholder' ? [p.name] : []));
      if (parsed.errors.length || new Set(names).size !== names.length) continue;
      const p = pattern(text);
      if (tagFault(p, 'runid')) continue;
      sound++;
      for (let k = 0; k < 20; k++) {
        const params: Record<string, string> = {};
        for (const part of p.parts) if (part.kind === 'placeholder') params[part.name] = valueFor(next, part.type);
        const key = keyOf(p, params)!;
        expect(keySlot(key), `${text} -> ${key}`).toBe(keySlot(params['runid']!));
      }
    }
    expect(sound).toBeGreaterThan(100);
  });
});

describe('taggedPatternText (the fix KS200 suggests)', () => {
  it.each([
    ['locked:{runid}', 'locked:{{{runid}}}'],
    ['{runid}', '{{{runid}}}'],
    ['nodb-lock:{runid}:{relpath:text}', 'nodb-lock:{{{runid}}}:{relpath:text}'],
    ['lock:{runid:uuid}:x', 'lock:{{{runid:uuid}}}:x'],
  ])('%s -> %s', (text, fixed) => {
    expect(taggedPatternText(pattern(text), 'runid')).toBe(fixed);
    expect(tagFault(pattern(fixed), 'runid')).toBeUndefined();
  });
  it.each(['run:{{v1}}:{runid}', '{user:text}:{runid}', 'run:{other}'])('has none for %s', (text) => {
    expect(taggedPatternText(pattern(text), 'runid')).toBeUndefined();
  });
});

describe('tagTypeFault', () => {
  it('accepts a type without braces that needs a character', () => {
    expect(tagTypeFault(runid)).toBeUndefined();
    expect(tagTypeFault(BUILTIN_TYPES['uuid']!)).toBeUndefined();
  });
  it('rejects an empty-able type as an error, a braced one as a warning', () => {
    expect(tagTypeFault(BUILTIN_TYPES['any']!)).toMatchObject({ empty: true });
    const text = tagTypeFault(BUILTIN_TYPES['text']!);
    expect(text).toMatchObject({ empty: false });
    expect(text!.value).toMatch(/[{}]/);
  });
});

describe('splitExample', () => {
  it('names two keys with the same tag value whose slots really differ', () => {
    const good = { name: 'run', pattern: pattern('{{{runid}}}') };
    for (const text of ['locked:{runid}', 'run:{{v1}}:{{{runid}}}', '{user:segment}:{{{runid}}}']) {
      const bad = { name: 'bad', pattern: pattern(text) };
      const fault = tagFault(bad.pattern, 'runid')!;
      const example = splitExample(bad, fault, [good], 'runid', runid)!;
      const [, k1, s1, k2, s2] = /'([^']*)' \(bad\) is in slot (\d+) but '([^']*)' \(run\) is in slot (\d+)/.exec(example)!;
      expect(keySlot(k1!)).toBe(Number(s1));
      expect(keySlot(k2!)).toBe(Number(s2));
      expect(s1).not.toBe(s2);
    }
  });

  it('compares two keys of one member when the group has no other', () => {
    const bad = { name: 'bad', pattern: pattern('lock:{runid}:{relpath}') };
    const example = splitExample(bad, tagFault(bad.pattern, 'runid')!, [], 'runid', runid);
    expect(example).toMatch(/\(bad\) is in slot \d+ but '[^']*' \(bad\) is in slot \d+/);
  });
});

describe('a sound slot group', () => {
  const spec = loadSpec(join(import.meta.dirname, '..', '..', 'examples', 'cluster', 'weppcloud-cluster.yaml'), nodeHost('.')).spec!;

  it('puts the keys of one tag value in one slot, for many values (with prefixes)', () => {
    const groups = spec.databases.flatMap((db) => db.slotGroups.map((g) => ({ db, g })));
    expect(groups.length).toBe(2);
    for (const { db, g } of groups) {
      const members = db.keys.filter((k) => g.keys.includes(k.id));
      expect(members.map((k) => k.slotGroup)).toEqual(members.map(() => g.name));
      const prefix = spec.deployment.placements.find((p) => p.db === db.index)!.prefix;
      const tagType = members[0]!.pattern.parts.find((p) => p.kind === 'placeholder' && p.name === g.tag);
      const values = [...valuesOf(tagType!.kind === 'placeholder' ? tagType!.type : runid, 20), 'a', 'batch;;b;;c'];
      for (const v of values) {
        const slots = new Set(members.map((k) => keySlot(prefix + keyOf(k.pattern, { [g.tag]: v })!)));
        expect(slots.size, `${g.name} ${v}`).toBe(1);
        expect([...slots][0]).toBe(keySlot(v));
      }
    }
  });
});
