/**
 * Issue 10, items 9 and 10, against throwaway servers: what the scan reads for every key is judged at
 * any sample rate; the sample is chosen by a seeded hash of the key name, so the same data gives the
 * same report on every run and on every server; coverage percent counts only what was judged; streams
 * are judged at both ends.
 */
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from './run-check.ts';
import type { RunCheckOptions } from './plan.ts';
import { startTestRedis, type TestRedis } from '../../testing/redis/throwaway-redis.ts';
import { hsetArgs, rqJobHash } from '../../testing/fixtures/rq-job.ts';
import { io as capturedIO } from '../../testing/cli/io.ts';
import { runCli } from '../../cli/run-cli.ts';
import { weppcloudFixture, writeFixture, type FixtureKey } from '../../testing/fixtures/weppcloud-fixture.ts';

const root = join(import.meta.dirname, '..', '..');
const RQ_APP = join(root, 'testing', 'fixtures', 'rq-app.yaml');
const WEPP = join(root, 'spec', 'weppcloud.yaml');

const servers: TestRedis[] = [];
const clients: Redis[] = [];
async function server(): Promise<{ s: TestRedis; r: Redis }> {
  const s = await startTestRedis({ config: { 'notify-keyspace-events': 'Kh' } });
  servers.push(s);
  const r = new Redis(s.url, { lazyConnect: false });
  clients.push(r);
  return { s, r };
}
afterAll(async () => {
  for (const r of clients) r.disconnect();
  await Promise.all(servers.map((s) => s.stop()));
});

function check(spec: string, url: string, extra: Partial<RunCheckOptions> = {}): ReturnType<typeof runCheck> {
  return runCheck({ spec, url, env: {}, ...extra });
}

describe('item 9a/9c: the job status read for every job is judged at any sample rate', () => {
  let s: TestRedis;
  beforeAll(async () => {
    let r: Redis;
    ({ s, r } = await server());
    await r.select(9);
    // 23 queued jobs (no TTL), 4 of them with status=bogus.
    for (let i = 0; i < 23; i++) {
      const key = `rq:job:job-${String(i).padStart(2, '0')}`;
      await r.call('HSET', key, ...hsetArgs(rqJobHash({ status: 'queued' })).map((a) => (typeof a === 'number' ? String(a) : a)));
      if (i % 6 === 1) await r.hset(key, 'status', 'bogus');
    }
  });

  for (const [label, extra] of [
    ['the default 1% (3 minimum samples)', {}],
    ['no sampling at all', { sampleRate: 0, minSamples: 0 }],
    ['every key sampled', { sampleRate: 1 }],
  ] as const) {
    it(`reports all 4 bad statuses and 82.6% with ${label}`, async () => {
      const res = await check(RQ_APP, s.url, { dbs: [9], ...extra });
      const job = res.summary.patterns.find((p) => p.text === 'rq:job:{id:jobId}')!;
      const bad = res.findings.filter((f) => f.id === 'hash.field.value' && f.pattern === job.pattern);
      expect(bad.map((f) => f.key).sort()).toEqual(['rq:job:job-01', 'rq:job:job-07', 'rq:job:job-13', 'rq:job:job-19']);
      expect(bad[0]!.actual).toContain('bogus');
      expect(job.seen).toBe(23);
      // 19 of 23 keys conform on what was read for every key; not 91.3% (21/23) or 100%.
      expect(job.percent).toBe(82.6);
      expect(res.exitCode).toBe(1);
    });
  }
});

describe('item 9c: percent counts values only over sampled keys', () => {
  let s: TestRedis;
  beforeAll(async () => {
    let r: Redis;
    ({ s, r } = await server());
    await r.select(9);
    // 20 jobs; 10 carry an undeclared field (only a value sample can see it).
    for (let i = 0; i < 20; i++) {
      const key = `rq:job:v-${i}`;
      await r.call('HSET', key, ...hsetArgs(rqJobHash({ status: 'queued' })).map((a) => (typeof a === 'number' ? String(a) : a)));
      if (i % 2 === 0) await r.hset(key, 'planted_field', 'x');
    }
  });

  it('is the key-level share times the value share of the sampled keys', async () => {
    const res = await check(RQ_APP, s.url, { dbs: [9], sampleRate: 0, minSamples: 4 });
    const job = res.summary.patterns.find((p) => p.text === 'rq:job:{id:jobId}')!;
    const unknown = res.findings.filter((f) => f.id === 'hash.field.unknown').length;
    expect(job.sampled).toBe(4);
    // Every key passes the key-level checks; `unknown` of the 4 sampled have a bad value.
    expect(job.percent).toBe(Math.floor(((4 - unknown) / 4) * 1000) / 10);
    const all = await check(RQ_APP, s.url, { dbs: [9], sampleRate: 1 });
    expect(all.summary.patterns.find((p) => p.text === 'rq:job:{id:jobId}')!.percent).toBe(50);
  });
});

describe('item 9b: the sample is chosen by key, the same on every run and every server', () => {
  const keys: FixtureKey[] = [...weppcloudFixture({ runs: 60, seed: 3, now: Date.UTC(2026, 0, 1) })];
  const runs = keys.filter((k) => k.pattern === 'lock.run').map((k) => k.key);
  let a: TestRedis;
  let b: TestRedis;
  beforeAll(async () => {
    expect(runs.length).toBe(60);
    const [x, y] = [await server(), await server()];
    a = x.s;
    b = y.s;
    // The same data on two servers (their SCAN orders differ: each randomizes its hash seed), with an
    // undeclared field in every other run hash.
    for (const r of [x.r, y.r]) {
      await writeFixture(r, keys);
      await r.select(0);
      for (let i = 0; i < runs.length; i += 2) await r.hset(runs[i]!, 'planted_field', '1');
    }
  });

  const unknownKeys = (res: Awaited<ReturnType<typeof runCheck>>): string[] =>
    res.findings
      .filter((f) => f.id === 'hash.field.unknown')
      .map((f) => f.key!)
      .sort();

  it('gives the same findings twice on one server and on another server with the same data', async () => {
    const opts: Partial<RunCheckOptions> = { dbs: [0], sampleRate: 0.2 };
    const first = await check(WEPP, a.url, opts);
    const second = await check(WEPP, a.url, opts);
    const other = await check(WEPP, b.url, opts);
    expect(unknownKeys(first).length).toBeGreaterThan(0);
    expect(unknownKeys(first).length).toBeLessThan(30);
    expect(unknownKeys(second)).toEqual(unknownKeys(first));
    expect(unknownKeys(other)).toEqual(unknownKeys(first));
    expect(other.summary.patterns).toEqual(first.summary.patterns);
    expect(other.exitCode).toBe(first.exitCode);
  });

  it('takes the minimum samples by hash, not by SCAN order', async () => {
    const opts: Partial<RunCheckOptions> = { dbs: [0], sampleRate: 0, minSamples: 3 };
    const onA = unknownKeys(await check(WEPP, a.url, opts));
    const onB = unknownKeys(await check(WEPP, b.url, opts));
    expect(onB).toEqual(onA);
  });

  it('changes with --sample-seed, and finds every planted field with --sample 1', async () => {
    const seeds = await Promise.all([1, 2, 3, 4].map((sampleSeed) => check(WEPP, a.url, { dbs: [0], sampleRate: 0.2, sampleSeed })));
    expect(new Set(seeds.map((r) => unknownKeys(r).join(','))).size).toBeGreaterThan(1);
    const all = await check(WEPP, a.url, { dbs: [0], sampleRate: 1 });
    expect(unknownKeys(all)).toEqual(runs.filter((_k, i) => i % 2 === 0).sort());
  });

  it('--sample-seed on the command line: the same seed gives the same JSON findings; a bad seed is a usage error', async () => {
    const run = async (seed: string): Promise<{ code: number; out: string; err: string }> => {
      const x = capturedIO({ progress: false, env: {} });
      const code = await runCli(
        ['check', WEPP, '--url', a.url, '--db', '0', '--sample', '0.2', '--sample-seed', seed, '--format', 'json'],
        x,
      );
      return { code, out: x.out, err: x.err };
    };
    const [one, two] = [await run('7'), await run('7')];
    expect(one.code).toBe(1);
    const keysOf = (out: string): string[] => (JSON.parse(out) as { findings: { key: string }[] }).findings.map((f) => f.key).sort();
    expect(keysOf(two.out)).toEqual(keysOf(one.out));
    const bad = await run('x');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--sample-seed/);
  });

  it('the one planted field of the issue: sometimes sampled by the rate, the same verdict on both servers', async () => {
    const { r } = await server();
    await writeFixture(r, keys);
    const { r: r2, s: s2 } = await server();
    await writeFixture(r2, keys);
    const target = runs[7]!;
    for (const c of [r, r2]) {
      await c.select(0);
      await c.hset(target, 'planted_field', '1');
    }
    const url1 = servers[servers.length - 2]!.url;
    const verdicts = new Set<string>();
    let foundBySomeSeed = false;
    let missedBySomeSeed = false;
    for (const sampleSeed of [0, 1, 2, 3, 4, 5, 6, 7]) {
      const x = await check(WEPP, url1, { dbs: [0], sampleRate: 0.3, sampleSeed });
      const y = await check(WEPP, s2.url, { dbs: [0], sampleRate: 0.3, sampleSeed });
      expect(unknownKeys(y), `seed ${sampleSeed}`).toEqual(unknownKeys(x));
      expect(y.exitCode).toBe(x.exitCode);
      verdicts.add(`${sampleSeed}:${x.exitCode}`);
      if (unknownKeys(x).includes(target)) foundBySomeSeed = true;
      else missedBySomeSeed = true;
    }
    expect(foundBySomeSeed && missedBySomeSeed).toBe(true);
    expect(unknownKeys(await check(WEPP, url1, { dbs: [0], sampleRate: 1 }))).toEqual([target]);
  });
});

describe('item 10: streams are judged at both ends', () => {
  let s: TestRedis;
  let r: Redis;
  beforeAll(async () => {
    ({ s, r } = await server());
    await r.select(9);
    for (let i = 0; i < 12; i++) await r.xadd('rq:results:long', '*', 'type', '1', 'return_value', 'x');
    await r.xadd('rq:results:long', '*', 'type', '9', 'return_value', 'x');
    // A short stream: both reads return the same entries, each judged once.
    await r.xadd('rq:results:short', '*', 'type', '1');
    await r.xadd('rq:results:short', '*', 'type', '1');
  });

  it('finds a bad entry appended to a long stream (XRANGE and XREVRANGE, bounded)', async () => {
    const res = await check(RQ_APP, s.url, { dbs: [9], sampleRate: 1 });
    const bad = res.findings.filter((f) => f.id === 'stream.field.value');
    expect(bad.map((f) => f.key)).toEqual(['rq:results:long']);
    expect(bad[0]!.actual).toContain('9');
    expect(res.findings.filter((f) => f.key === 'rq:results:short')).toEqual([]);
  });
});
