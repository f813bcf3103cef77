/** A provider that blocks CONFIG (deployment.provider): the checks that need it say why, and CONFIG is never sent. */
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from './run-check.ts';
import { startTestRedis, type TestRedis } from '../../testing/redis/throwaway-redis.ts';

const SPEC = join(import.meta.dirname, '..', '..', 'testing', 'fixtures', 'elasticache.yaml');

describe('deployment.provider limits', () => {
  let s: TestRedis;
  let r: Redis;
  beforeAll(async () => {
    s = await startTestRedis();
    r = new Redis(s.url);
    await r.set('thing:1', 'v');
  });
  afterAll(async () => {
    r?.disconnect();
    await s?.stop();
  });

  it('skips CONFIG on ElastiCache with the reason, reads maxmemory-policy from INFO, sends no CONFIG', async () => {
    await r.config('RESETSTAT');
    const res = await runCheck({ spec: SPEC, url: s.url });
    const calls = String(await r.info('commandstats'));
    expect(calls).not.toMatch(/cmdstat_config:calls=[1-9]/);
    const notify = res.summary.server.checks.find((c) => c.name === 'notify-keyspace-events')!;
    expect(notify.state).toBe('unverifiable');
    expect(notify.actual).toContain('deployment.provider elasticache blocks CONFIG GET');
    expect(notify.actual).toContain('parameter group');
    const policy = res.summary.server.checks.find((c) => c.name.includes('maxmemory-policy'))!;
    expect(policy.state).toBe('pass');
    expect(res.findings.map((f) => f.id)).toEqual(['server.notify.unverifiable']);
    expect(res.exitCode).toBe(4);
  });
});
