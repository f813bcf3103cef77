/**
 * Issue 11: key names of 100 KB are judged like short ones (pages shrink to the name-bytes bound; the
 * finding dedup never keys a set by the name), counted exactly, and their findings keep the whole name.
 */
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from './run-check.ts';
import { startTestRedis, type TestRedis } from '../../testing/redis/throwaway-redis.ts';

const SPEC = join(import.meta.dirname, '..', '..', 'testing', 'fixtures', 'rq-app.yaml');
const PAD = 'x'.repeat(100_000);

describe('100 KB key names', () => {
  let s: TestRedis;
  let r: Redis;
  beforeAll(async () => {
    s = await startTestRedis();
    r = new Redis(s.url);
    await r.select(9);
    const pl = r.pipeline();
    // 120 job keys of the wrong type (strings, declared hashes) and 80 unmatched ones.
    for (let i = 0; i < 120; i++) pl.set(`rq:job:${i}${PAD}`, 'v');
    for (let i = 0; i < 80; i++) pl.set(`legacy:${i}${PAD}`, 'v');
    await pl.exec();
  }, 60_000);
  afterAll(async () => {
    r?.disconnect();
    await s?.stop();
  });

  for (const batch of ['auto', 'pipeline'] as const)
    it(`counts every key once and keeps whole names in its findings (batch ${batch})`, async () => {
      const res = await runCheck({ spec: SPEC, url: s.url, dbs: [9], sampleRate: 0, batch, maxFindingsPerCheck: 500 });
      expect(res.summary.keys).toMatchObject({ scanned: 200, matched: 120, unmatched: 80 });
      const types = res.findings.filter((f) => f.id === 'key.type');
      const unmatched = res.findings.filter((f) => f.id === 'key.unmatched');
      expect(types.length).toBe(120);
      expect(unmatched.length).toBe(80);
      expect(new Set(types.map((f) => f.key)).size).toBe(120);
      for (const f of [...types, ...unmatched]) expect(f.key!.length).toBeGreaterThan(100_000);
      // Messages clip the name; the reproduce line carries it whole.
      expect(types[0]!.message.length).toBeLessThan(400);
      expect(types[0]!.reproduce!.length).toBeGreaterThan(100_000);
    });
});
