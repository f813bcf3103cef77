/**
 * Field TTLs and logical types against a throwaway redis-server 7.0 (the local Redis's version): it has
 * no hash-field expiration, so the declared field TTLs are one `hash.field.ttl.unverifiable` finding and
 * never a violation (nor a false finding); the logical types are judged by what a cheap read tells.
 */
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSpec, nodeHost } from '../../spec/index.ts';
import { compileSpec, matchKey } from '../judging/compile.ts';
import { sampleValues } from '../redis/sampler.ts';
import { RateLimiter } from '../redis/rate-limiter.ts';
import { startTestRedis, type TestRedis } from '../../testing/redis/throwaway-redis.ts';
import { runCheck } from './run-check.ts';

const root = join(import.meta.dirname, '..', '..');
const APP = join(root, 'testing', 'fixtures', 'redis8-app.yaml');

let s: TestRedis;
let r: Redis;
beforeAll(async () => {
  s = await startTestRedis({ config: { 'notify-keyspace-events': 'Kh' } });
  r = new Redis(s.url);
  await r.hset('session:abc', { user: 'u1', csrf: 'c', 'otp:1': '123456', pinned: 'yes' });
  await r.expire('session:abc', 86400);
  await r.pfadd('visitors:mon', 'a', 'b', 'c');
  await r.expire('visitors:mon', 3600);
  await r.setbit('seen:mon', 7, 1);
  await r.geoadd('shops:paris', 2.3522, 48.8566, 'bakery-1');
});
afterAll(async () => {
  r?.disconnect();
  await s?.stop();
});

describe('a spec with field TTLs and logical types on Redis 7.0', () => {
  it('conforms but for one unverifiable finding: field TTLs cannot be read (exit 4)', async () => {
    const res = await runCheck({ spec: APP, url: s.url, env: {}, sampleRate: 1 });
    // profile:* and temps:* have no keys here (module types): `pattern.unseen`, info only.
    const findings = res.findings.filter((f) => f.severity !== 'info');
    expect(findings.map((f) => f.id)).toEqual(['hash.field.ttl.unverifiable']);
    expect(res.findings.filter((f) => f.severity === 'info').map((f) => f.id)).toEqual(['pattern.unseen', 'pattern.unseen']);
    expect(findings[0]!.message).toMatch(/Redis 7\.0\.\d+ has no hash-field expiration/);
    expect(res.exitCode).toBe(4);
  });

  it('finds a string that is no HyperLogLog, a JSON key that is a string, and a zset whose scores are no geohashes', async () => {
    await r.set('visitors:tue', '42', 'EX', 3600);
    await r.set('profile:7', '{"name":"x"}');
    await r.zadd('shops:rome', '1.5', 'bakery-2');
    try {
      const res = await runCheck({ spec: APP, url: s.url, env: {}, sampleRate: 1 });
      const found = res.findings
        .filter((f) => f.severity !== 'info')
        .map((f) => `${f.id} ${f.key ?? ''}`)
        .sort();
      expect(found).toEqual(['hash.field.ttl.unverifiable ', 'key.logical visitors:tue', 'key.type profile:7', 'score.format shops:rome']);
      expect(res.findings.find((f) => f.id === 'key.type')!.message).toContain('declared json, ReJSON-RL');
      expect(res.exitCode).toBe(1);
    } finally {
      await r.del('visitors:tue', 'profile:7', 'shops:rome');
    }
  });

  it('the sampler asks HTTL only when told the server has it, and a refused HTTL leaves the sample as it was', async () => {
    const spec = loadSpec(APP, nodeHost(root)).spec!;
    const pattern = matchKey(compileSpec(spec).dbs.get(0)!, 'session:abc')!;
    const limits = { maxValueBytes: 1 << 20, maxHashFields: 1000, maxSampleBytes: 32 << 20 };
    const probed = [{ type: 'hash', pttl: 1000 }] as Parameters<typeof sampleValues>[5];
    const sample = (fieldTtls: boolean) =>
      sampleValues(r, new RateLimiter(0), limits, [Buffer.from('session:abc')], [0], probed, [pattern], fieldTtls);
    const errors = async (): Promise<number> => Number(/errorstat_ERR:count=(\d+)/.exec(await r.info('errorstats'))?.[1] ?? 0);
    const e0 = await errors();
    const plain = (await sample(false)).get(0)!;
    const e1 = await errors();
    const asked = (await sample(true)).get(0)!;
    const e2 = await errors();
    expect(plain).toMatchObject({ type: 'hash', complete: true });
    expect('fieldTtls' in plain).toBe(false);
    // Redis 7.0 answers HTTL with an unknown-command error (one, counted by INFO errorstats): the sample
    // is judged without field TTLs.
    expect([e1 - e0, e2 - e1]).toEqual([0, 1]);
    expect(asked).toEqual(plain);
  });
});
