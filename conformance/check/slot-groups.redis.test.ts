/** A live check of a slot group: every member key's hash tag, judged from the name (issue 12). */
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from './run-check.ts';
import { keySlot } from '../../spec/index.ts';
import { startTestRedis, type TestRedis } from '../../testing/redis/throwaway-redis.ts';

const SPEC = join(import.meta.dirname, '..', '..', 'testing', 'fixtures', 'slot-groups.yaml');

describe('slot groups, live', () => {
  let s: TestRedis;
  let r: Redis;
  beforeAll(async () => {
    s = await startTestRedis();
    r = new Redis(s.url);
    const pl = r.pipeline();
    for (let i = 0; i < 300; i++) pl.set(`job:{j${i}}`, 'v').rpush(`job:{j${i}}:steps`, 's');
    pl.set('job:{ab}c}', 'v').rpush('job:{ab}c}:steps', 's').set('other:ab}c', 'v');
    await pl.exec();
  }, 30_000);
  afterAll(async () => {
    r?.disconnect();
    await s?.stop();
  });

  for (const sampleRate of [0, 1])
    it(`reports exactly the keys hashed by part of their tag (sample ${sampleRate})`, async () => {
      const res = await runCheck({ spec: SPEC, url: s.url, sampleRate, minSamples: 0 });
      const slot = res.findings.filter((f) => f.id === 'key.slot');
      expect(slot.map((f) => f.key).sort()).toEqual(['job:{ab}c}', 'job:{ab}c}:steps']);
      expect(slot.every((f) => f.severity === 'warning' && f.actual === `hashed by "ab" (slot ${keySlot('ab')})`)).toBe(true);
      expect(res.findings.filter((f) => f.id !== 'key.slot' && f.id !== 'pattern.unseen')).toEqual([]);
      expect(res.summary.keys.scanned).toBe(603);
    });
});
