/**
 * `keyspec infer` against keyspaces of real libraries on a throwaway redis-server: the WEPPcloud-shaped
 * workload (rq, Flask-Session and WEPPcloud's own keys), the real python-rq 1.13 / Flask-Session 0.3.2
 * capture, extra keys for `--against`. The draft must validate, `check` with it on the same server must
 * find no unmatched key, it must group keys as the shipped spec does (>= 95%), import the libraries with
 * the right parameters, and be the same bytes for the same data.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from '../conformance/check/run-check.ts';
import { compileSpec, matchKey } from '../conformance/judging/compile.ts';
import { nodeHost, type Spec } from '../spec/index.ts';
import { loadCheckedSpec } from '../conformance/run/prepare-run.ts';
import { weppcloudFixture, writeFixture, type FixtureKey } from '../testing/fixtures/weppcloud-fixture.ts';
import { startTestRedis, type TestRedis } from '../testing/redis/throwaway-redis.ts';
import { groupingAccuracy } from './grouping-accuracy.ts';
import { runInfer } from './run-infer.ts';

const ROOT = join(import.meta.dirname, '..');
const WEPPCLOUD = join(ROOT, 'spec', 'weppcloud.yaml');
const NOW = Date.UTC(2026, 0, 15, 12);

/** Unmatched keys by the check engine, in-process, with the spec model. */
async function unmatched(spec: Spec, url: string): Promise<string[]> {
  const res = await runCheck({ spec, url, sampleRate: 0, maxFindingsPerCheck: 10_000 });
  expect(res.error).toBeUndefined();
  return res.findings.filter((f) => f.id === 'key.unmatched').map((f) => `${f.db}:${f.key}`);
}

/** Each key's inferred pattern id (db.name), by the draft's own matcher. */
function inferredIds(spec: Spec, keys: readonly { db: number; key: string }[]): (string | undefined)[] {
  const compiled = compileSpec(spec);
  return keys.map((k) => {
    const db = compiled.dbs.get(k.db);
    return db ? matchKey(db, k.key)?.id : undefined;
  });
}

describe('infer on the WEPPcloud-shaped workload (rq, Flask-Session, WEPPcloud keys)', () => {
  let s: TestRedis;
  let keys: FixtureKey[];
  beforeAll(async () => {
    s = await startTestRedis();
    keys = [...weppcloudFixture({ runs: 60, jobsPerStatus: 3, sessions: 30, seed: 7, now: NOW })];
    const r = new Redis(s.url);
    await writeFixture(r, keys);
    r.disconnect();
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('writes a draft that validates, conforms, imports rq and Flask-Session with their parameters and groups >= 95% of keys as the shipped spec', async () => {
    const res = await runInfer({ url: s.url, cwd: ROOT });
    expect(res.error).toBeUndefined();
    expect(res.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(res.exitCode).toBe(0);
    const spec = res.spec!;
    expect(spec).toBeDefined();
    // Libraries with their parameters.
    expect(res.summary!.libraries.map((l) => [l.name, l.db, l.params])).toEqual([
      ['python-rq', 9, { queues: ['batch', 'default'], resultTtl: 604800 }],
      ['Flask-Session', 11, { lifetime: 43200 }],
    ]);
    expect(res.text).toContain('spec: keyspec/lib/rq.yaml');
    expect(res.text).toContain('spec: keyspec/lib/flask-session.yaml');
    // The README client hash's `runid` field holds the run ids of the key names: the same shared type.
    const runidType = /pattern: loglevel:\{(id\d+)\}/.exec(res.text!)![1];
    expect(res.text).toContain(`- name: runid\n            value:\n              type: ${runidType}\n`);
    // Evidence on every pattern.
    const patterns = res.text!.match(/^\s+pattern: /gm)!.length;
    const evidence = res.text!.match(/^\s+# .* key\(s\) seen, \d+ sampled; type .*; confidence (high|medium|low)$/gm)!.length;
    expect(evidence).toBe(patterns);
    // check with the draft on the same server: no unmatched keys.
    expect(await unmatched(spec, s.url)).toEqual([]);
    // Grouping as the hand-written spec does: spec/weppcloud.yaml's own matcher gives the truth (and agrees
    // with the pattern each fixture key was written for).
    const shipped = loadCheckedSpec(WEPPCLOUD, nodeHost(ROOT)).spec!;
    const truth = inferredIds(shipped, keys);
    expect(truth).toEqual(keys.map((k) => k.pattern));
    const ids = inferredIds(spec, keys);
    const accuracy = groupingAccuracy(keys.map((k, i) => ({ truth: truth[i]!, inferred: ids[i] })));
    console.log(`grouping accuracy vs spec/weppcloud.yaml: ${(accuracy * 100).toFixed(1)}% of ${keys.length} keys`);
    expect(accuracy).toBeGreaterThanOrEqual(0.95);
  });

  it('is deterministic: the same data gives the same bytes', async () => {
    // Live TTLs count down between two reads: the evidence's "N s left" figures are time, not data.
    const same = (t: string | undefined): string =>
      t!.replace(/127\.0\.0\.1:\d+/g, 'H').replace(/TTL on (\d+%) of keys, [^;]* left/g, 'TTL on $1');
    const a = await runInfer({ url: s.url, cwd: ROOT });
    const b = await runInfer({ url: s.url, cwd: ROOT, sample: 50 });
    expect(a.text).toBeDefined();
    expect(same(b.text)).toBe(same(a.text));
    // A fresh server with the same keys written in another order.
    const t = await startTestRedis();
    try {
      const r = new Redis(t.url);
      await writeFixture(r, [...keys].reverse());
      r.disconnect();
      const c = await runInfer({ url: t.url, cwd: ROOT });
      expect(same(c.text)).toBe(same(a.text));
      expect(c.text).toMatch(/ttl: 21600\n/);
    } finally {
      await t.stop();
    }
  });

  it('--against spec/weppcloud.yaml proposes exactly the keys the spec lacks, as a patch', async () => {
    const r = new Redis(s.url);
    const extra: { db: number; key: string }[] = [];
    try {
      for (let i = 0; i < 12; i++) {
        await r.select(0);
        await r.set(`feature-flag:${['dark', 'beta', 'new-ui'][i % 3]}:${1000 + i}`, String(i % 2), 'EX', 3600);
        extra.push({ db: 0, key: `feature-flag:${['dark', 'beta', 'new-ui'][i % 3]}:${1000 + i}` });
        await r.select(5);
        const k = `report:cache:${(0x1000_0000 + i * 7919).toString(16)}${'a1b2c3d4e5f6a7b8c9d0e1f2'.slice(0, 24)}`;
        await r.hset(k, { rows: String(i), built_at: String(Math.floor(NOW / 1000)) });
        extra.push({ db: 5, key: k });
        // DB 2 is declared with `keys: []`: the patch replaces that line with the block.
        await r.select(2);
        await r.set(`probe:${i}`, 'ok');
        extra.push({ db: 2, key: `probe:${i}` });
      }
      await r.select(0);
      const res = await runInfer({ url: s.url, cwd: ROOT, against: WEPPCLOUD });
      expect(res.error).toBeUndefined();
      expect(res.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      // Only the extra keys were inferred.
      expect(res.summary!.databases.reduce((n, d) => n + d.keys - d.skipped, 0)).toBe(extra.length);
      expect(res.keys!.map((k) => [k.db, k.pattern]).sort()).toEqual([
        [0, 'feature-flag:{inferred_choice1}:{uint}'],
        [2, 'probe:{uint}'],
        [5, 'report:cache:{inferred_hex32_n}'.replace('{inferred_hex32_n}', '{hex32}')],
      ]);
      expect(res.patch).toMatch(/^--- a\/spec\/weppcloud\.yaml/m);
      const added = res.patch!.split('\n').filter((l) => l.startsWith('+') && !l.startsWith('+++'));
      const removed = res.patch!.split('\n').filter((l) => l.startsWith('-') && !l.startsWith('---'));
      expect(removed).toEqual(['-    keys: []']);
      expect(added.filter((l) => /pattern: /.test(l)).length).toBe(3);
      // The patched spec validates and the server then has no unmatched key.
      const { loadSpec } = await import('../spec/index.ts');
      const { draftHost } = await import('./spec-host.ts');
      const patched = loadSpec(WEPPCLOUD, draftHost(new Map([[WEPPCLOUD, res.text!]]), ROOT));
      expect(patched.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(await unmatched(patched.spec!, s.url)).toEqual([]);
    } finally {
      for (const e of extra) {
        await r.select(e.db);
        await r.del(e.key);
      }
      r.disconnect();
    }
  });
});

describe('infer is read-only and bounded', () => {
  let s: TestRedis;
  beforeAll(async () => {
    s = await startTestRedis();
    const r = new Redis(s.url);
    await writeFixture(r, weppcloudFixture({ runs: 30, seed: 2, now: NOW }));
    r.disconnect();
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('sends only read commands (never KEYS, never a write) and changes nothing; --max-keys stops the read', async () => {
    const admin = new Redis(s.url);
    try {
      const dirty = async (): Promise<string> => /rdb_changes_since_last_save:(\d+)/.exec(String(await admin.info('persistence')))![1]!;
      const before = await dirty();
      await admin.config('RESETSTAT');
      const res = await runInfer({ url: s.url, cwd: ROOT, observeSeconds: 0.3 });
      expect(res.exitCode).toBe(0);
      const used = [...String(await admin.info('commandstats')).matchAll(/^cmdstat_([^:]+):/gm)].map((m) => m[1]!);
      const READ = new Set([
        'eval_ro',
        'scan',
        'time',
        'type',
        'pttl',
        'get',
        'strlen',
        'memory|usage',
        'hscan',
        'sscan',
        'lrange',
        'zrange',
        'xrange',
        'xrevrange',
        'hexists',
        'info',
        'select',
        'ping',
        'config|get',
        'config|resetstat',
        'psubscribe',
        'punsubscribe',
        'pubsub|channels',
        'client|list',
        'client|setname',
        'monitor',
        'quit',
      ]);
      expect(used.filter((c) => !READ.has(c))).toEqual([]);
      expect(used).not.toContain('keys');
      expect(await dirty()).toBe(before);
      // Flask-Session under another SESSION_KEY_PREFIX: not the library (its prefix is fixed), said in a note.
      await admin.select(3);
      const pickle = Buffer.from('80049515000000000000007d948c0a5f7065726d616e656e749488732e', 'hex');
      for (let i = 0; i < 6; i++)
        await admin.set(`sess:0f8fad5b-d9cb-469f-a165-7086772895${String(i).padStart(2, '0')}`, pickle, 'EX', 3600);
      await admin.select(0);
      const other = await runInfer({ url: s.url, cwd: ROOT, dbs: [3] });
      expect(other.summary!.libraries).toEqual([]);
      expect(other.keys!.map((k) => [k.pattern, k.value])).toEqual([['sess:{uuid}', { kind: 'pickle', compression: 'none' }]]);
      expect(other.summary!.notes.join('\n')).toMatch(/SESSION_KEY_PREFIX 'sess:'.*fixed prefix 'session:'/);
      // Every shape's named type is a valid spec type, and its keys conform.
      await admin.select(4);
      for (let i = 0; i < 5; i++) {
        const h = (n: number): string =>
          (BigInt(1_000_003 + i) * 7919n)
            .toString(16)
            .padStart(n, 'a')
            .slice(0, n - 1) + 'b';
        await admin.set(`evt:${1767225600 + i}`, '1');
        await admin.set(`evt-ms:${1767225600000 + i}`, '1');
        await admin.set(`blob:${h(64)}`, 'x');
        await admin.set(`commit:${h(40)}`, 'x');
        await admin.set(`doc:${h(24)}`, 'x');
        await admin.set(`day:2026-01-${String(10 + i)}`, 'x');
        await admin.set(`tok:aGVsbG8gV29ybGQhIDEy${i}NDU2Q==`, 'x');
        await admin.set(`up:0F8FAD5B-D9CB-469F-A165-7086772895${i}E`, 'x');
        await admin.set(`delta:-${i + 1}`, 'x');
      }
      await admin.select(0);
      const shapes = await runInfer({ url: s.url, cwd: ROOT, dbs: [4] });
      expect(shapes.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(shapes.keys!.map((k) => k.pattern).sort()).toEqual([
        'blob:{sha256}',
        'commit:{sha1}',
        'day:{iso_date}',
        'delta:{int}',
        'doc:{object_id}',
        'evt-ms:{epoch_ms}',
        'evt:{epoch_s}',
        'tok:{base64}',
        'up:{uuid_upper}',
      ]);
      expect(await unmatched(shapes.spec!, s.url)).toEqual([]);
      // A literal key of another type among many ids under one prefix stays its own key, and shadows the ids.
      await admin.select(6);
      await admin.hset('cache:stats', { hits: '10' });
      for (let i = 0; i < 40; i++) await admin.set(`cache:page-${i * 13}`, '<html>');
      await admin.select(0);
      const mixed = await runInfer({ url: s.url, cwd: ROOT, dbs: [6] });
      expect(mixed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(mixed.keys!.map((k) => [k.pattern, k.type, k.shadows ?? []]).sort()).toEqual([
        ['cache:stats', 'hash', ['cache']],
        ['cache:{id1}', 'string', []],
      ]);
      const judged = await runCheck({ spec: mixed.spec!, url: s.url, sampleRate: 1, dbs: [6] });
      expect(judged.findings.filter((f) => f.severity === 'error')).toEqual([]);
      // The application's own keys under rq's prefix, overlapping rq's `rq:queues`/`rq:workers` (sets): narrowed
      // to the values seen instead of shadowing the library's keys. `rq:suspended` is a string like the
      // application's keys and is one of those values, so the draft's key shadows that one (README: limits).
      await admin.select(9);
      for (let i = 0; i < 10; i++) await admin.set(`rq:app${i}`, String(i));
      await admin.select(0);
      // HyperLogLogs (strings with the HYLL header) are declared as such; check then reads their header only.
      await admin.select(7);
      for (let i = 0; i < 12; i++) await admin.pfadd(`visitors:${i}`, 'a', 'b', String(i));
      await admin.select(0);
      const hll = await runInfer({ url: s.url, cwd: ROOT, dbs: [7] });
      expect(hll.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(hll.keys!.map((k) => [k.pattern, k.type, k.value])).toEqual([['visitors:{uint}', 'hyperloglog', undefined]]);
      const hllJudged = await runCheck({ spec: hll.spec!, url: s.url, sampleRate: 1, dbs: [7] });
      expect(hllJudged.findings).toEqual([]);
      const rqApp = await runInfer({ url: s.url, cwd: ROOT, dbs: [9] });
      expect(rqApp.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(rqApp.summary!.libraries.map((l) => l.name)).toEqual(['python-rq']);
      expect(rqApp.keys!.map((k) => [k.pattern.replace(/choice\d+/, 'choice'), k.shadows ?? []])).toEqual([
        ['rq:{choice}', ['rq.suspended']],
      ]);
      const rqJudged = await runCheck({ spec: rqApp.spec!, url: s.url, sampleRate: 1, dbs: [9] });
      expect(rqJudged.findings.filter((f) => f.severity === 'error')).toEqual([]);
      const partial = await runInfer({ url: s.url, cwd: ROOT, dbs: [0], maxKeys: 10 });
      expect(partial.summary!.databases).toEqual([expect.objectContaining({ db: 0, keys: 10, complete: false })]);
      expect(partial.summary!.notes.join('\n')).toContain('stopped after 10 keys');
    } finally {
      admin.disconnect();
    }
  });
});

describe('infer on the real python-rq 1.13 and Flask-Session 0.3.2 capture', () => {
  let s: TestRedis;
  const all: { db: number; key: string }[] = [];
  beforeAll(async () => {
    s = await startTestRedis();
    const r = new Redis(s.url);
    const snap = JSON.parse(readFileSync(join(ROOT, 'testing', 'fixtures', 'real-capture', 'rq-1.13-snapshot.json'), 'utf8')) as {
      databases: Record<string, { key: string; pttl: number; dump: string }[]>;
    };
    for (const [db, keys] of Object.entries(snap.databases)) {
      await r.select(Number(db));
      for (const k of keys) {
        await r.restore(k.key, k.pttl > 0 ? k.pttl : 0, Buffer.from(k.dump, 'base64'), 'REPLACE');
        all.push({ db: Number(db), key: k.key });
      }
    }
    r.disconnect();
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('imports rq with the captured queues and Flask-Session, and nothing else; the draft conforms', async () => {
    const res = await runInfer({ url: s.url, cwd: ROOT });
    expect(res.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(res.summary!.libraries.map((l) => [l.name, l.db, (l.params as { queues?: string[] }).queues ?? null])).toEqual([
      ['python-rq', 9, ['batch', 'default']],
      ['Flask-Session', 11, null],
    ]);
    // Every key is a library key: no raw patterns were needed.
    expect(res.keys).toEqual([]);
    expect(await unmatched(res.spec!, s.url)).toEqual([]);
    // Grouped exactly as the libraries do.
    const ids = inferredIds(res.spec!, all);
    expect(ids.every((id) => id !== undefined)).toBe(true);
  });
});

describe('infer --observe', () => {
  let s: TestRedis;
  let quiet: TestRedis;
  beforeAll(async () => {
    [s, quiet] = await Promise.all([startTestRedis({ config: { 'notify-keyspace-events': 'KEA' } }), startTestRedis()]);
  });
  afterAll(async () => {
    await Promise.all([s?.stop(), quiet?.stop()]);
  });

  it('sees transient keys a SCAN misses (with their TTL), channels, and named clients as services with what they write', async () => {
    const w = new Redis(s.url);
    try {
      await w.set('config:version', '3');
      await w.client('SETNAME', 'app-worker');
      const run = runInfer({ url: s.url, cwd: ROOT, observeSeconds: 1.5 });
      await new Promise((r) => setTimeout(r, 500));
      for (let i = 0; i < 6; i++) {
        await w.set(`beat:${i}`, 'x', 'EX', 420 + i * 10);
        await w.set(`lock:job:${100 + i}`, 'x', 'EX', 60);
        await w.del(`lock:job:${100 + i}`);
        await w.publish(`run:${i}:status`, `job ${1000 + i} STARTED`);
        await w.publish(`run:${i}:status`, `job ${2000 + i} FINISHED`);
      }
      const res = await run;
      expect(res.diagnostics).toEqual([]);
      const lock = res.keys!.find((k) => k.pattern === 'lock:job:{uint}')!;
      expect(lock).toBeDefined();
      expect(lock.ttl).toBe(60);
      expect(lock.writers).toEqual(['app-worker']);
      // TTLs seen being written: a range.
      expect(res.keys!.find((k) => k.pattern === 'beat:{uint}')!.ttl).toEqual({ min: 420, max: 470 });
      expect(lock.evidence).toContain('6 only in traffic');
      expect(res.text).toContain('pattern: run:{uint}:status');
      expect(res.text).toContain('clientName: app-worker');
    } finally {
      w.disconnect();
    }
  });

  it('says so when keyspace notifications are disabled, and never enables them', async () => {
    const res = await runInfer({ url: quiet.url, cwd: ROOT, observeSeconds: 0.3 });
    expect(res.summary!.notes.join('\n')).toMatch(/keyspace notifications are disabled .*never enables them/);
    const r = new Redis(quiet.url);
    try {
      expect(await r.config('GET', 'notify-keyspace-events')).toEqual(['notify-keyspace-events', '']);
    } finally {
      r.disconnect();
    }
  });
});
