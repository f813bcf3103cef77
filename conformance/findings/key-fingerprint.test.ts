/** Fingerprints: equal names, equal fingerprints; different names (short, long, nearly equal), different ones. */
import { describe, expect, it } from 'vitest';
import { keyFingerprint } from './key-fingerprint.ts';

describe('keyFingerprint', () => {
  it('is a safe integer, the same for the same name', () => {
    for (const k of ['', 'a', 'rq:job:1', 'x'.repeat(100_000)]) {
      const f = keyFingerprint(k);
      expect(Number.isSafeInteger(f) && f >= 0).toBe(true);
      expect(keyFingerprint(k.slice())).toBe(f);
    }
  });

  it('tells apart 50,000 names that differ in one character, short and long', () => {
    for (const pad of [0, 600, 100_000]) {
      const base = 'x'.repeat(pad);
      const seen = new Set<number>();
      const n = pad > 1000 ? 2_000 : 50_000;
      for (let i = 0; i < n; i++) seen.add(keyFingerprint(`${base.slice(0, pad / 2)}${i}${base.slice(pad / 2)}`));
      expect(seen.size).toBe(n);
    }
  });
});
