/**
 * TTL policies: parsing the YAML forms into the model, and judging an observed TTL against a policy
 * (shared by the generator, which needs the seconds to apply on write, and the conformance checks).
 */
import type { TtlPolicy, TtlRefresh } from './model.ts';

const UNIT: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/** Parses `1800`, `'1800'`, `'30m'` into seconds; undefined when malformed. */
export function parseSeconds(raw: unknown): number | undefined {
  if (typeof raw === 'number' && Number.isInteger(raw)) return raw;
  if (typeof raw === 'string') {
    const m = /^(-?[0-9]+)([smhdw]?)$/.exec(raw);
    if (m) return Number(m[1]) * (UNIT[m[2] || 's'] ?? 1);
  }
  return undefined;
}

export interface TtlProblem {
  /** Sub-path below the ttl node where the problem is. */
  path: (string | number)[];
  message: string;
}

interface RawTtlObject {
  seconds?: unknown;
  min?: unknown;
  max?: unknown;
  optional?: boolean;
  refresh?: TtlRefresh;
  env?: string;
  field?: string;
  cases?: { when: unknown[]; ttl: unknown }[];
  default?: unknown;
}

/** Converts a structurally valid raw TTL to a policy; problems are returned, never thrown. */
export function parseTtl(raw: unknown, problems: TtlProblem[], base: (string | number)[] = []): TtlPolicy {
  if (raw === undefined || raw === 'none') return { kind: 'none' };
  if (raw === 'any') return { kind: 'any' };
  if (typeof raw === 'number' || typeof raw === 'string') {
    const seconds = positive(raw, base, problems);
    return { kind: 'exact', seconds, refresh: 'write' };
  }
  const o = (raw ?? {}) as RawTtlObject;
  const refresh: TtlRefresh = o.refresh ?? 'write';
  const env = o.env !== undefined ? { env: o.env } : {};
  if (o.field !== undefined) {
    for (const k of ['seconds', 'min', 'max', 'optional', 'refresh', 'env'] as const) {
      if (o[k] !== undefined)
        problems.push({ path: [...base, k], message: `'${k}' cannot be combined with a field-dependent TTL ('field:')` });
    }
    const cases = (o.cases ?? []).map((c, i) => ({
      values: c.when.map(String),
      ttl: parseTtl(c.ttl, problems, [...base, 'cases', i, 'ttl']),
    }));
    if (cases.length === 0)
      problems.push({ path: [...base, 'field'], message: 'a field-dependent TTL needs at least one entry in `cases:`' });
    return {
      kind: 'byField',
      field: o.field,
      cases,
      ...(o.default !== undefined ? { default: parseTtl(o.default, problems, [...base, 'default']) } : {}),
    };
  }
  if (o.cases !== undefined || o.default !== undefined) {
    problems.push({ path: [...base, o.cases !== undefined ? 'cases' : 'default'], message: '`cases:` and `default:` need `field:`' });
  }
  if (o.seconds !== undefined) {
    if (o.min !== undefined || o.max !== undefined) {
      problems.push({
        path: [...base, o.min !== undefined ? 'min' : 'max'],
        message: 'use either `seconds:` (exact) or `min:`/`max:` (a range), not both',
      });
    }
    if (o.optional)
      problems.push({ path: [...base, 'optional'], message: '`optional: true` goes with `max:` (either no TTL or at most max seconds)' });
    return { kind: 'exact', seconds: positive(o.seconds, [...base, 'seconds'], problems), refresh, ...env };
  }
  if (o.max === undefined) {
    problems.push({ path: base, message: 'a TTL policy needs `seconds:`, `max:` or `field:`' });
    return { kind: 'none' };
  }
  const max = positive(o.max, [...base, 'max'], problems);
  const min = o.min === undefined ? 0 : nonNegative(o.min, [...base, 'min'], problems);
  if (min > max)
    problems.push({ path: [...base, 'min'], message: `min (${min}s) is greater than max (${max}s): no TTL can satisfy this policy` });
  return { kind: 'bounded', min, max, optional: o.optional ?? false, refresh, ...env };
}

function positive(raw: unknown, path: (string | number)[], problems: TtlProblem[]): number {
  const s = parseSeconds(raw);
  if (s === undefined) {
    problems.push({ path, message: `not a number of seconds: ${JSON.stringify(raw)}` });
    return 1;
  }
  if (s <= 0) {
    problems.push({ path, message: `a TTL must be positive, got ${s}s (use \`ttl: none\` for keys without a TTL)` });
    return 1;
  }
  return s;
}

function nonNegative(raw: unknown, path: (string | number)[], problems: TtlProblem[]): number {
  const s = parseSeconds(raw);
  if (s !== undefined && s === 0) return 0;
  return positive(raw, path, problems);
}

/** Seconds a writer applies: the exact value, or the upper bound of a range. Undefined for none. */
export function writeSeconds(policy: TtlPolicy, fieldValue?: string): number | undefined {
  switch (policy.kind) {
    case 'none':
    case 'any':
      return undefined;
    case 'exact':
      return policy.seconds;
    case 'bounded':
      return policy.max;
    case 'byField': {
      const c = policy.cases.find((x) => fieldValue !== undefined && x.values.includes(fieldValue));
      const p = c?.ttl ?? policy.default;
      return p ? writeSeconds(p, fieldValue) : undefined;
    }
  }
}

/** Resolves a field-dependent policy for a given field value (undefined value: unknown). */
export function policyFor(policy: TtlPolicy, fieldValue: string | undefined): TtlPolicy | undefined {
  if (policy.kind !== 'byField') return policy;
  const c = policy.cases.find((x) => fieldValue !== undefined && x.values.includes(fieldValue));
  if (c) return policyFor(c.ttl, fieldValue);
  return policy.default ? policyFor(policy.default, fieldValue) : undefined;
}

export type TtlVerdict = { ok: true } | { ok: false; problem: 'missing' | 'forbidden' | 'too-long' | 'too-short'; expected: string };

/**
 * Judges a remaining TTL (milliseconds, -1 when the key has none) against a (non field-dependent)
 * policy. A remaining TTL only shrinks, so for stored keys only the upper bound can be checked unless
 * `justWritten` (observe: the write just happened, so the lower bound applies too).
 */
export function judgeTtl(policy: TtlPolicy, pttlMs: number, justWritten = false, slackMs = 1000): TtlVerdict {
  const expected = describeTtl(policy);
  if (policy.kind === 'byField' || policy.kind === 'any') return { ok: true };
  if (policy.kind === 'none') return pttlMs === -1 ? { ok: true } : { ok: false, problem: 'forbidden', expected };
  if (pttlMs === -1) {
    if (policy.kind === 'bounded' && policy.optional) return { ok: true };
    return { ok: false, problem: 'missing', expected };
  }
  const max = policy.kind === 'exact' ? policy.seconds : policy.max;
  if (pttlMs > max * 1000 + slackMs) return { ok: false, problem: 'too-long', expected };
  if (justWritten) {
    const min = policy.kind === 'exact' ? policy.seconds : policy.min;
    if (pttlMs < min * 1000 - slackMs) return { ok: false, problem: 'too-short', expected };
  }
  return { ok: true };
}

export function formatDuration(seconds: number): string {
  const units: [number, string][] = [
    [604800, 'w'],
    [86400, 'd'],
    [3600, 'h'],
    [60, 'm'],
  ];
  for (const [n, u] of units) if (seconds % n === 0 && seconds >= n) return `${seconds / n}${u}`;
  return `${seconds}s`;
}

/** Human description, e.g. `exactly 1800s (30m), set on write`. */
export function describeTtl(policy: TtlPolicy): string {
  const d = (s: number): string => (formatDuration(s) === `${s}s` ? `${s}s` : `${s}s (${formatDuration(s)})`);
  switch (policy.kind) {
    case 'none':
      return 'no TTL';
    case 'any':
      return 'any TTL or none';
    case 'exact':
      return `${d(policy.seconds)}${policy.refresh === 'read' ? ', refreshed on every access' : ', set on write'}`;
    case 'bounded': {
      const range = policy.min > 0 ? `${d(policy.min)} to ${d(policy.max)}` : `at most ${d(policy.max)}`;
      return `${policy.optional ? 'none or ' : ''}${range}${policy.refresh === 'read' ? ', refreshed on every access' : ''}`;
    }
    case 'byField':
      return `by \`${policy.field}\`: ${policy.cases.map((c) => `${c.values.join('/')} → ${describeTtl(c.ttl)}`).join('; ')}${policy.default ? `; otherwise ${describeTtl(policy.default)}` : ''}`;
  }
}
