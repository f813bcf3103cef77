import { describe, expect, it } from 'vitest';
import { globMatcher } from './baseline.ts';

describe('baseline globs', () => {
  it.each([
    ['key.ttl.*', 'key.ttl.missing', true],
    ['key.ttl.*', 'key.type', false],
    ['rq:job:*', 'rq:job:', true],
    ['rq:job:?', 'rq:job:ab', false],
    ['*:lock:*', 'readme:lock:run-1:cfg', true],
    ['a*b*c', 'axxbyyc', true],
    ['a*b*c', 'axxbyy', false],
    ['*', '', true],
    ['', '', true],
    ['', 'x', false],
    ['wé?rd:*', 'wéird:\u{1F600}', true],
  ])('%s ~ %s is %s', (glob, text, want) => {
    expect(globMatcher(glob).test(text)).toBe(want);
  });

  it('many stars against a long hostile key stay fast', () => {
    const glob = '*a*a*a*a*a*a*a*a*b';
    const key = 'a'.repeat(20_000);
    const t = performance.now();
    expect(globMatcher(glob).test(key)).toBe(false);
    expect(performance.now() - t).toBeLessThan(2000);
  });
});
