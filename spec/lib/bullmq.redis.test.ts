/**
 * spec/lib/bullmq.yaml against the real `bullmq` package: two queues under two prefixes (`bull:m4`,
 * `myapp:mail`), the library imported twice into one database (testing/fixtures/bullmq/two-prefixes.yaml).
 * The traffic (testing/bullmq/traffic.ts) conforms with zero findings; planted violations (an unknown
 * `<prefix>:<queue>:<word>` key, a structural key of the wrong type, a lock without its TTL, a waiting job
 * id without its job hash, delayed and prioritized scores whose parts are out of their formats, events
 * entries missing a field of their case or carrying one of another case) are found, exactly those.
 * observe (with MONITOR) watches the traffic as it happens: every key it judges conforms; after the
 * traffic, an unknown key and an XADD by a connection named as m4's QueueEvents (`bull:bTQ=:qe`, a reader)
 * are reported, and the same XADD by one named as m4's worker (`bull:bTQ=`, the derived name) is not.
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
const b64 = (s: string): string => Buffer.from(s).toString('base64');
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
      monitor: true,
      signal: stop.signal,
      onReady: () => {
        driving = driveBullmq(s.url, [
          { prefix: 'bull', name: 'm4' },
          { prefix: 'myapp', name: 'mail' },
        ]).then(async (t) => {
          // Planted writes after the traffic. Reported: an unknown key, and an XADD by a connection named
          // as m4's QueueEvents (`bull:bTQ=:qe`), which only reads. Not reported: the same XADD by a
          // connection named as m4's worker (`bull:bTQ=`, base64 of `m4`), a writer of the stream. (The
          // traffic's own named connection, the worker's blocking one, only runs BZPOPMIN, not judged.)
          await r.set('bull:m4:bogus', '1');
          for (const name of [`bull:${b64('m4')}`, `bull:${b64('m4')}:qe`]) {
            const named = new Redis(s.url, { connectionName: name });
            await named.xadd('bull:m4:events', '*', 'event', 'drained');
            named.disconnect();
          }
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

  it('observed during the traffic: no finding but the planted unknown key and the write by a reader', () => {
    expect(
      observed.findings
        .filter((f) => f.severity !== 'info')
        .map((f) => `${f.id} ${f.key}`)
        .sort(),
      observed.report ? renderTextReport(observed.report) : 'no report',
    ).toEqual(['key.unmatched bull:m4:bogus', 'key.writer bull:m4:events']);
    // One finding per key is kept, the first: had the worker-named XADD (written first) been reported, it would be this one.
    expect(observed.findings.find((f) => f.id === 'key.writer')?.message).toContain(`client 'bull:${b64('m4')}:qe'`);
    expect(observed.summary.observe?.commands).toBeGreaterThan(300);
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
        'wait',
        'prioritized',
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
    // A waiting job id whose job hash does not exist (a warning, re-read before it is reported).
    await r.rpush('bull:m4:wait', '999999');
    // Encoded scores: a delayed job due at -1 ms (`due` is not epoch millis), a prioritized job of priority 0.
    const [done] = await r.zrange('bull:m4:completed', 0, 0);
    await r.zadd('bull:m4:delayed', String(-1 * 4096 + 5), done!);
    await r.zadd('myapp:mail:prioritized', '7', done!);
    // ... and one of priority 2^21 (one past PRIORITY_LIMIT): its score reaches 2^53, beyond an exact double.
    await r.zadd('bull:m4:prioritized', String(2 ** 53), done!);
    // Events: a `failed` entry without its `failedReason`, a `drained` entry with a `jobId` of another case.
    const failed = await r.xadd('bull:m4:events', '*', 'event', 'failed', 'jobId', done!, 'prev', 'active');
    const drained = await r.xadd('myapp:mail:events', '*', 'event', 'drained', 'jobId', done!);
    try {
      const res = await runCheck({ spec: SPEC, url: s.url, sampleRate: 1 });
      const got = res.findings
        .filter((f) => f.severity !== 'info')
        .map((f) => `${f.id} ${f.key}`)
        .sort();
      expect(got, res.report ? renderTextReport(res.report) : '').toEqual(
        [
          'key.ttl.missing bull:m4:17:lock',
          'key.type myapp:mail:wait',
          'key.unmatched bull:m4:bogus',
          'ref.dangling bull:m4:wait',
          'score.format bull:m4:delayed',
          'score.format myapp:mail:prioritized',
          'score.format bull:m4:prioritized',
          'stream.field.missing bull:m4:events',
          'stream.field.unknown myapp:mail:events',
        ].sort(),
      );
      const message = (id: string, key: string): string => res.findings.find((f) => f.id === id && f.key === key)?.message ?? '';
      expect(message('ref.dangling', 'bull:m4:wait')).toContain('"999999" refers to "bull:m4:999999" (jobs.m4.job)');
      expect(message('score.format', 'bull:m4:delayed')).toContain('due (-1): not epoch milliseconds');
      expect(message('score.format', 'myapp:mail:prioritized')).toContain('priority (0): 0 is below 1');
      expect(message('score.format', 'bull:m4:prioritized')).toContain('not an integer below 2^53: "9007199254740992"');
      expect(message('stream.field.missing', 'bull:m4:events')).toContain('failedReason');
      expect(message('stream.field.unknown', 'myapp:mail:events')).toContain('jobId');
      expect(res.exitCode).toBe(1);
    } finally {
      await r.del('bull:m4:bogus', 'myapp:mail:wait', 'bull:m4:17:lock');
      await r.lrem('bull:m4:wait', 0, '999999');
      await r.zrem('bull:m4:delayed', done!);
      await r.zrem('myapp:mail:prioritized', done!);
      await r.zrem('bull:m4:prioritized', done!);
      await r.xdel('bull:m4:events', failed!);
      await r.xdel('myapp:mail:events', drained!);
    }
  });
});
