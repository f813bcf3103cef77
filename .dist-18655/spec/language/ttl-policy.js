const UNIT = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
/** Parses `1800`, `'1800'`, `'30m'` into seconds; undefined when malformed. */
export function parseSeconds(raw) {
    if (typeof raw === 'number' && Number.isInteger(raw))
        return raw;
    if (typeof raw === 'string') {
        const m = /^(-?[0-9]+)([smhdw]?)$/.exec(raw);
        if (m)
            return Number(m[1]) * (UNIT[m[2] || 's'] ?? 1);
    }
    return undefined;
}
/** Converts a structurally valid raw TTL to a policy; problems are returned, never thrown. */
export function parseTtl(raw, problems, base = []) {
    if (raw === undefined || raw === 'none')
        return { kind: 'none' };
    if (raw === 'any')
        return { kind: 'any' };
    if (typeof raw === 'number' || typeof raw === 'string') {
        const seconds = positive(raw, base, problems);
        return { kind: 'exact', seconds, refresh: 'write' };
    }
    const o = (raw ?? {});
    const refresh = o.refresh ?? 'write';
    const env = o.env !== undefined ? { env: o.env } : {};
    if (o.field !== undefined) {
        for (const k of ['seconds', 'min', 'max', 'optional', 'refresh', 'env']) {
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
function positive(raw, path, problems) {
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
function nonNegative(raw, path, problems) {
    const s = parseSeconds(raw);
    if (s !== undefined && s === 0)
        return 0;
    return positive(raw, path, problems);
}
/** A TTL env override that is set but is not a positive whole number of seconds. */
export class TtlEnvError extends Error {
}
/**
 * The seconds a TTL env override sets: undefined when the variable is unset or blank; the trimmed value
 * when it is a positive whole number; a TtlEnvError otherwise (a typo must not silently keep the default).
 * The generated runtime carries a copy (`envTtlSeconds` in generator/runtime/ttl.ts), parity-tested.
 */
export function envTtlSeconds(name, raw) {
    if (raw === undefined)
        return undefined;
    const text = raw.trim();
    if (text === '')
        return undefined;
    if (!/^[0-9]+$/.test(text) || Number(text) <= 0 || !Number.isSafeInteger(Number(text)))
        throw new TtlEnvError(`${name}=${JSON.stringify(raw)}: a TTL override must be a positive whole number of seconds`);
    return Number(text);
}
/**
 * The policy with its `env:` overrides applied from `env` (recursively through field cases): an exact
 * policy takes the override's seconds, a range takes it as its upper bound.
 */
export function withEnvOverrides(policy, env) {
    if ((policy.kind === 'exact' || policy.kind === 'bounded') && policy.env !== undefined) {
        const s = envTtlSeconds(policy.env, env[policy.env]);
        if (s === undefined)
            return policy;
        return policy.kind === 'exact' ? { ...policy, seconds: s } : { ...policy, max: s, min: Math.min(policy.min, s) };
    }
    if (policy.kind === 'byField') {
        return {
            ...policy,
            cases: policy.cases.map((c) => ({ values: c.values, ttl: withEnvOverrides(c.ttl, env) })),
            ...(policy.default ? { default: withEnvOverrides(policy.default, env) } : {}),
        };
    }
    return policy;
}
/**
 * Resolves a field-dependent policy for a given field value (undefined value: unknown): the case that
 * lists the value, else the default, else undefined. The generated runtime carries a copy
 * (`resolveTtl` in generator/runtime/ttl.ts), parity-tested.
 */
export function policyFor(policy, fieldValue) {
    if (policy.kind !== 'byField')
        return policy;
    const c = policy.cases.find((x) => fieldValue !== undefined && x.values.includes(fieldValue));
    if (c)
        return policyFor(c.ttl, fieldValue);
    return policy.default ? policyFor(policy.default, fieldValue) : undefined;
}
/**
 * What a conforming write does to the TTL under `declared` (env overrides already applied, see
 * `withEnvOverrides`), given the deciding field's value: exact seconds or the upper bound of a range;
 * `persist` when a field-dependent policy resolves to none (the key may carry a TTL from an earlier
 * case); `keep` for none, any, or an unresolved field-dependent policy. The generated runtime's
 * `ttlActionOf` must agree (parity-tested).
 */
export function ttlWrite(declared, fieldValue) {
    const policy = policyFor(declared, fieldValue);
    if (!policy)
        return 'keep';
    if (policy.kind === 'none')
        return declared.kind === 'byField' ? 'persist' : 'keep';
    if (policy.kind === 'any' || policy.kind === 'byField')
        return 'keep';
    return { expire: policy.kind === 'exact' ? policy.seconds : policy.max };
}
/** Seconds a writer applies: the exact value, or the upper bound of a range. Undefined for none. */
export function writeSeconds(policy, fieldValue) {
    const w = ttlWrite(policy, fieldValue);
    return typeof w === 'object' ? w.expire : undefined;
}
/**
 * The one TTL rule: what is wrong with a remaining TTL (milliseconds, -1 when the key has none) under a
 * (non field-dependent) policy, or undefined. A remaining TTL only shrinks, so for stored keys only the
 * upper bound can be checked unless `justWritten` (the write just happened: the lower bound applies too).
 */
export function ttlProblem(policy, pttlMs, justWritten = false, slackMs = 1000) {
    switch (policy.kind) {
        case 'byField':
        case 'any':
            return undefined;
        case 'none':
            return pttlMs === -1 ? undefined : 'forbidden';
        case 'exact':
        case 'bounded': {
            if (pttlMs === -1)
                return policy.kind === 'bounded' && policy.optional ? undefined : 'missing';
            const max = policy.kind === 'exact' ? policy.seconds : policy.max;
            if (pttlMs > max * 1000 + slackMs)
                return 'too-long';
            const min = policy.kind === 'exact' ? policy.seconds : policy.min;
            if (justWritten && pttlMs < min * 1000 - slackMs)
                return 'too-short';
            return undefined;
        }
    }
}
/** `ttlProblem` with the policy's description, for reports. */
export function judgeTtl(policy, pttlMs, justWritten = false, slackMs = 1000) {
    const problem = ttlProblem(policy, pttlMs, justWritten, slackMs);
    return problem === undefined ? { ok: true } : { ok: false, problem, expected: describeTtl(policy) };
}
export function formatDuration(seconds) {
    const units = [
        [604800, 'w'],
        [86400, 'd'],
        [3600, 'h'],
        [60, 'm'],
    ];
    for (const [n, u] of units)
        if (seconds % n === 0 && seconds >= n)
            return `${seconds / n}${u}`;
    return `${seconds}s`;
}
/** Human description, e.g. `exactly 1800s (30m), set on write`. */
export function describeTtl(policy) {
    const d = (s) => (formatDuration(s) === `${s}s` ? `${s}s` : `${s}s (${formatDuration(s)})`);
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
//# sourceMappingURL=ttl-policy.js.map