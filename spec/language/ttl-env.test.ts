/** TTL env overrides, the write rule and the one judging rule (ttlProblem), case by case. */
import { describe, expect, it } from 'vitest';
import type { TtlPolicy } from './model.ts';
import { judgeTtl, TtlEnvError, ttlProblem, ttlWrite, withEnvOverrides } from './ttl-policy.ts';

const exact: TtlPolicy = { kind: 'exact', seconds: 300, refresh: 'write', env: 'T' };
const range: TtlPolicy = { kind: 'bounded', min: 60, max: 480, optional: false, refresh: 'write', env: 'T' };
const byField: TtlPolicy = {
  kind: 'byField',
  field: 'status',
  cases: [
    { values: ['queued'], ttl: { kind: 'none' } },
    { values: ['failed'], ttl: exact },
  ],
  default: { kind: 'exact', seconds: 60, refresh: 'write' },
};

describe('withEnvOverrides', () => {
  it('replaces exact seconds and a range’s upper bound (lowering min below it)', () => {
    expect(withEnvOverrides(exact, { T: ' 90 ' })).toMatchObject({ seconds: 90 });
    expect(withEnvOverrides(range, { T: '30' })).toMatchObject({ min: 30, max: 30 });
    expect(withEnvOverrides(range, { T: '' })).toBe(range);
  });
  it('reaches into field cases, and rejects a bad value wherever it is mentioned', () => {
    expect(ttlWrite(withEnvOverrides(byField, { T: '7' }), 'failed')).toEqual({ expire: 7 });
    expect(() => withEnvOverrides(byField, { T: '1.5' })).toThrow(TtlEnvError);
  });
});

describe('ttlWrite', () => {
  it('sets, persists or keeps', () => {
    expect(ttlWrite(exact)).toEqual({ expire: 300 });
    expect(ttlWrite(range)).toEqual({ expire: 480 });
    expect(ttlWrite({ kind: 'none' })).toBe('keep');
    expect(ttlWrite({ kind: 'any' })).toBe('keep');
    expect(ttlWrite(byField, 'queued')).toBe('persist');
    expect(ttlWrite(byField, 'other')).toEqual({ expire: 60 });
    expect(ttlWrite({ ...byField, default: undefined } as TtlPolicy, 'other')).toBe('keep');
  });
});

describe('ttlProblem', () => {
  it.each([
    [{ kind: 'none' }, -1, false, undefined],
    [{ kind: 'none' }, 5000, false, 'forbidden'],
    [{ kind: 'any' }, 5000, false, undefined],
    [exact, -1, false, 'missing'],
    [exact, 301_000, false, undefined],
    [exact, 301_001, false, 'too-long'],
    [exact, 10_000, false, undefined],
    [exact, 10_000, true, 'too-short'],
    [range, -1, false, 'missing'],
    [{ ...range, optional: true }, -1, false, undefined],
    [range, 59_000, true, undefined],
    [range, 58_999, true, 'too-short'],
  ] as [TtlPolicy, number, boolean, string | undefined][])('%j with PTTL %d (just written: %s): %s', (policy, pttl, just, problem) => {
    expect(ttlProblem(policy, pttl, just)).toBe(problem);
    expect(judgeTtl(policy, pttl, just).ok).toBe(problem === undefined);
  });
});
