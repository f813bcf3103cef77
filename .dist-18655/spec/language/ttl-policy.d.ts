/**
 * TTL policies: parsing the YAML forms into the model, and judging an observed TTL against a policy
 * (shared by the generator, which needs the seconds to apply on write, and the conformance checks).
 */
import type { TtlPolicy } from './model.ts';
/** Parses `1800`, `'1800'`, `'30m'` into seconds; undefined when malformed. */
export declare function parseSeconds(raw: unknown): number | undefined;
export interface TtlProblem {
    /** Sub-path below the ttl node where the problem is. */
    path: (string | number)[];
    message: string;
}
/** Converts a structurally valid raw TTL to a policy; problems are returned, never thrown. */
export declare function parseTtl(raw: unknown, problems: TtlProblem[], base?: (string | number)[]): TtlPolicy;
/** A TTL env override that is set but is not a positive whole number of seconds. */
export declare class TtlEnvError extends Error {
}
/**
 * The seconds a TTL env override sets: undefined when the variable is unset or blank; the trimmed value
 * when it is a positive whole number; a TtlEnvError otherwise (a typo must not silently keep the default).
 * The generated runtime carries a copy (`envTtlSeconds` in generator/runtime/ttl.ts), parity-tested.
 */
export declare function envTtlSeconds(name: string, raw: string | undefined): number | undefined;
/**
 * The policy with its `env:` overrides applied from `env` (recursively through field cases): an exact
 * policy takes the override's seconds, a range takes it as its upper bound.
 */
export declare function withEnvOverrides(policy: TtlPolicy, env: Readonly<Record<string, string | undefined>>): TtlPolicy;
/**
 * Resolves a field-dependent policy for a given field value (undefined value: unknown): the case that
 * lists the value, else the default, else undefined. The generated runtime carries a copy
 * (`resolveTtl` in generator/runtime/ttl.ts), parity-tested.
 */
export declare function policyFor(policy: TtlPolicy, fieldValue: string | undefined): TtlPolicy | undefined;
/** What a write does to a key's TTL: set N seconds, persist (remove a TTL), or leave it alone. */
export type TtlWrite = {
    expire: number;
} | 'persist' | 'keep';
/**
 * What a conforming write does to the TTL under `declared` (env overrides already applied, see
 * `withEnvOverrides`), given the deciding field's value: exact seconds or the upper bound of a range;
 * `persist` when a field-dependent policy resolves to none (the key may carry a TTL from an earlier
 * case); `keep` for none, any, or an unresolved field-dependent policy. The generated runtime's
 * `ttlActionOf` must agree (parity-tested).
 */
export declare function ttlWrite(declared: TtlPolicy, fieldValue?: string): TtlWrite;
/** Seconds a writer applies: the exact value, or the upper bound of a range. Undefined for none. */
export declare function writeSeconds(policy: TtlPolicy, fieldValue?: string): number | undefined;
export type TtlProblemKind = 'missing' | 'forbidden' | 'too-long' | 'too-short';
export type TtlVerdict = {
    ok: true;
} | {
    ok: false;
    problem: TtlProblemKind;
    expected: string;
};
/**
 * The one TTL rule: what is wrong with a remaining TTL (milliseconds, -1 when the key has none) under a
 * (non field-dependent) policy, or undefined. A remaining TTL only shrinks, so for stored keys only the
 * upper bound can be checked unless `justWritten` (the write just happened: the lower bound applies too).
 */
export declare function ttlProblem(policy: TtlPolicy, pttlMs: number, justWritten?: boolean, slackMs?: number): TtlProblemKind | undefined;
/** `ttlProblem` with the policy's description, for reports. */
export declare function judgeTtl(policy: TtlPolicy, pttlMs: number, justWritten?: boolean, slackMs?: number): TtlVerdict;
export declare function formatDuration(seconds: number): string;
/** Human description, e.g. `exactly 1800s (30m), set on write`. */
export declare function describeTtl(policy: TtlPolicy): string;
//# sourceMappingURL=ttl-policy.d.ts.map