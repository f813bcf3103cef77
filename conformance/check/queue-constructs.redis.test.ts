/**
 * Issue 13, items 4-6, against a throwaway server: encoded zset scores are decoded and their parts
 * judged, stream entries are judged by their event's case, and sampled references to keys that do not
 * exist are `ref.dangling` (only while the referring value is still there); a conforming keyspace of
 * the same shapes gives no finding.
 */
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from './run-check.ts';
import { renderJunitReport } from '../reports/junit.ts';
import { startTestRedis, type TestRedis } from '../../testing/redis/throwaway-redis.ts';

const SPEC = join(import.meta.dirname, '..', '..', 'testing', 'fixtures', 'queue-constructs', 'queue-app.yaml');
const DUE = 1_764_000_000_000;

let s: TestRedis;
let r: Redis;
beforeAll(async () => {
  s = await startTestRedis();
  r = new Redis(s.url);
  await r.select(3);
});
afterAll(async () => {
  r?.disconnect();
  await s?.stop();
});

async function conformingKeyspace(): Promise<void> {
  await r.flushdb(); // the throwaway server's own database, never the shared Redis
  await r.hset('q:mail:1', { name: 'send', data: '{"to":"a"}' });
  await r.hset('q:mail:2', { name: 'send', parentKey: 'q:mail:1' });
  await r.hset('q:m4:7', { name: 'x' });
  await r.rpush('q:mail:wait', '1', '2');
  await r.zadd('q:mail:delayed', String(DUE * 4096 + 3), '2');
  await r.xadd('q:mail:events', '*', 'event', 'added');
  await r.xadd('q:mail:events', '*', 'event', 'completed', 'jobId', '1', 'returnvalue', '"ok"');
  await r.xadd('q:mail:events', '*', 'event', 'failed', 'jobId', '2', 'failedReason', 'boom', 'attemptsMade', '1');
  await r.set('audit:1', 'q:m4:7');
}

describe('check on encoded scores, stream entry cases and references', () => {
  it('gives no finding on a conforming keyspace', async () => {
    await conformingKeyspace();
    const res = await runCheck({ spec: SPEC, url: s.url, env: {}, sampleRate: 1, dbs: [3] });
    expect(res.findings.filter((f) => f.id !== 'pattern.unseen')).toEqual([]);
    expect(res.exitCode).toBe(0);
  });

  it('finds planted violations, each once, and nothing else', async () => {
    await conformingKeyspace();
    // A score whose high part is not epoch milliseconds (a negative number).
    await r.zadd('q:m4:delayed', String(-5 * 4096 + 1), '7');
    // Dangling: a wait member, a parentKey, a string value; a member of another queue's job.
    await r.rpush('q:mail:wait', '99');
    await r.hset('q:mail:1', 'parentKey', 'q:mail:404');
    await r.set('audit:2', 'q:mail:77');
    // Entries judged by their case: `added` carries no jobId; `failed` with a bad attemptsMade; `completed` without jobId.
    await r.xadd('q:m4:events', '*', 'event', 'added', 'jobId', '7');
    await r.xadd('q:m4:events', '*', 'event', 'failed', 'jobId', '7', 'attemptsMade', 'once');
    await r.xadd('q:m4:events', '*', 'event', 'completed', 'returnvalue', '1');
    const res = await runCheck({ spec: SPEC, url: s.url, env: {}, sampleRate: 1, dbs: [3] });
    const got = res.findings
      .filter((f) => f.id !== 'pattern.unseen')
      .map((f) => `${f.id} ${f.key}`)
      .sort();
    expect(got).toEqual(
      [
        'ref.dangling audit:2',
        'ref.dangling q:mail:1',
        'ref.dangling q:mail:wait',
        'score.format q:m4:delayed',
        'stream.field.missing q:m4:events',
        'stream.field.unknown q:m4:events',
        'stream.field.value q:m4:events',
      ].sort(),
    );
    const by = (id: string, key: string) => res.findings.find((f) => f.id === id && f.key === key)!;
    expect(by('ref.dangling', 'q:mail:wait').message).toContain('"99" refers to "q:mail:99" (jobs.queue.job)');
    expect(by('ref.dangling', 'q:mail:wait').reproduce).toMatch(/ EXISTS q:mail:99$/);
    expect(by('ref.dangling', 'q:mail:1').message).toContain('field "parentKey"');
    expect(by('score.format', 'q:m4:delayed').message).toMatch(/due \(-5\)/);
    expect(by('stream.field.unknown', 'q:m4:events').message).toContain('(event=added)');
    expect(by('stream.field.value', 'q:m4:events').message).toContain('(event=failed) field "attemptsMade"');
    expect(by('stream.field.missing', 'q:m4:events').message).toContain('(event=completed) lacks required field "jobId"');
    expect(res.exitCode).toBe(1);
    // JUnit carries the dangling references too (as failures of the check suite).
    expect(renderJunitReport(res.report!).match(/<testcase[^>]*name="ref\.dangling \d+"[^>]*>\s*<failure/g)).toHaveLength(3);
  });
});
