/**
 * The language constructs the TypeScript client supports, in the generated Python package (sync and asyncio),
 * against a throwaway redis-server 7.0, as generator/redis8-client.redis.test.ts and
 * generator/queue-constructs.redis.test.ts judge the TypeScript one: logical-type accessors (HyperLogLog,
 * bitmap, GEO, module) applying the key TTL; a sharded channel published with SPUBLISH and received with
 * SSUBSCRIBE (a pattern refused); a write of a field with its own TTL, whose MULTI holds HEXPIRE (Redis 7.4+),
 * refused by 7.0 as a whole (nothing written); a record missing a required field rejected before anything is
 * sent; encoded zset scores written as `high * multiplier + low` and read back as parts (parts out of range
 * rejected); stream entries of each case; and what the client writes, `keyspec check` accepts.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from '../../conformance/check/run-check.ts';
import { loadSpec, nodeHost } from '../../spec/index.ts';
import { pythonToolchain, runPython } from '../../testing/python/toolchain.ts';
import { startTestRedis, type TestRedis } from '../../testing/redis/throwaway-redis.ts';
import { generateFiles } from '../generate.ts';
import { writeOutput } from '../write-output.ts';

const root = join(import.meta.dirname, '..', '..');
const REDIS8 = join(root, 'testing', 'fixtures', 'redis8-app.yaml');
const QUEUE = join(root, 'testing', 'fixtures', 'queue-constructs', 'queue-app.yaml');
const { toolchain, reason } = pythonToolchain();
if (reason) console.warn(reason);

type Outcome = { ok: unknown } | { error: string };
type Out = Record<string, unknown>;

describe.skipIf(!toolchain)('the generated Python package and the constructs of language 1.1', () => {
  let s: TestRedis;
  let dir: string;
  const out: Record<'sync' | 'async', Out> = { sync: {}, async: {} };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'keyspec-py-constructs-'));
    // One folder per package (writeOutput removes what another spec's output left in its folder).
    const folders = [REDIS8, QUEUE].map((path, i) => {
      const loaded = loadSpec(path, nodeHost(dirname(path)));
      expect(loaded.diagnostics).toEqual([]);
      const folder = join(dir, String(i));
      writeOutput(folder, generateFiles(loaded.spec!, { specPath: path, outDir: 'x', target: 'python' }));
      return folder;
    });
    s = await startTestRedis();
    const script = readFileSync(join(root, 'testing', 'python', 'constructs_driver.py'), 'utf8');
    for (const mode of ['sync', 'async'] as const) {
      const r = runPython(toolchain!, script, {
        pythonPath: folders.join(delimiter),
        input: JSON.stringify({ url: s.url, mode, prefix: `${mode}-` }),
      });
      if (r.status !== 0) throw new Error(`constructs driver failed (${mode}, ${r.status}): ${r.stderr}`);
      out[mode] = JSON.parse(r.stdout) as Out;
    }
  }, 120_000);
  afterAll(async () => {
    await s?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const ok = (o: unknown): unknown => {
    const x = o as Outcome;
    if ('error' in x) throw new Error(x.error);
    return x.ok;
  };
  const error = (o: unknown): string => {
    const x = o as Outcome;
    if (!('error' in x)) throw new Error(`expected an error, got ${JSON.stringify(x.ok)}`);
    return x.error;
  };

  describe.each(['sync', 'async'] as const)('%s', (mode) => {
    const o = (): Out => out[mode];

    it('HyperLogLog: PFADD with the key TTL (7d), PFCOUNT; the value is a HYLL string', () => {
      expect(ok(o().hll_add)).toBe(true);
      expect(ok(o().hll_again)).toBe(false);
      expect(ok(o().hll_count)).toBe(3);
      expect(o().hll_head).toBe('HYLL');
      expect(o().hll_ttl).toBeGreaterThan(604800 - 5);
      expect(o().hll_ttl).toBeLessThanOrEqual(604800);
    });

    it('bitmap: SETBIT (no TTL declared: none set), GETBIT, BITCOUNT', () => {
      expect([ok(o().bit_set7), ok(o().bit_set9), ok(o().bit_get7), ok(o().bit_get8), ok(o().bit_count)]).toEqual([0, 0, 1, 0, 2]);
      expect(o().bit_type).toBe('string');
      expect(o().bit_ttl).toBe(-1);
    });

    it('GEO: GEOADD, GEOPOS, GEOSEARCH by radius; members checked by their format', () => {
      expect([ok(o().geo_add1), ok(o().geo_add2)]).toEqual([1, 1]);
      const [lon, lat] = ok(o().geo_pos) as [number, number];
      expect(lon).toBeCloseTo(2.3522, 3);
      expect(lat).toBeCloseTo(48.8566, 3);
      expect(ok(o().geo_nowhere)).toBeNull();
      expect(ok(o().geo_1km)).toEqual(['bakery-1']);
      expect(ok(o().geo_10km)).toEqual(['bakery-1', 'bakery-2']);
      expect(error(o().geo_bad)).toMatch(/^KeyspecValueError: .*is not text matching/);
      expect(o().geo_type).toBe('zset');
    });

    it('a module-type key has the commands every key has', () => {
      expect(ok(o().module_exists)).toBe(false);
      expect(o().module_key).toBe(`profile:${mode}-u1`);
    });

    it('a sharded channel: SSUBSCRIBE and SPUBLISH; plain SUBSCRIBE never sees it; a pattern is refused', () => {
      expect(o().shard_numsub).toEqual([`room:{${mode}-lobby}`, 1]);
      expect(ok(o().shard_publish)).toBe(1);
      expect(o().shard_got).toEqual([`room:{${mode}-lobby}`, 'hello', 'say']);
      expect(o().shard_plain).toBeNull();
      expect(error(o().shard_pattern)).toMatch(/sharded: SSUBSCRIBE has no patterns/);
    });

    it('a field with its own TTL is written with HEXPIRE in the MULTI: Redis 7.0 refuses the whole transaction', () => {
      // No field TTL among these: HSET and the key TTL (1d), as on any server.
      expect(ok(o().session_plain)).toBeNull();
      expect(o().session_ttl).toBeGreaterThan(86400 - 5);
      for (const k of ['session_csrf', 'session_csrf_field', 'session_if_absent', 'session_otp'])
        expect(error(o()[k]), k).toMatch(/EXECABORT|unknown command .HEXPIRE/i);
      // `ttl: none` on a field: no HEXPIRE, a plain write (and an update of some fields of the record).
      expect(ok(o().session_pinned)).toBeNull();
      expect(ok(o().session_update)).toBeNull();
      expect(o().session_all).toEqual({ user: 'u1', pinned: 'no' });
    });

    it('a whole record missing a required field is rejected before anything is sent', () => {
      expect(error(o().session_missing)).toMatch(/^KeyspecValueError: main\.session: a whole record needs field 'user' \(required\)/);
      expect(o().session_missing_exists).toBe(0);
      expect(error(o().job_missing)).toMatch(/a whole record needs field 'name' \(required\)/);
      expect(o().job_missing_exists).toBe(0);
      expect(ok(o().job_set)).toBeNull();
    });

    it('encoded scores: written as high * multiplier + low, read back as parts; parts out of range rejected', () => {
      const due = 1_764_000_000_000;
      expect(ok(o().delayed_add)).toBe(1);
      expect(o().delayed_raw).toBe(String(due * 4096 + 4095));
      expect(ok(o().delayed_score)).toEqual({ due, counter: 4095 });
      expect(ok(o().delayed_range)).toEqual([['1', { due, counter: 4095 }]]);
      // Due by `due + 1000`: the first job only, with its score's parts (ZRANGEBYSCORE over encoded bounds).
      expect(ok(o().delayed_add2)).toBe(1);
      expect(ok(o().delayed_due)).toEqual([['1', { due, counter: 4095 }]]);
      expect(ok(o().delayed_due_limit)).toEqual([['1', { due, counter: 4095 }]]);
      expect(ok(o().delayed_remove2)).toBe(1);
      expect(error(o().delayed_counter_high)).toMatch(/counter/);
      expect(error(o().delayed_due_negative)).toMatch(/due/);
      expect(error(o().delayed_not_parts)).toMatch(/expected \{ due, counter \}/);
    });

    it('stream entries of each case, entry-case fields encoded with their formats; a missing required field rejected', () => {
      expect(ok(o().events_completed)).toMatch(/^[0-9]+-[0-9]+$/);
      expect(ok(o().events_failed)).toMatch(/^[0-9]+-[0-9]+$/);
      expect(error(o().events_missing)).toMatch(/an entry needs field 'event' \(required\)/);
      expect(error(o().events_bad_attempts)).toMatch(/attemptsMade: expected an integer/);
      expect(o().events_read).toEqual([
        { event: 'completed', jobId: '1', returnvalue: { ok: true } },
        { event: 'failed', jobId: '1', failedReason: 'boom', attemptsMade: 2 },
      ]);
    });
  });

  it('leaves keys keyspec check accepts (redis8-app DB 0, queue-app DB 3)', async () => {
    const main = await runCheck({ spec: REDIS8, url: s.url, env: {}, sampleRate: 1, dbs: [0] });
    // What a throwaway 7.0 server itself lacks (its notify-keyspace-events, HTTL), not what the client wrote.
    const SERVER = new Set(['server.notify', 'hash.field.ttl.unverifiable', 'pattern.unseen']);
    expect(main.findings.filter((f) => f.severity !== 'info' && !SERVER.has(f.id))).toEqual([]);
    expect(main.summary.keys.matched).toBeGreaterThanOrEqual(8);
    const jobs = await runCheck({ spec: QUEUE, url: s.url, env: {}, sampleRate: 1, dbs: [3] });
    expect(jobs.findings.filter((f) => f.id !== 'pattern.unseen')).toEqual([]);
  }, 60_000);
});
