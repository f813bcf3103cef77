/**
 * The sampler's HTTL round without a Redis that has it (the local one is 7.0), and its reads of logical
 * types: a recording stand-in for ioredis answers MEMORY USAGE, HSCAN and HTTL with replies recorded from
 * Redis 7.4, and the sample carries the field TTLs in field order, in chunks of HTTL_CHUNK fields.
 */
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { loadSpec, nodeHost } from '../../spec/index.ts';
import { compileSpec, matchKey } from '../judging/compile.ts';
import { RateLimiter } from './rate-limiter.ts';
import { HTTL_CHUNK, sampleValues } from './sampler.ts';

const root = join(import.meta.dirname, '..', '..');
const spec = loadSpec(join(root, 'testing', 'fixtures', 'redis8-app.yaml'), nodeHost(root)).spec!;
const db = compileSpec(spec).dbs.get(0)!;

type Call = [string, ...unknown[]];

/** A stand-in connection: each pipeline records its commands and `reply` answers each one. */
function fakeRedis(reply: (c: Call) => [Error | null, unknown]): { conn: Redis; calls: Call[] } {
  const calls: Call[] = [];
  const pipeline = (): unknown => {
    const queued: Call[] = [];
    const p: Record<string, unknown> = {
      exec: async () => queued.map(reply),
    };
    for (const m of ['call', 'hscanBuffer', 'strlen', 'getBuffer', 'hexists', 'getrangeBuffer'])
      p[m] = (...args: unknown[]) => {
        const c: Call = m === 'call' ? [String(args[0]), ...args.slice(1)] : [m, ...args];
        queued.push(c);
        calls.push(c);
        return p;
      };
    return p;
  };
  return { conn: { pipeline } as unknown as Redis, calls };
}

const limits = { maxValueBytes: 1 << 20, maxHashFields: 1000, maxSampleBytes: 32 << 20 };
const probed = [{ type: 'hash', pttl: 1000 }];

function flat(fields: string[]): Buffer[] {
  return fields.flatMap((f) => [Buffer.from(f), Buffer.from('v')]);
}

describe('the HTTL round of the sampler', () => {
  it('reads the TTLs of the sampled fields of a hash whose pattern declares field TTLs', async () => {
    const fields = ['user', 'csrf', 'otp:1', 'pinned'];
    const { conn, calls } = fakeRedis((c) => {
      if (c[0] === 'MEMORY') return [null, 200];
      if (c[0] === 'hscanBuffer') return [null, [Buffer.from('0'), flat(fields)]];
      if (c[0] === 'HTTL') return [null, [-1, 1799, 120, -1]];
      return [new Error(`unexpected ${c[0]}`), null];
    });
    const pattern = matchKey(db, 'session:abc')!;
    const out = await sampleValues(conn, new RateLimiter(0), limits, [Buffer.from('session:abc')], [0], probed, [pattern], true);
    expect(out.get(0)).toMatchObject({ type: 'hash', complete: true, fieldTtls: [-1, 1799, 120, -1] });
    expect(calls.filter((c) => c[0] === 'HTTL')).toEqual([['HTTL', Buffer.from('session:abc'), 'FIELDS', '4', ...fields]]);
  });

  it(`asks in chunks of ${HTTL_CHUNK} fields and puts the replies back in field order`, async () => {
    const fields = Array.from({ length: HTTL_CHUNK + 30 }, (_x, i) => `otp:${i}`);
    const { conn, calls } = fakeRedis((c) => {
      if (c[0] === 'MEMORY') return [null, 200];
      if (c[0] === 'hscanBuffer') return [null, [Buffer.from('0'), flat(fields)]];
      if (c[0] === 'HTTL') return [null, (c.slice(4) as string[]).map((f) => Number(f.slice(4)))];
      return [new Error(`unexpected ${c[0]}`), null];
    });
    const pattern = matchKey(db, 'session:abc')!;
    const out = await sampleValues(conn, new RateLimiter(0), limits, [Buffer.from('session:abc')], [0], probed, [pattern], true);
    const s = out.get(0)!;
    expect(s.type === 'hash' && 'fieldTtls' in s && s.fieldTtls).toEqual(fields.map((_f, i) => i));
    expect(calls.filter((c) => c[0] === 'HTTL').map((c) => c[3])).toEqual([String(HTTL_CHUNK), '30']);
  });

  it('asks nothing for a hash whose pattern declares no field TTLs, or when the server has none', async () => {
    const other = loadSpec(join(root, 'spec', 'weppcloud.yaml'), nodeHost(root)).spec!;
    const run = matchKey(compileSpec(other).dbs.get(0)!, 'busy-beaver')!;
    const answer = (c: Call): [Error | null, unknown] =>
      c[0] === 'MEMORY' ? [null, 200] : c[0] === 'hscanBuffer' ? [null, [Buffer.from('0'), flat(['a'])]] : [null, [-1]];
    const a = fakeRedis(answer);
    await sampleValues(a.conn, new RateLimiter(0), limits, [Buffer.from('busy-beaver')], [0], probed, [run], true);
    const b = fakeRedis(answer);
    await sampleValues(
      b.conn,
      new RateLimiter(0),
      limits,
      [Buffer.from('session:abc')],
      [0],
      probed,
      [matchKey(db, 'session:abc')!],
      false,
    );
    expect([...a.calls, ...b.calls].filter((c) => c[0] === 'HTTL')).toEqual([]);
    expect(a.calls.length).toBeGreaterThan(0);
  });

  it('reads a HyperLogLog with GETRANGE 0 3 (never its value) and nothing of a bitmap', async () => {
    const { conn, calls } = fakeRedis((c) =>
      c[0] === 'getrangeBuffer' ? [null, Buffer.from('HYLL')] : [new Error(`unexpected ${c[0]}`), null],
    );
    const strings = [
      { type: 'string', pttl: 1000 },
      { type: 'string', pttl: -1 },
    ];
    const keys = [Buffer.from('visitors:mon'), Buffer.from('seen:mon')];
    const out = await sampleValues(conn, new RateLimiter(0), limits, keys, [0, 1], strings, [
      matchKey(db, 'visitors:mon'),
      matchKey(db, 'seen:mon'),
    ]);
    expect(calls).toEqual([['getrangeBuffer', keys[0], 0, 3]]);
    expect(out.get(0)).toEqual({ type: 'string', value: Buffer.from('HYLL') });
    expect(out.has(1)).toBe(false);
  });
});
