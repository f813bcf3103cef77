/**
 * spec/lib/bullmq.yaml against the real `bullmq` package: two queues under two prefixes (`bull:m4`,
 * `myapp:mail`), the library imported twice into one database (testing/fixtures/bullmq/two-prefixes.yaml).
 * The traffic (testing/bullmq/traffic.ts) conforms with zero findings; planted violations (an unknown
 * `<prefix>:<queue>:<word>` key, a structural key of the wrong type, a lock without its TTL) are found,
 * exactly those. observe watches the traffic as it happens: every key it judges conforms, and one unknown
 * key written after the traffic is reported.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from '../../conformance/check/run-check.ts';
import { runObserve } from '../../conformance/observe/run-observe.ts';
import type { CheckResult } from '../../conformance/run/result.ts';
import { renderTextReport } from '../../conformance/reports/text.ts';
import { driveBullmq, type BullmqTraffic } from '../../testing/bullmq/traffic.ts';
import { startTestRedis, type TestRedis } from '../../testing/redis/throwaway-redis.ts';

const SPEC = join(import.meta.dirname, '..', '..', 'testing', 'fixtures', 'bullmq', 'two-prefixes.yaml');
const BULLMQ_VERSION = (createRequire(import.meta.url)('bullmq/package.json') as { version: string }).version;

describe(`spec/lib/bullmq.yaml against bullmq ${BULLMQ_VERSION}`, () => {
  let s: TestRedis;
  let r: Redis;
  let traffic: BullmqTraffic;
  let observed: CheckResult;
  beforeAll(async () => {
    // Keyspace notifications for observe, which watches the traffic as it happens.
    s = await startTestRedis({ config: { 'notify-keyspace-events': 'KEA' } });
    r = new Redis(s.url);
    let driving: Promise<BullmqTraffic> | undefined;
    // Observe until the traffic is done and the planted key had time to be judged (at most a minute).
    const stop = new AbortController();
    observed = await runObserve({
      spec: SPEC,
      url: s.url,
      env: {},
      durationSeconds: 60,
      signal: stop.signal,
      onReady: () => {
        driving = driveBullmq(s.url, [
          { prefix: 'bull', name: 'm4' },
          { prefix: 'myapp', name: 'mail' },
        ]).then(async (t) => {
          // One planted write after the traffic, which observe must report (and only it).
          await r.set('bull:m4:bogus', '1');
          setTimeout(() => stop.abort(), 1500);
          return t;
        });
        driving.catch(() => stop.abort());
      },
    });
    if (!driving) throw new Error('observe never became ready');
    traffic = await driving;
    await r.del('bull:m4:bogus');
  }, 60_000);
  afterAll(async () => {
    r?.disconnect();
    await s?.stop();
  });

  it('drove every life cycle: completed, failed, retried, delayed, flows, a scheduler, events read', async () => {
    expect(BULLMQ_VERSION).toMatch(/^6\./);
    expect(traffic.events).toContain('completed');
    expect(traffic.events).toContain('failed');
    for (const key of ['bull:m4:meta', 'bull:m4:events', 'bull:m4:repeat', 'myapp:mail:delayed', 'myapp:mail:de:dedup-mail'])
      expect(await r.exists(key), key).toBe(1);
    expect(await r.zcard('bull:m4:failed')).toBeGreaterThanOrEqual(2);
  });

  it('observed during the traffic: no finding but the planted unknown key', () => {
    expect(
      observed.findings.filter((f) => f.severity !== 'info').map((f) => `${f.id} ${f.key}`),
      observed.report ? renderTextReport(observed.report) : 'no report',
    ).toEqual(['key.unmatched bull:m4:bogus']);
    // Every write of both queues reached observe as a keyspace notification and its key was judged.
    expect(observed.summary.observe?.events).toBeGreaterThan(300);
    expect(observed.summary.observe?.keysJudged).toBeGreaterThan(50);
    expect(observed.exitCode).toBe(1);
  });

  it('conforms: zero findings, and the job and structural keys were seen', async () => {
    const res = await runCheck({ spec: SPEC, url: s.url, sampleRate: 1 });
    expect(
      res.findings.filter((f) => f.severity !== 'info'),
      res.report ? renderTextReport(res.report) : 'no report',
    ).toEqual([]);
    const seen = new Set(res.summary.patterns.filter((p) => p.seen > 0).map((p) => p.pattern));
    for (const ns of ['m4', 'mail'])
      for (const k of [
        'job',
        'job_logs',
        'job_processed',
        'job_failed_children',
        'job_unsuccessful',
        'meta',
        'events',
        'completed',
        'failed',
        'delayed',
      ])
        expect(seen.has(`jobs.${ns}.${k}`), `${ns}.${k}`).toBe(true);
    for (const k of ['schedulers', 'scheduler', 'deduplication', 'metrics', 'stalled_check', 'id'])
      expect(seen.has(`jobs.m4.${k}`), k).toBe(true);
    expect(res.exitCode).toBe(0);
  });

  it('finds exactly the planted violations', async () => {
    await r.set('bull:m4:bogus', '1'); // a word under the queue that is neither structural nor a job hash
    await r.set('myapp:mail:wait', 'not a list'); // a structural key of the wrong type
    await r.set('bull:m4:17:lock', 'token'); // a job lock without its TTL
    try {
      const res = await runCheck({ spec: SPEC, url: s.url, sampleRate: 1 });
      const got = res.findings
        .filter((f) => f.severity !== 'info')
        .map((f) => `${f.id} ${f.key}`)
        .sort();
      expect(got, res.report ? renderTextReport(res.report) : '').toEqual(
        ['key.ttl.missing bull:m4:17:lock', 'key.type myapp:mail:wait', 'key.unmatched bull:m4:bogus'].sort(),
      );
      expect(res.exitCode).toBe(1);
    } finally {
      await r.del('bull:m4:bogus', 'myapp:mail:wait', 'bull:m4:17:lock');
    }
  });
});
