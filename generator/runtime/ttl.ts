/**
 * TTL policies at write time: which policy applies (a field-dependent policy resolves on the value of
 * its field) and what a write does to the key's TTL (overrides first, then the policy's env var).
 * Copies of the spec's rules (`policyFor`, `envTtlSeconds`, `ttlWrite` in spec/language/ttl-policy.ts),
 * kept here so the runtime stands alone; generator/runtime-parity.test.ts feeds both the same cases.
 */
import type { TtlDesc } from './descriptor-types.js';
import { KeyspecValueError } from './errors.js';

/** TTL seconds per key id, overriding the spec and its env vars. */
export type TtlOverrides = Readonly<Record<string, number>>;

/** What a write does to the TTL: set N seconds, persist, or leave it alone. */
export type TtlAction = { expire: number } | 'persist' | 'keep';

/** The policy a write applies, given the value of the field a field-dependent policy depends on. */
export function resolveTtl(policy: TtlDesc, fieldValue: string | undefined): TtlDesc | undefined {
  if (policy.kind !== 'byField') return policy;
  const c = policy.cases.find((x) => fieldValue !== undefined && x.values.includes(fieldValue));
  if (c) return resolveTtl(c.ttl, fieldValue);
  return policy.default ? resolveTtl(policy.default, fieldValue) : undefined;
}

/**
 * The seconds a TTL env override sets: undefined when unset or blank, the trimmed value when it is a
 * positive whole number, else a KeyspecValueError.
 */
export function envTtlSeconds(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const text = raw.trim();
  if (text === '') return undefined;
  if (!/^[0-9]+$/.test(text) || Number(text) <= 0 || !Number.isSafeInteger(Number(text))) {
    const what = `${name}=${JSON.stringify(raw)}`;
    throw new KeyspecValueError(`${what}: a TTL override must be a positive whole number of seconds`);
  }
  return Number(text);
}

/** Every env override a field-dependent policy mentions, validated (as check validates them up front). */
function checkEnvOverrides(policy: TtlDesc, env: Readonly<Record<string, string | undefined>>): void {
  if (policy.kind === 'byField') {
    for (const c of policy.cases) checkEnvOverrides(c.ttl, env);
    if (policy.default) checkEnvOverrides(policy.default, env);
  } else if ((policy.kind === 'exact' || policy.kind === 'bounded') && policy.env !== undefined) {
    envTtlSeconds(policy.env, env[policy.env]);
  }
}

/**
 * What a write does under `policy` (already resolved from `declared`): an override for the key id wins,
 * then the policy's env var, then the policy's seconds (the upper bound of a range). An invalid env
 * override anywhere in `declared` is an error, whichever case applies.
 */
export function ttlActionOf(
  declared: TtlDesc,
  policy: TtlDesc | undefined,
  override: number | undefined,
  env: Readonly<Record<string, string | undefined>>,
): TtlAction {
  if (declared.kind === 'byField') checkEnvOverrides(declared, env);
  if (!policy) return 'keep';
  if (policy.kind === 'none') return declared.kind === 'byField' ? 'persist' : 'keep';
  if (policy.kind === 'any' || policy.kind === 'byField') return 'keep';
  if (override !== undefined) return { expire: override };
  const fromEnv = policy.env !== undefined ? envTtlSeconds(policy.env, env[policy.env]) : undefined;
  return { expire: fromEnv ?? (policy.kind === 'exact' ? policy.seconds : policy.max) };
}
