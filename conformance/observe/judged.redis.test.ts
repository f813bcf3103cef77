/**
 * Issue 10, items 10 and 13, against a throwaway server: observe judges the stream entries it sees
 * written (XADD), and an exact TTL written clearly shorter than the policy (SETEX 100 where the policy
 * is 43200) is key.ttl.too-short.
 */
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRedis, type TestRedis } from '../../testing/redis/throwaway-redis.ts';
import type { Finding } from '../findings/report.ts';
import { runObserve } from './run-observe.ts';
import { runCheck } from '../check/run-check.ts';

const root = join(import.meta.dirname, '..', '..');
const RQ_APP = join(root, 'testing', 'fixtures', 'rq-app.yaml');
const SID = '9b2c8e4a-1f3d-4c6b-8a7e-2d5f0c9b1e3a';
const SID2 = '0f8fad5b-d9cb-469f-a165-70867728950e';

async function observeDuring(url: string, traffic: (r: Redis) => Promise<unknown>): Promise<Finding[]> {
  const controller = new AbortController();
  let done: Promise<unknown> = Promise.resolve();
  const r = new Redis(url);
  try {
    const res = await runObserve({
      spec: RQ_APP,
      url,
      env: {},
      durationSeconds: 30,
      settleMs: 150,
      signal: controller.signal,
      onReady: () => {
        done = traffic(r).finally(() => setTimeout(() => controller.abort(), 600));
      },
    });
    await done;
    return res.findings;
  } finally {
    r.disconnect();
  }
}

describe('observe judges what it sees written', () => {
  let s: TestRedis;
  beforeAll(async () => {
    s = await startTestRedis({ config: { 'notify-keyspace-events': 'KEA' } });
  });
  afterAll(async () => s?.stop());

  it('item 13: SETEX 100 on a session whose policy is exactly 43200 is key.ttl.too-short; SETEX 43200 is fine', async () => {
    const findings = await observeDuring(s.url, async (r) => {
      await r.select(11);
      await r.setex(`session:${SID}`, 100, 'x');
      await r.setex(`session:${SID2}`, 43200, 'x');
    });
    const short = findings.filter((f) => f.id === 'key.ttl.too-short');
    expect(short.map((f) => f.key)).toEqual([`session:${SID}`]);
    expect(short[0]!.expected).toContain('43200');
    expect(short[0]!.reproduce).toContain('PTTL');
    expect(findings.filter((f) => f.key === `session:${SID2}`)).toEqual([]);
  }, 40_000);

  it('item 13: check never calls a counting-down exact TTL too short', async () => {
    const r = new Redis(s.url);
    try {
      await r.select(11);
      await r.setex(`session:${SID}`, 100, 'x');
    } finally {
      r.disconnect();
    }
    const res = await runCheck({ spec: RQ_APP, url: s.url, env: {}, dbs: [11], sampleRate: 0 });
    expect(res.findings.filter((f) => f.id === 'key.ttl.too-short')).toEqual([]);
  }, 20_000);

  it('item 10: an XADD of a bad entry to rq:results:<id> is judged (stream.field.value), good entries are not', async () => {
    const findings = await observeDuring(s.url, async (r) => {
      await r.select(9);
      for (let i = 0; i < 20; i++) await r.xadd('rq:results:old', '*', 'type', '1');
      await new Promise((res) => setTimeout(res, 400)); // judged once: only newer entries are read next time
      await r.xadd('rq:results:old', '*', 'type', '9');
      await r.xadd('rq:results:good', '*', 'type', '2', 'exc_string', 'Traceback');
    });
    const bad = findings.filter((f) => f.id.startsWith('stream.'));
    expect(bad.map((f) => `${f.id} ${f.key}`)).toEqual(['stream.field.value rq:results:old']);
    expect(bad[0]!.actual).toContain('9');
  }, 40_000);
});
