/** A per-endpoint deployment: the run judges DB 0 of the endpoint it reaches against the database placed there. */
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from './run-check.ts';
import { startTestRedis, type TestRedis } from '../../testing/redis/throwaway-redis.ts';

const SPEC = join(import.meta.dirname, '..', '..', 'testing', 'fixtures', 'per-endpoint.yaml');

describe('deployment.databases: per-endpoint', () => {
  let s: TestRedis;
  let r: Redis;
  beforeAll(async () => {
    s = await startTestRedis();
    r = new Redis(s.url);
    await r.set('lock:a', 'x', 'EX', 600);
    await r.set('run:a', 'x');
  });
  afterAll(async () => {
    r?.disconnect();
    await s?.stop();
  });

  it('checks DB 0 of the editor endpoint against the editor database only', async () => {
    const res = await runCheck({ spec: SPEC, url: s.url, connection: 'editor-cluster', sampleRate: 0 });
    expect(res.findings.filter((f) => f.severity !== 'info').map((f) => `${f.id} ${f.key}`)).toEqual(['key.unmatched run:a']);
    expect(res.summary.patterns.map((p) => [p.pattern, p.db, p.seen])).toEqual([['editor.lock', 0, 1]]);
  });

  it('the runs endpoint against the runs database', async () => {
    const res = await runCheck({ spec: SPEC, url: s.url, connection: 'runs-cluster', sampleRate: 0 });
    expect(res.findings.filter((f) => f.severity !== 'info').map((f) => `${f.id} ${f.key}`)).toEqual(['key.unmatched lock:a']);
  });

  it('a connection that reaches no database is a usage error', async () => {
    const res = await runCheck({ spec: SPEC, url: s.url, connection: 'nope', sampleRate: 0 });
    expect(res.exitCode).toBe(2);
  });
});
