/**
 * Parity against a real (throwaway) Redis: the TTL the runtime actually writes, for every TTL policy kind
 * of the synthetic spec (none, any, exact, bounded, optional, field cases and default, refresh on read
 * and on write, env overrides valid and invalid) and for every key of the shipped specs with an env
 * override, judged by the spec's rule right after the write (ttlProblem, justWritten) and compared with
 * the seconds the spec's rule writes (ttlWrite).
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedRedis, type EmbeddedRedis } from '../../conformance/redis/embedded-redis.ts';
import { buildFromPattern, policyFor, ttlProblem, ttlWrite, withEnvOverrides, type KeyPattern, type TtlPolicy } from '../../spec/index.ts';
import { KeyspecValueError } from '../runtime/errors.ts';
import { HashKey } from '../runtime/hash-key.ts';
import type { KeyContext } from '../runtime/pool.ts';
import { StringKey } from '../runtime/string-key.ts';
import { keyDescOf, keysOf, shippedSpecs, syntheticSpec } from '../../testing/model/parity.ts';
import { sampleParams, sampleValue } from '../../testing/model/samples.ts';

let server: EmbeddedRedis;
let redis: Redis;

beforeAll(async () => {
  server = await startEmbeddedRedis({ mode: 'local' });
  redis = new Redis(server.url);
});
afterAll(async () => {
  redis?.disconnect();
  await server?.stop();
});

type Env = Record<string, string | undefined>;

function context(env: Env): KeyContext {
  return { overrides: {}, env, ttlCache: new Map(), codecCache: new WeakMap() };
}

let n = 0;
/** A fresh concrete key for a pattern (a unique suffix keeps cases apart). */
function concrete(key: KeyPattern): string {
  return `${buildFromPattern(key.pattern, sampleParams(key.pattern))}#${++n}`;
}

/** Expects the PTTL to be what ttlWrite says, and the policy to accept it right after the write. */
async function expectWritten(key: string, declared: TtlPolicy, env: Env, fieldValue: string | undefined, what: string): Promise<void> {
  const effective = withEnvOverrides(declared, env);
  const w = ttlWrite(effective, fieldValue);
  const pttl = await redis.pttl(key);
  if (typeof w === 'object') {
    expect(pttl, `${what}: PTTL`).toBeGreaterThan(w.expire * 1000 - 2000);
    expect(pttl, `${what}: PTTL`).toBeLessThanOrEqual(w.expire * 1000);
  } else if (w === 'persist') expect(pttl, what).toBe(-1);
  const policy = policyFor(effective, fieldValue);
  if (policy) expect(ttlProblem(policy, pttl, true), `${what}: judged right after the write (PTTL ${pttl})`).toBeUndefined();
}

const spec = syntheticSpec();
const ttlDb = spec.databases.find((d) => d.name === 'ttls')!;
const ENVS: Env[] = [{}, { EXACT_TTL: ' 90 ', RANGE_TTL: '100' }, { EXACT_TTL: '', RANGE_TTL: '  ' }];

describe.each(ttlDb.keys.map((k) => [`${k.name} (${k.ttl.kind})`, k] as const))('synthetic %s', (_name, key) => {
  const desc = keyDescOf(key, 0);

  it.each(ENVS.map((e) => [JSON.stringify(e), e] as const))('env %s: the TTL written is the spec rule’s', async (_e, env) => {
    if (key.type === 'string') {
      const name = `${key.pattern.text}#${++n}`;
      const k = new StringKey<string>(redis, desc, name, context(env));
      await k.set('v');
      await expectWritten(name, key.ttl, env, undefined, 'set');
      if (key.ttl.kind !== 'none' && key.ttl.kind !== 'any' && key.ttl.kind !== 'byField' && key.ttl.refresh === 'read') {
        await redis.pexpire(name, 5000);
        await k.get();
        await expectWritten(name, key.ttl, env, undefined, 'refreshed by a read');
      } else if (key.ttl.kind !== 'any') {
        const before = await redis.pttl(name);
        await k.get();
        expect(await redis.pttl(name), 'a read does not touch a TTL set on write').toBeLessThanOrEqual(before);
      }
    } else {
      const p = key.ttl as Extract<TtlPolicy, { kind: 'byField' }>;
      const values = [...new Set(p.cases.flatMap((c) => c.values)), 'other'];
      const name = `${key.pattern.text}#${++n}`;
      const k = new HashKey<{ status: string }>(redis, desc, name, context(env));
      // Every transition between field values: the TTL follows the value the write sets.
      for (const from of values)
        for (const to of values) {
          await redis.del(name);
          await k.set({ status: from });
          await expectWritten(name, key.ttl, env, from, `status=${from}`);
          await k.setField('status', to);
          await expectWritten(name, key.ttl, env, to, `status ${from} -> ${to}`);
        }
    }
  });

  it('an invalid env override is rejected and nothing is written', async () => {
    const env = { EXACT_TTL: '1.5', RANGE_TTL: 'abc' };
    let rejected = false;
    try {
      withEnvOverrides(key.ttl, env);
    } catch {
      rejected = true;
    }
    const name = `${key.pattern.text}#${++n}`;
    const write =
      key.type === 'string'
        ? new StringKey<string>(redis, desc, name, context(env)).set('v')
        : new HashKey<{ status: string }>(redis, desc, name, context(env)).set({ status: 'queued' });
    if (rejected) {
      await expect(write).rejects.toBeInstanceOf(KeyspecValueError);
      expect(await redis.exists(name)).toBe(0);
    } else await write;
  });
});

describe('shipped keys with an env override', () => {
  const cases = shippedSpecs().flatMap(({ name, spec: s }) =>
    keysOf(s)
      .filter((k) => (k.ttl.kind === 'exact' || k.ttl.kind === 'bounded') && k.ttl.env !== undefined && k.type === 'string')
      .map((k) => [`${name} ${k.id}`, k] as const),
  );
  it('there is one', () => expect(cases.length).toBeGreaterThan(0));

  it.each(cases)('%s: writes the override, trimmed', async (_id, key) => {
    const envName = (key.ttl as { env: string }).env;
    for (const env of [{}, { [envName]: ' 77 ' }]) {
      const name = concrete(key);
      const k = new StringKey<unknown>(redis, keyDescOf(key, 0), name, context(env));
      await k.set(sampleValue((key as Extract<KeyPattern, { type: 'string' }>).value ?? { kind: 'raw' }));
      await expectWritten(name, key.ttl, env, undefined, JSON.stringify(env));
    }
  });
});
