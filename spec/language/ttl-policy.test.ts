import { describe, expect, it } from 'vitest';
import type { TtlPolicy } from './model.ts';
import { describeTtl, judgeTtl, parseSeconds, parseTtl, policyFor, writeSeconds, type TtlProblem } from './ttl-policy.ts';

describe('parseSeconds', () => {
  it.each([
    [1800, 1800],
    ['1800', 1800],
    ['30m', 1800],
    ['12h', 43200],
    ['3d', 259200],
    ['1w', 604800],
    ['x', undefined],
    [1.5, undefined],
  ])('%j -> %j', (raw, want) => expect(parseSeconds(raw)).toBe(want));
});

describe('parseTtl', () => {
  const ok: [unknown, TtlPolicy][] = [
    ['none', { kind: 'none' }],
    [undefined, { kind: 'none' }],
    ['12h', { kind: 'exact', seconds: 43200, refresh: 'write' }],
    [
      { seconds: 43200, refresh: 'read' },
      { kind: 'exact', seconds: 43200, refresh: 'read' },
    ],
    [{ max: 1800 }, { kind: 'bounded', min: 0, max: 1800, optional: false, refresh: 'write' }],
    [
      { min: 420, max: 480 },
      { kind: 'bounded', min: 420, max: 480, optional: false, refresh: 'write' },
    ],
    [
      { max: '3d', optional: true },
      { kind: 'bounded', min: 0, max: 259200, optional: true, refresh: 'write' },
    ],
    [
      { seconds: 21600, env: 'LOCK_TTL' },
      { kind: 'exact', seconds: 21600, refresh: 'write', env: 'LOCK_TTL' },
    ],
  ];
  it.each(ok)('%j', (raw, want) => {
    const problems: TtlProblem[] = [];
    expect(parseTtl(raw, problems)).toEqual(want);
    expect(problems).toEqual([]);
  });

  const bad: [unknown, string][] = [
    [0, 'positive'],
    [{ max: -5 }, 'positive'],
    [{ min: 500, max: 100 }, 'greater than max'],
    [{ seconds: 5, max: 10 }, 'either'],
    [{ optional: true }, 'needs'],
    [{ seconds: 5, optional: true }, 'optional'],
    [{ field: 'status', cases: [], seconds: 3 }, 'cannot be combined'],
    [{ cases: [{ when: ['a'], ttl: 5 }] }, 'need `field:`'],
  ];
  it.each(bad)('%j is impossible', (raw, msg) => {
    const problems: TtlProblem[] = [];
    parseTtl(raw, problems);
    expect(problems.map((p) => p.message).join(' | ')).toContain(msg);
  });
});

describe('judgeTtl', () => {
  const exact: TtlPolicy = { kind: 'exact', seconds: 1800, refresh: 'write' };
  const optional: TtlPolicy = { kind: 'bounded', min: 0, max: 100, optional: true, refresh: 'write' };
  const range: TtlPolicy = { kind: 'bounded', min: 420, max: 480, optional: false, refresh: 'write' };
  it.each([
    [{ kind: 'none' } as TtlPolicy, -1, false, true, undefined],
    [{ kind: 'none' } as TtlPolicy, 5000, false, false, 'forbidden'],
    [exact, -1, false, false, 'missing'],
    [exact, 1_800_000, false, true, undefined],
    [exact, 1_000, false, true, undefined],
    [exact, 1_000, true, false, 'too-short'],
    [exact, 9_000_000, false, false, 'too-long'],
    [optional, -1, false, true, undefined],
    [optional, 200_000, false, false, 'too-long'],
    [range, 300_000, false, true, undefined],
    [range, 300_000, true, false, 'too-short'],
    [range, 450_000, true, true, undefined],
  ])('%j with pttl %d (just written: %s)', (policy, pttl, just, ok, problem) => {
    const v = judgeTtl(policy, pttl, just);
    expect(v.ok).toBe(ok);
    if (!v.ok) expect(v.problem).toBe(problem);
  });

  it('resolves field-dependent policies', () => {
    const p: TtlPolicy = {
      kind: 'byField',
      field: 'status',
      cases: [
        { values: ['queued'], ttl: { kind: 'none' } },
        { values: ['finished'], ttl: { kind: 'bounded', min: 0, max: 500, optional: false, refresh: 'write' } },
      ],
      default: { kind: 'exact', seconds: 60, refresh: 'write' },
    };
    expect(policyFor(p, 'queued')).toEqual({ kind: 'none' });
    expect(writeSeconds(p, 'finished')).toBe(500);
    expect(writeSeconds(p, 'other')).toBe(60);
    expect(describeTtl(p)).toContain('queued → no TTL');
  });
});
