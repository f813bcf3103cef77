import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { judgeTtl, judgeValue, policyFor } from '../../spec/index.ts';
import { SpecJudge, loadWeppcloudSpec } from '../../testing/weppcloud/spec-judge.ts';
import { PubSubCapture } from '../../testing/redis/pubsub.ts';
import { scanAll, type ScannedKey } from '../../testing/redis/scan-all.ts';
import { startWeppcloudRedis, type TestRedis } from '../../testing/redis/throwaway-redis.ts';
import { FAULTS, runWorkload, workloadRunIds, type InjectedFault, type WorkloadReport } from './workload.ts';

describe('reference workload', () => {
  let redis: TestRedis;
  let admin: Redis;
  let judge: SpecJudge;

  beforeAll(async () => {
    redis = await startWeppcloudRedis();
    admin = new Redis(redis.url);
    judge = new SpecJudge(loadWeppcloudSpec());
  });
  beforeEach(async () => {
    await admin.flushall();
  });
  afterAll(async () => {
    admin?.disconnect();
    await redis?.stop();
  });

  /** Runs the workload with a pub/sub capture around it. */
  const drive = async (
    options: Omit<Parameters<typeof runWorkload>[0], 'redisUrl'>,
  ): Promise<{ report: WorkloadReport; capture: PubSubCapture }> => {
    const capture = await PubSubCapture.start(redis.url);
    try {
      const report = await runWorkload({ redisUrl: redis.url, ...options });
      await capture.flush(redis.url);
      return { report, capture };
    } finally {
      await capture.stop();
    }
  };

  it('clean: every key it writes parses with parseKey, with the type, TTL and value formats the spec declares', async () => {
    const clientLists: Promise<unknown>[] = [];
    const { report, capture } = await drive({
      runs: 3,
      seed: 11,
      iterations: 2,
      onEvent: (e) => {
        // Sampled while a job has just finished: web, task and worker connections are all open.
        if (e.kind === 'job' && / finished on /.test(e.text) && clientLists.length === 0) clientLists.push(admin.client('LIST'));
      },
    });
    expect(report.faults).toEqual([]);
    expect(report.lifecycles).toBe(6);
    expect(report.runids).toEqual(workloadRunIds({ seed: 11, runs: 3 }).runids);
    expect(report.runids[2]).toMatch(/^batch;;[a-z0-9-]+;;[a-z0-9-]+$/);

    const keys = await scanAll(redis.url);
    const verdicts = await Promise.all(keys.map((k) => judge.judgeKey(redis.url, k)));
    const bad = verdicts.filter((v) => v.problems.length > 0).map((v) => `db${v.key.db} ${v.key.key} (${v.id}): ${v.problems.join('; ')}`);
    expect(bad).toEqual([]);

    // Every key pattern of the spec that a healthy WEPPcloud keeps around is there.
    const seen = new Set(verdicts.map((v) => v.id));
    for (const id of [
      'lock.run',
      'session.wd',
      'session.flask_session.session',
      'nodb_cache.nodb',
      'readme.editor_lock',
      'readme.editor_client',
      'log_level.loglevel',
      'rq.rq.job',
      'rq.rq.results',
      'rq.rq.queues',
      'rq.rq.finished_registry',
      'rq.rq.failed_registry',
      'rq.rq.canceled_registry',
      'rq.rq.worker',
      'rq.rq.clean_registries_lock',
    ])
      expect(seen, id).toContain(id);
    // Jobs in each terminal state, with the TTL rq gives them.
    const statuses = new Set(report.jobs.map((j) => j.status));
    for (const s of ['finished', 'failed', 'canceled']) expect(statuses).toContain(s);
    const get = async <T>(db: number, fn: (r: Redis) => Promise<T>): Promise<T> => {
      const r = new Redis(redis.url, { db });
      try {
        return await fn(r);
      } finally {
        r.disconnect();
      }
    };
    const failed = report.jobs.find((j) => j.status === 'failed')!;
    expect(await get(9, (r) => r.ttl(`rq:job:${failed.id}`))).toBeGreaterThan(31536000 - 60);
    const finished = report.jobs.find((j) => j.status === 'finished')!;
    expect(await get(9, (r) => r.ttl(`rq:job:${finished.id}`))).toBeGreaterThan(604800 - 60);
    // README editor clients in all three states.
    const editorClients = keys.filter((x) => x.db === 14 && x.key.startsWith('readme:client:')).map((x) => x.key);
    const clientStatuses = await get(14, (r) => Promise.all(editorClients.map((k) => r.hget(k, 'status'))));
    expect([...new Set(clientStatuses)].sort()).toEqual(['active', 'invalidated', 'stale']);
    // Log levels are numeric strings.
    const levels = await get(15, async (r) => Promise.all(keys.filter((x) => x.db === 15).map((x) => r.get(x.key))));
    expect(levels.length).toBe(3);
    for (const l of levels) expect(['10', '20', '30', '40', '50']).toContain(l);

    // Pub/sub: every message is on a declared channel and fits a declared format; every format is used.
    const formats = new Set<string>();
    const app = capture.app();
    expect(app.length).toBeGreaterThan(100);
    for (const m of app) {
      const [channel] = judge.channelsFor(m.channel);
      expect(channel, m.channel).toBeDefined();
      const format = judge.formatOf(channel!, m.message);
      expect(format, `${m.channel}: ${m.message}`).toBeDefined();
      if (channel!.name === 'status') formats.add(format!);
    }
    expect([...formats].sort()).toEqual([
      'command_bar_result',
      'completed',
      'enqueued_archive',
      'exception',
      'progress',
      'started',
      'status_line',
      'trigger',
    ]);
    expect(app.some((m) => m.channel === `${report.batchName}:batch`)).toBe(true);
    // What the report says was published is exactly what went over the wire.
    expect(app.map((m) => `${m.channel} ${m.message}`).sort()).toEqual(report.published.map((p) => `${p.channel} ${p.message}`).sort());

    // Connections are named per role; rq workers name theirs after themselves.
    const list = String(await clientLists[0]);
    const names = new Set([...list.matchAll(/ name=(\S*)/g)].map((m) => m[1]));
    expect(names).toContain('weppcloud');
    expect(names).toContain('rq-worker');
    for (const w of report.workers) expect(names).toContain(w);
  });

  it('is deterministic for a seed: same run ids, job ids and keys', async () => {
    const keysOf = (ks: ScannedKey[]): string[] => ks.map((k) => `${k.db} ${k.key}`).sort();
    const a = await runWorkload({ redisUrl: redis.url, runs: 2, seed: 5 });
    const keysA = keysOf(await scanAll(redis.url));
    await admin.flushall();
    const b = await runWorkload({ redisUrl: redis.url, runs: 2, seed: 5 });
    const keysB = keysOf(await scanAll(redis.url));
    expect(b.runids).toEqual(a.runids);
    expect(b.jobs.map((j) => j.id)).toEqual(a.jobs.map((j) => j.id));
    expect(keysB).toEqual(keysA);
    await admin.flushall();
    const c = await runWorkload({ redisUrl: redis.url, runs: 2, seed: 6 });
    expect(c.runids).not.toEqual(a.runids);
  });

  it('injects each fault exactly once per run, and each shows in Redis or on the wire', async () => {
    const { report, capture } = await drive({ runs: 3, seed: 21, faults: FAULTS });
    const runs = report.runids.length;
    for (const f of FAULTS) {
      for (let i = 0; i < runs; i++)
        expect(
          report.faults.filter((x) => x.fault === f && x.runIndex === i),
          `${f} on run ${i}`,
        ).toHaveLength(1);
    }
    const app = capture.app();
    const byKind = (f: string): InjectedFault[] => report.faults.filter((x) => x.fault === f);
    const stored = async (db: number, key: string): Promise<ScannedKey> => {
      const r = new Redis(redis.url, { db });
      try {
        return { db, key, type: await r.type(key), pttl: await r.pttl(key) };
      } finally {
        r.disconnect();
      }
    };

    // write-without-ttl: the README lock exists with no TTL, where the spec says 1800 s.
    for (const f of byKind('write-without-ttl')) {
      const k = await stored(f.db!, f.key!);
      expect(k.type).toBe('string');
      expect(k.pttl).toBe(-1);
      const p = judge.pattern('readme.editor_lock');
      expect(judgeTtl(policyFor(p.ttl, undefined)!, k.pttl)).toMatchObject({ ok: false, problem: 'missing' });
    }
    // wrong-type-write: loglevel:<runid> is a hash, declared a string.
    for (const f of byKind('wrong-type-write')) {
      const v = await judge.judgeKey(redis.url, await stored(f.db!, f.key!));
      expect(v.key.type).toBe('hash');
      expect(v.problems).toEqual(['is a hash, declared string']);
    }
    // bad-value: a value outside the declared format ('debug' for loglevel, 'True' for a boolean).
    for (const f of byKind('bad-value')) {
      const v = await judge.judgeKey(redis.url, await stored(f.db!, f.key!));
      expect(
        v.problems.some((p) => /is not one of|expected 'true' or 'false'/.test(p)),
        `${f.key}: ${v.problems.join('; ')}`,
      ).toBe(true);
    }
    // unknown-key: the key exists and matches no pattern of its database.
    for (const f of byKind('unknown-key')) {
      const v = await judge.judgeKey(redis.url, await stored(f.db!, f.key!));
      expect(v.key.type).not.toBe('none');
      expect(v.id).toBeUndefined();
    }
    // undeclared-channel: published on a channel no declared pattern matches.
    for (const f of byKind('undeclared-channel')) {
      expect(app.filter((m) => m.channel === f.channel && m.message === f.message)).toHaveLength(1);
      expect(judge.channelsFor(f.channel!)).toEqual([]);
    }
    // malformed-message: a declared channel, a message that fits none of its formats. (The status
    // channels accept any text through their free-text `progress` format, so it goes to the rq
    // worker command channel, whose formats are all JSON.)
    for (const f of byKind('malformed-message')) {
      // Runs on the same queue share a worker, hence its command channel.
      const same = byKind('malformed-message').filter((x) => x.channel === f.channel && x.message === f.message).length;
      expect(app.filter((m) => m.channel === f.channel && m.message === f.message)).toHaveLength(same);
      const [channel] = judge.channelsFor(f.channel!);
      expect(channel?.name).toBe('rq.worker_commands');
      expect(judge.formatOf(channel!, f.message!)).toBeUndefined();
    }
    const status = judge.spec.channels.find((c) => c.name === 'status')!;
    expect(judgeValue(status.messages.find((m) => m.name === 'progress')!.format, Buffer.from(''))).toBeUndefined();

    // Apart from the faults, the keyspace is still clean.
    const faultKeys = new Set(report.faults.filter((f) => f.key).map((f) => `${f.db} ${f.key}`));
    const verdicts = await Promise.all(
      (await scanAll(redis.url)).filter((k) => !faultKeys.has(`${k.db} ${k.key}`)).map((k) => judge.judgeKey(redis.url, k)),
    );
    expect(verdicts.filter((v) => v.problems.length > 0).map((v) => `${v.key.key}: ${v.problems.join('; ')}`)).toEqual([]);
  });

  it('honours per-fault configuration (count and runs)', async () => {
    const { report, capture } = await drive({
      runs: 2,
      seed: 3,
      faults: [{ fault: 'undeclared-channel', perRun: 2, runs: [1] }, 'unknown-key'],
    });
    expect(report.faults.filter((f) => f.fault === 'undeclared-channel').map((f) => f.runIndex)).toEqual([1, 1]);
    expect(
      report.faults
        .filter((f) => f.fault === 'unknown-key')
        .map((f) => f.runIndex)
        .sort(),
    ).toEqual([0, 1]);
    const wrong = report.faults.find((f) => f.fault === 'undeclared-channel')!;
    expect(capture.app().filter((m) => m.channel === wrong.channel)).toHaveLength(2);
  });

  it('stops cleanly when aborted, and runs for a duration', async () => {
    const ac = new AbortController();
    const report = await runWorkload({
      redisUrl: redis.url,
      runs: 2,
      iterations: 50,
      stepDelayMs: 5,
      signal: ac.signal,
      onEvent: (e) => e.kind === 'job' && ac.abort(),
    });
    expect(report.aborted).toBe(true);
    expect(report.lifecycles).toBeLessThan(100);

    await admin.flushall();
    const started = Date.now();
    const timed = await runWorkload({ redisUrl: redis.url, runs: 1, durationMs: 150 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(timed.lifecycles).toBeGreaterThanOrEqual(1);
  });
});
