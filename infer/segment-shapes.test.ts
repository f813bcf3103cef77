import { describe, expect, it } from 'vitest';
import { charClassRegex, shapeOf } from './segment-shapes.ts';
import { DelimiterVotes, splitKey } from './delimiters.ts';

describe('segment shapes', () => {
  it.each([
    ['0f8fad5b-d9cb-469f-a165-70867728950e', 'uuid'],
    ['0F8FAD5B-D9CB-469F-A165-70867728950E', 'uuid_upper'],
    ['5a6e3f0c9d2b4e7a8c1f0b3d5e7a9c2f', 'hex32'],
    ['e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 'sha256'],
    ['1767225600', 'epoch_s'],
    ['1767225600123', 'epoch_ms'],
    ['42', 'uint'],
    ['-7', 'int'],
    ['2026-01-15', 'iso_date'],
    ['/wc1/runs/bu/busy-beaver/wepp.nodb', 'path'],
    ['aGVsbG8gV29ybGQhIDEyMzQ1Ng==', 'base64'],
  ])('%s is %s', (seg, name) => expect(shapeOf(seg)?.name).toBe(name));

  it.each(['busy-beaver', 'default', 'deadbeef', '03f60f2', 'wepp.nodb', ''])('%j has no shape', (seg) =>
    expect(shapeOf(seg)).toBeUndefined(),
  );

  it('generic types are one character class', () => {
    expect(charClassRegex(new Set('busy-beaver;03'), 1)).toBe('[a-z0-9;-]+');
    expect(new RegExp(`^${charClassRegex(new Set('a]b^\\'), 1)}$`).test('a]b^\\')).toBe(true);
  });
});

describe('delimiters', () => {
  it('prefers ":" when a fair share of keys hold it, else the most held candidate; paths are one segment', () => {
    const v = new DelimiterVotes();
    for (const k of ['a:b', 'c:d', 'e/f', 'g/h', 'i/j']) v.add(k);
    expect(v.choose()).toBe(':');
    const w = new DelimiterVotes();
    for (const k of ['a/b/c', 'd/e', 'f.g', '/abs/path']) w.add(k);
    expect(w.choose()).toBe('/');
    expect(splitKey('/abs/path:x', ':')).toEqual(['/abs/path:x']);
    expect(splitKey('a:b:c', ':')).toEqual(['a', 'b', 'c']);
  });
});
