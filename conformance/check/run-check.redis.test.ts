/**
 * The whole check against throwaway servers: a clean WEPPcloud keyspace gives zero findings, real
 * python-rq 1.13 / Flask-Session data gives none either, every planted violation is found exactly
 * once with its id, churn during the scan is tolerated, and the exit codes hold.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from './run-check.ts';
import { startTestRedis, type TestRedis } from '../../testing/redis/throwaway-redis.ts';
import { renderTextReport } from '../reports/text.ts';
import { PLANTED, UNDECLARED_COMMANDS, UNDECLARED_DB } from '../../testing/fixtures/planted.ts';
import { loadWeppcloudFixture, WeppcloudFixture, writeFixture } from '../../testing/fixtures/weppcloud-fixture.ts';

const root = join(import.meta.dirname, '..', '..');
const SPEC = join(root, 'spec', 'weppcloud.yaml');

async function server(config: Record<string, string> = { 'notify-keyspace-events': 'Kh' }): Promise<{ s: TestRedis; r: Redis }> {
  const s = await startTestRedis({ config });
  const r = new Redis(s.url);
  return { s, r };
}

describe('a clean WEPPcloud keyspace', () => {
  let s: TestRedis;
  let r: Redis;
  let written: Map<string, number>;
  beforeAll(async () => {
    ({ s, r } = await server());
    written = (await loadWeppcloudFixture(r, { runs: 8, jobsPerStatus: 2, sessions: 5 })).byPattern;
  });
  afterAll(async () => {
    r?.disconnect();
    await s?.stop();
  });

  it('covers every key pattern of spec/weppcloud.yaml', async () => {
    const res = await runCheck({ spec: SPEC, url: s.url, sampleRate: 1 });
    const declared = res.summary.patterns.map((p) => p.pattern).sort();
    expect([...written.keys()].sort()).toEqual(declared);
    expect(res.summary.unseenPatterns).toEqual([]);
    for (const p of res.summary.patterns) expect(p.seen, p.pattern).toBeGreaterThan(0);
  });

  it('gives zero findings and exit code 0, with every value sampled', async () => {
    const res = await runCheck({ spec: SPEC, url: s.url, sampleRate: 1 });
    expect(res.findings, renderTextReport(res.report!)).toEqual([]);
    expect(res.exitCode).toBe(0);
    expect(res.summary.status).toBe('conforms');
    expect(res.summary.keys.sampled).toBe(res.summary.keys.matched);
    expect(res.summary.keys.unmatched).toBe(0);
    for (const p of res.summary.patterns) expect(p.percent, p.pattern).toBe(100);
  });

  it('gives zero findings through the per-key pipeline path too', async () => {
    const res = await runCheck({ spec: SPEC, url: s.url, sampleRate: 1, batch: 'pipeline' });
    expect(res.findings).toEqual([]);
  });

  it('has every rq job status with its TTL', async () => {
    const statuses = new Map<string, number[]>();
    await r.select(9);
    let cursor = '0';
    do {
      const [next, keys] = await r.scan(cursor, 'MATCH', 'rq:job:*', 'COUNT', 500);
      cursor = next;
      for (const k of keys) {
        if ((await r.type(k)) !== 'hash') continue;
        const st = (await r.hget(k, 'status'))!;
        statuses.set(st, [...(statuses.get(st) ?? []), await r.pttl(k)]);
      }
    } while (cursor !== '0');
    await r.select(0);
    expect([...statuses.keys()].sort()).toEqual([
      'canceled',
      'deferred',
      'failed',
      'finished',
      'queued',
      'scheduled',
      'started',
      'stopped',
    ]);
    for (const st of ['queued', 'started', 'scheduled', 'deferred', 'canceled'])
      expect(
        statuses.get(st)!.every((t) => t === -1),
        st,
      ).toBe(true);
    for (const st of ['finished', 'failed', 'stopped'])
      expect(
        statuses.get(st)!.every((t) => t > 0),
        st,
      ).toBe(true);
  });
});

describe('real python-rq 1.13 and Flask-Session 0.3.2 data', () => {
  let s: TestRedis;
  let r: Redis;
  beforeAll(async () => {
    ({ s, r } = await server());
    const snap = JSON.parse(
      readFileSync(join(import.meta.dirname, '..', '..', 'testing', 'fixtures', 'real-capture', 'rq-1.13-snapshot.json'), 'utf8'),
    ) as {
      databases: Record<string, { key: string; pttl: number; dump: string }[]>;
    };
    for (const [db, keys] of Object.entries(snap.databases)) {
      await r.select(Number(db));
      for (const k of keys) await r.restore(k.key, k.pttl > 0 ? k.pttl : 0, Buffer.from(k.dump, 'base64'), 'REPLACE');
    }
    await r.select(0);
  });
  afterAll(async () => {
    r?.disconnect();
    await s?.stop();
  });

  it('conforms to the library specs through spec/weppcloud.yaml (jobs in all eight statuses, registries, workers, sessions)', async () => {
    const res = await runCheck({ spec: SPEC, url: s.url, sampleRate: 1 });
    expect(
      res.findings.filter((f) => f.severity !== 'info'),
      renderTextReport(res.report!),
    ).toEqual([]);
    const seen = new Set(res.summary.patterns.filter((p) => p.seen > 0).map((p) => p.pattern));
    for (const p of [
      'rq.rq.job',
      'rq.rq.results',
      'rq.rq.job_dependents',
      'rq.rq.job_dependencies',
      'rq.rq.worker',
      'rq.rq.workers',
      'rq.rq.queue_workers',
      'rq.rq.started_registry',
      'rq.rq.failed_registry',
      'rq.rq.finished_registry',
      'rq.rq.canceled_registry',
      'rq.rq.deferred_registry',
      'rq.rq.scheduled_registry',
      'session.flask_session.session',
    ]) {
      expect(seen.has(p), p).toBe(true);
    }
    expect(res.exitCode).toBe(0);
  });

  it('conforms to spec/lib/rq.yaml and spec/lib/flask-session.yaml imported on their own', async () => {
    const res = await runCheck({
      spec: join(import.meta.dirname, '..', '..', 'testing', 'fixtures', 'rq-app.yaml'),
      url: s.url,
      sampleRate: 1,
    });
    expect(
      res.findings.filter((f) => f.severity !== 'info'),
      renderTextReport(res.report!),
    ).toEqual([]);
    expect(res.summary.unseenPatterns).toEqual(['jobs.rq.suspended']);
    expect(res.summary.keys.scanned).toBe(res.summary.keys.matched);
    expect(res.exitCode).toBe(0);
  });
});

describe('planted violations', () => {
  let s: TestRedis;
  let r: Redis;
  beforeAll(async () => {
    // The server lacks the `h` flag the spec needs: `Kg` instead of `Kh`.
    ({ s, r } = await server({ 'notify-keyspace-events': 'Kg' }));
    await loadWeppcloudFixture(r, { runs: 4, jobsPerStatus: 1 });
    const pl = r.pipeline();
    for (const p of PLANTED) {
      pl.select(p.db);
      for (const [cmd, ...args] of p.commands) pl.call(String(cmd), ...args);
    }
    pl.select(UNDECLARED_DB);
    for (const [cmd, ...args] of UNDECLARED_COMMANDS) pl.call(String(cmd), ...args);
    pl.select(0);
    const res = await pl.exec();
    for (const [err] of res ?? []) expect(err).toBeNull();
  });
  afterAll(async () => {
    r?.disconnect();
    await s?.stop();
  });

  it('finds each planted key exactly once, with the right check id, and nothing else', async () => {
    const res = await runCheck({ spec: SPEC, url: s.url, sampleRate: 1 });
    const text = renderTextReport(res.report!);
    for (const p of PLANTED) {
      const got = res.findings.filter((f) => f.db === p.db && f.key === p.key);
      expect(
        got.map((f) => f.id),
        `${p.name} (${p.key})\n${text}`,
      ).toEqual([p.id]);
      expect(got[0]!.pattern, p.name).toBe(p.pattern);
      expect(got[0]!.reproduce, p.name).toMatch(/^redis-cli -h 127\.0\.0\.1 -p [0-9]+ /);
      if (p.db !== 0) expect(got[0]!.reproduce).toContain(` -n ${p.db} `);
    }
    const plantedKeys = new Set(PLANTED.map((p) => `${p.db}|${p.key}`));
    const others = res.findings.filter((f) => f.key === null || !plantedKeys.has(`${f.db}|${f.key}`));
    expect(others.map((f) => f.id).sort(), text).toEqual(['db.undeclared', 'server.notify']);
    const notify = others.find((f) => f.id === 'server.notify')!;
    expect(notify.message).toContain('missing h');
    const undeclared = others.find((f) => f.id === 'db.undeclared')!;
    expect(undeclared.db).toBe(UNDECLARED_DB);
    expect(undeclared.message).toContain('3 keys');
    expect(res.exitCode).toBe(1);
    expect(res.summary.status).toBe('violations');
    // Every check id of the catalogue that concerns keys or the server shows up.
    const ids = new Set(res.findings.map((f) => f.id));
    for (const id of [
      'key.unmatched',
      'key.type',
      'key.ttl.missing',
      'key.ttl.too-long',
      'key.ttl.forbidden',
      'hash.field.unknown',
      'hash.field.missing',
      'hash.field.value',
      'value.format',
      'value.too-large',
      'member.format',
      'score.format',
      'stream.field.value',
      'stream.field.unknown',
      'stream.field.missing',
      'db.undeclared',
      'server.notify',
    ]) {
      expect(ids.has(id), id).toBe(true);
    }
  });

  it('finds the same unsampled, with pages cut short by a tiny page budget, and through pipelines', async () => {
    const key = (r: Awaited<ReturnType<typeof runCheck>>): string[] => r.findings.map((f) => `${f.id}|${f.db}|${f.key}`).sort();
    const base = await runCheck({ spec: SPEC, url: s.url, sampleRate: 0, minSamples: 0 });
    // Every key-level planted finding is found without sampling (the fast path counts only clean keys).
    const keyLevel = PLANTED.filter((p) => /^key\./.test(p.id)).map((p) => `${p.id}|${p.db}|${p.key}`);
    expect(keyLevel.length).toBeGreaterThan(4);
    for (const k of keyLevel) expect(key(base)).toContain(k);
    // 1 µs per call: every script page stops after its first 31 keys and the rest is probed apart;
    // pages shrink to one key. The same findings and counts, through both paths.
    for (const batch of ['auto', 'pipeline'] as const) {
      const tiny = await runCheck({ spec: SPEC, url: s.url, sampleRate: 0, minSamples: 0, pageBudgetMs: 0.001, batch });
      expect(key(tiny), batch).toEqual(key(base));
      expect(tiny.summary.keys, batch).toEqual(base.summary.keys);
      expect(tiny.summary.patterns, batch).toEqual(base.summary.patterns);
      expect(tiny.summary.databases, batch).toEqual(base.summary.databases);
    }
  });

  it('groups unmatched keys by prefix in the coverage summary', async () => {
    const res = await runCheck({ spec: SPEC, url: s.url, sampleRate: 0 });
    expect(res.summary.unmatchedPrefixes).toEqual(
      expect.arrayContaining([
        // Each example with the nearest declared pattern where its database declares any.
        expect.objectContaining({ db: 0, prefix: 'legacy:*', count: 1, examples: ['legacy:thing'] }),
        expect.objectContaining({ db: 2, prefix: 'status:*', count: 1, examples: ['status:cache'] }),
      ]),
    );
  });

  it('restricts the scan to --db databases', async () => {
    const res = await runCheck({ spec: SPEC, url: s.url, sampleRate: 1, dbs: [15] });
    expect(new Set(res.findings.filter((f) => f.db !== null).map((f) => f.db))).toEqual(new Set([15]));
    expect(res.summary.databases.map((d) => d.db)).toEqual([15]);
  });

  it('suppresses findings with a baseline and reports stale entries', async () => {
    const res = await runCheck({
      spec: SPEC,
      url: s.url,
      sampleRate: 1,
      baseline: {
        entries: [
          { id: 'key.ttl.*', pattern: 'log_level.loglevel' },
          { id: 'key.unmatched', db: 0, key: 'legacy:*' },
          { id: 'server.notify' },
          { id: 'key.type', pattern: 'no.such.pattern' },
        ],
      },
    });
    expect(res.findings.some((f) => f.key === 'loglevel:planted-ttl')).toBe(false);
    expect(res.findings.some((f) => f.key === 'legacy:thing')).toBe(false);
    expect(res.findings.some((f) => f.id === 'server.notify')).toBe(false);
    expect(res.findings.some((f) => f.key === 'status:cache')).toBe(true);
    const stale = res.findings.filter((f) => f.id === 'baseline.stale');
    expect(stale).toHaveLength(1);
    expect(stale[0]!.message).toContain('no.such.pattern');
    expect(res.summary.counts.suppressed).toBe(3);
    expect(res.summary.baseline).toMatchObject({ suppressed: 3, stale: 1 });
  });
});

describe('many failing keys of one check', () => {
  let s: TestRedis;
  let r: Redis;
  beforeAll(async () => {
    ({ s, r } = await server());
    await r.select(15);
    const pl = r.pipeline();
    for (let i = 0; i < 2500; i++) pl.set(`loglevel:run-${i}`, 'verbose');
    await pl.exec();
  });
  afterAll(async () => {
    r?.disconnect();
    await s?.stop();
  });

  it('keeps per-key JSON findings up to the cap, counts all, and aggregates the text report', async () => {
    const res = await runCheck({ spec: SPEC, url: s.url, sampleRate: 1, maxFindingsPerCheck: 50, dbs: [15] });
    const fmt = res.findings.filter((f) => f.id === 'value.format');
    expect(fmt).toHaveLength(50);
    expect(res.summary.checks.find((c) => c.id === 'value.format')).toMatchObject({
      count: 2500,
      reported: 50,
      pattern: 'log_level.loglevel',
      db: 15,
    });
    expect(res.summary.counts.error).toBe(2500);
    const text = renderTextReport(res.report!);
    expect(text.split('\n').filter((l) => l.includes('loglevel:run-')).length).toBeLessThanOrEqual(4);
    expect(text).toContain('2,500 keys');
    expect(text).toContain('… and 2,497 more');
  });
});

describe('size guards', () => {
  let s: TestRedis;
  let r: Redis;
  beforeAll(async () => {
    ({ s, r } = await server());
    await r.select(9);
    const fields: string[] = [];
    for (let i = 0; i < 3000; i++) fields.push(`f${i}`, 'x'.repeat(100));
    await r.hset('rq:worker:big', 'birth', '2025-09-22T18:03:11.123456Z', ...fields);
    await r.expire('rq:worker:big', 400);
    await r.xadd('rq:results:big', '*', 'type', '1', 'return_value', 'A'.repeat(5000));
  });
  afterAll(async () => {
    r?.disconnect();
    await s?.stop();
  });

  it('does not sample hashes and streams above the MEMORY USAGE guard', async () => {
    const res = await runCheck({ spec: SPEC, url: s.url, sampleRate: 1, dbs: [9], maxSampleBytes: 4096 });
    expect(res.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    const big = res.findings.filter((f) => f.id === 'value.too-large').map((f) => f.key);
    expect(big.sort()).toEqual(['rq:results:big', 'rq:worker:big']);
    expect(res.exitCode).toBe(0);
  });

  it('reads a big hash only partly (bounded HSCAN) and checks required fields with HEXISTS', async () => {
    const res = await runCheck({ spec: SPEC, url: s.url, sampleRate: 1, dbs: [9], maxHashFields: 200 });
    const worker = res.findings
      .filter((f) => f.key === 'rq:worker:big')
      .map((f) => f.id)
      .sort();
    // Unknown fields are seen in the partial read; missing required ones come from HEXISTS.
    expect(worker).toEqual(['hash.field.missing', 'hash.field.unknown']);
    expect(res.findings.find((f) => f.id === 'hash.field.missing')!.message).toContain('"pid"');
  });
});

describe('churn during the scan', () => {
  let s: TestRedis;
  let r: Redis;
  let churn: Redis;
  let churn9: Redis;
  beforeAll(async () => {
    ({ s, r } = await server());
    churn = new Redis(s.url);
    churn9 = new Redis(s.url, { db: 9 });
    const f = new WeppcloudFixture({ seed: 7 });
    await writeFixture(
      r,
      (function* () {
        for (let i = 0; i < 6000; i++) yield f.session();
      })(),
    );
    await loadWeppcloudFixture(r, { runs: 20, jobsPerStatus: 3, seed: 8 });
  });
  afterAll(async () => {
    r?.disconnect();
    churn?.disconnect();
    churn9?.disconnect();
    await s?.stop();
  });

  it('tolerates keys deleted, added and changed while scanning', async () => {
    const f = new WeppcloudFixture({ seed: 9 });
    let stop = false;
    let deleted = 0;
    let added = 0;
    const loop = (async () => {
      await churn.select(11);
      while (!stop) {
        const [, keys] = await churn.scan(String(Math.floor(Math.random() * 4096)), 'COUNT', 50);
        const sessions = keys.filter((k) => k.startsWith('session:'));
        if (sessions.length) deleted += await churn.del(...sessions.slice(0, 5));
        const fresh = [f.session(), f.session(), f.session()];
        const pl = churn.pipeline();
        for (const k of fresh) for (const [cmd, ...args] of k.commands) pl.call(String(cmd), ...args);
        // An rq job is enqueued, then moves on atomically: queued -> finished with its result TTL.
        const id = `churn-${added}`;
        await pl.exec();
        await churn9.hset(`rq:job:${id}`, f.jobHash(id, 'queued', 'default', 'w1'));
        await churn9
          .multi()
          .hset(`rq:job:${id}`, 'status', 'finished', 'ended_at', '2025-09-22T18:03:11.123456Z')
          .expire(`rq:job:${id}`, 500)
          .exec();
        added += 3;
        await new Promise((res) => setTimeout(res, 1));
      }
    })();
    // A small SCAN COUNT and an ops limit stretch the scan so the churn overlaps it.
    const res = await runCheck({ spec: SPEC, url: s.url, sampleRate: 0, count: 50, maxOps: 40_000 });
    stop = true;
    await loop;
    expect(deleted).toBeGreaterThan(0);
    expect(added).toBeGreaterThan(0);
    expect(
      res.findings.filter((f) => f.severity !== 'info'),
      renderTextReport(res.report!),
    ).toEqual([]);
    expect(res.exitCode).toBe(0);
  });
});

describe('exit codes', () => {
  it('3 when the server cannot be reached', async () => {
    const res = await runCheck({ spec: SPEC, url: 'redis://:s3cret-pass@127.0.0.1:1' });
    expect(res.exitCode).toBe(3);
    expect(res.error).toMatch(/cannot connect/);
    expect(res.error).not.toContain('s3cret-pass');
  });

  it('2 on a spec error, a bad baseline or a bad option', async () => {
    expect(
      (await runCheck({ spec: join(root, 'spec', 'language', 'fixtures', 'broken', 'key-type-typo.yaml'), url: 'redis://127.0.0.1:1' }))
        .exitCode,
    ).toBe(2);
    expect((await runCheck({ spec: SPEC, url: 'redis://127.0.0.1:1', baseline: '/no/such/baseline.json' })).exitCode).toBe(2);
    expect((await runCheck({ spec: SPEC, url: 'redis://127.0.0.1:1', sampleRate: 2 })).exitCode).toBe(2);
    expect((await runCheck({ spec: SPEC, url: 'http://example.org' })).exitCode).toBe(2);
  });

  it('--embedded starts a server with the spec config, which conforms', async () => {
    const res = await runCheck({ spec: SPEC, embedded: { mode: 'local' } });
    expect(res.exitCode).toBe(0);
    expect(res.summary.server.checks.map((c) => [c.id, c.state])).toEqual([
      ['server.version', 'pass'],
      ['server.notify', 'pass'],
    ]);
    expect(res.findings.every((f) => f.id === 'pattern.unseen')).toBe(true);
  });

  it('resolves the server from the spec env vars', async () => {
    const { s, r } = await server();
    try {
      await r.acl('SETUSER', 'default', 'on', '>env-secret-1');
      const res = await runCheck({
        spec: SPEC,
        env: { REDIS_HOST: '127.0.0.1', REDIS_PORT: String(s.port), REDIS_PASSWORD: 'env-secret-1' },
      });
      expect(res.exitCode).toBe(0);
      expect(res.report!.target.url).toBe(`redis://:***@127.0.0.1:${s.port}`);
      expect(JSON.stringify(res.report)).not.toContain('env-secret-1');
      const viaUrl = await runCheck({ spec: SPEC, env: { REDIS_URL: `redis://:env-secret-1@127.0.0.1:${s.port}/0` } });
      expect(viaUrl.exitCode).toBe(0);
      expect(viaUrl.findings.every((f) => f.reproduce === null || f.reproduce.includes('--askpass'))).toBe(true);
    } finally {
      r.disconnect();
      await s.stop();
    }
  });
});
