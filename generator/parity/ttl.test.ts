/**
 * Parity: the runtime's TTL rules (resolveTtl, envTtlSeconds, ttlActionOf) against the spec's one source
 * (policyFor, envTtlSeconds, withEnvOverrides + ttlWrite, ttlProblem), for every key of the shipped specs
 * and of a synthetic spec with every policy kind, every case value, unknown values and env overrides.
 */
import { describe, expect, it } from 'vitest';
import {
  envTtlSeconds as specEnvTtlSeconds,
  policyFor,
  ttlProblem,
  ttlWrite,
  withEnvOverrides,
  type KeyPattern,
  type TtlPolicy,
} from '../../spec/index.ts';
import { ttlCode } from '../client/descriptor-values.ts';
import { envTtlSeconds, resolveTtl, ttlActionOf } from '../runtime/ttl.ts';
import { keysOf, shippedSpecs, syntheticSpec, ttlOf } from '../../testing/model/parity.ts';
import { envNames, fieldValues, RAW_ENV } from '../../testing/model/parity-cases.ts';

function outcome(f: () => unknown): unknown {
  try {
    return { ok: f() };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

describe('envTtlSeconds', () => {
  it.each(RAW_ENV.map((v) => [v]))('%j: runtime and spec agree (trimmed; non-integers rejected)', (raw) => {
    expect(outcome(() => envTtlSeconds('X', raw))).toEqual(outcome(() => specEnvTtlSeconds('X', raw)));
  });
  it('trims, and rejects what is not a positive whole number', () => {
    expect(specEnvTtlSeconds('X', ' 60 ')).toBe(60);
    expect(specEnvTtlSeconds('X', '')).toBeUndefined();
    expect(() => specEnvTtlSeconds('X', '1.5')).toThrow(/X="1.5": a TTL override must be a positive whole number of seconds/);
    expect(() => specEnvTtlSeconds('X', '0')).toThrow();
  });
});

const keys: { spec: string; key: KeyPattern }[] = [
  ...shippedSpecs().flatMap(({ name, spec }) => keysOf(spec).map((key) => ({ spec: name, key }))),
  ...keysOf(syntheticSpec()).map((key) => ({ spec: 'synthetic', key })),
];

describe.each(keys.map((k) => [`${k.spec} ${k.key.id} (${k.key.ttl.kind})`, k.key] as const))('%s', (_name, key) => {
  const desc = ttlOf(key);
  const envs: Record<string, string | undefined>[] = [{}];
  for (const name of envNames(key.ttl)) for (const raw of RAW_ENV) envs.push({ [name]: raw });

  it('resolves a field-dependent policy as policyFor does', () => {
    for (const v of fieldValues(key.ttl)) {
      const spec = policyFor(key.ttl, v);
      expect(JSON.stringify(resolveTtl(desc, v)), `value ${v}`).toBe(JSON.stringify(spec ? ttlCode(spec) : undefined));
    }
  });

  it('writes the TTL the spec rule writes, for every field value and env override', () => {
    for (const env of envs)
      for (const v of fieldValues(key.ttl)) {
        const runtime = outcome(() => ttlActionOf(desc, resolveTtl(desc, v), undefined, env));
        const spec = outcome(() => ttlWrite(withEnvOverrides(key.ttl, env), v));
        expect(runtime, `env ${JSON.stringify(env)}, value ${v}`).toEqual(spec);
      }
  });

  it('what it writes passes check right after the write (ttlProblem, justWritten)', () => {
    for (const env of envs)
      for (const v of fieldValues(key.ttl)) {
        let effective: TtlPolicy;
        try {
          effective = withEnvOverrides(key.ttl, env);
        } catch {
          continue; // rejected override: nothing is written
        }
        const policy = policyFor(effective, v);
        if (!policy) continue;
        const w = ttlWrite(effective, v);
        const pttl = typeof w === 'object' ? w.expire * 1000 : -1;
        // 'keep' leaves whatever TTL was there: judged for a fresh key (none).
        expect(ttlProblem(policy, pttl, true), `env ${JSON.stringify(env)}, value ${v}`).toBeUndefined();
      }
  });

  it('an explicit override wins over the env var and the policy', () => {
    const runtime = ttlActionOf(desc, resolveTtl(desc, undefined), 42, {});
    const spec = ttlWrite(key.ttl, undefined);
    expect(runtime).toEqual(typeof spec === 'object' ? { expire: 42 } : spec);
  });
});
