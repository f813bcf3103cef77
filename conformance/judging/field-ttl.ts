/**
 * Hash-field TTLs (Redis 7.4 HEXPIRE / HTTL, Valkey 9.0), pure: whether the server has them (from its
 * version facts), and the fields of a sampled hash judged against their declared field TTL policies from
 * an `HTTL key FIELDS n f…` reply (per field: -2 no such field, -1 no TTL, else seconds remaining).
 */
import { describeTtl, ttlProblem, type Spec, type TtlPolicy } from '../../spec/index.ts';
import type { CheckId } from '../findings/ids.ts';
import { show } from './classify.ts';
import { matchField, type CompiledKey } from './compile.ts';
import type { ServerFacts } from './server.ts';
import { compareVersions } from './server.ts';

/** Redis 7.4 and Valkey 9.0 are the first with hash-field expiration (HEXPIRE, HTTL, hexpire events). */
export const FIELD_TTL_SINCE = { redis: '7.4', valkey: '9.0' } as const;

export type FieldTtlSupport = { supported: true; server: string } | { supported: false; reason: string };

/**
 * Whether the server has hash-field expiration: Valkey by its own `valkey_version` (it reports
 * `redis_version:7.2.4` for compatibility), Redis by `redis_version`.
 */
export function fieldTtlSupport(facts: Pick<ServerFacts, 'version' | 'valkeyVersion'>): FieldTtlSupport {
  if (facts.valkeyVersion !== undefined) {
    const v = facts.valkeyVersion;
    return compareVersions(v, FIELD_TTL_SINCE.valkey) >= 0
      ? { supported: true, server: `Valkey ${v}` }
      : { supported: false, reason: `Valkey ${v} has no hash-field expiration (HTTL is Valkey ${FIELD_TTL_SINCE.valkey}+)` };
  }
  const f = facts.version;
  if (!f || 'refused' in f) return { supported: false, reason: `the server version could not be read (${f?.refused ?? 'no answer'})` };
  return compareVersions(f.value, FIELD_TTL_SINCE.redis) >= 0
    ? { supported: true, server: `Redis ${f.value}` }
    : { supported: false, reason: `Redis ${f.value} has no hash-field expiration (HTTL is Redis ${FIELD_TTL_SINCE.redis}+)` };
}

/** Whether any hash field of the spec declares its own TTL. */
export function declaresFieldTtls(spec: Spec): boolean {
  return spec.databases.some((d) => d.keys.some((k) => k.type === 'hash' && k.fields.some((f) => judged(f.ttl))));
}

/** Whether a compiled pattern has a hash field with its own TTL (its sampled fields get an HTTL). */
export function hasFieldTtls(pattern: CompiledKey | undefined): boolean {
  return pattern?.key.type === 'hash' && pattern.fields.all.some((f) => judged(f.field.ttl));
}

/** A field TTL policy that constrains anything (`any`, like none declared, does not). */
function judged(ttl: TtlPolicy | undefined): boolean {
  return ttl !== undefined && ttl.kind !== 'any';
}

export interface FieldTtlProblem {
  id: Extract<CheckId, `hash.field.ttl.${string}`>;
  message: string;
  expected: string;
  actual: string;
  reproduce: string[];
}

/**
 * Judges the remaining TTLs of `fields` (HTTL reply `ttls`, seconds) against their declared field TTLs;
 * at most one problem per check id (the first failing field). A field without a declared field TTL, or
 * one that vanished meanwhile (-2), is not judged.
 */
export function judgeFieldTtls(pattern: CompiledKey, key: string, fields: readonly string[], ttls: readonly number[]): FieldTtlProblem[] {
  const out = new Map<FieldTtlProblem['id'], FieldTtlProblem>();
  fields.forEach((field, i) => {
    const ttl = ttls[i];
    if (ttl === undefined || ttl === -2) return;
    const policy = matchField(pattern.fields, field)?.field.ttl;
    if (!policy) return;
    // HTTL rounds to whole seconds: up to a second of slack either way.
    const problem = ttlProblem(policy, ttl === -1 ? -1 : ttl * 1000, false, 1000);
    if (problem === undefined || problem === 'too-short') return;
    const id: FieldTtlProblem['id'] =
      problem === 'missing' ? 'hash.field.ttl.missing' : problem === 'forbidden' ? 'hash.field.ttl.forbidden' : 'hash.field.ttl.too-long';
    if (out.has(id)) return;
    const actual = ttl === -1 ? 'no field TTL' : `${ttl}s remaining`;
    const what = problem === 'missing' ? 'has no TTL' : problem === 'forbidden' ? 'has a TTL' : 'has a TTL longer than allowed';
    out.set(id, {
      id,
      message: `${show(key)} field ${JSON.stringify(field)} ${what}: expected ${describeTtl(policy)}, got ${actual} (${pattern.id})`,
      expected: `${field}: ${describeTtl(policy)}`,
      actual: `${field}: ${actual}`,
      reproduce: ['HTTL', key, 'FIELDS', '1', field],
    });
  });
  return [...out.values()];
}
