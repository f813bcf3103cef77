/** Judging the frames a service sent (pure). */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeHost, type Spec } from '../../spec/index.ts';
import { loadCheckedSpec } from '../run/prepare-run.ts';
import { firstDifference, isHeartbeat, judgeFrame, judgeFrames, substituteMessage } from './frames.ts';

const root = join(import.meta.dirname, '..', '..');
const spec: Spec = loadCheckedSpec(join(root, 'spec', 'weppcloud.yaml'), nodeHost(root)).spec!;
const statusProbe = spec.services.find((s) => s.name === 'status')!.contract!.probes[0]!;
const preflightProbe = spec.services.find((s) => s.name === 'preflight')!.contract!.probes[0]!;

describe('judgeFrame', () => {
  it('equals: deep equality with {message} replaced, key order ignored', () => {
    expect(judgeFrame(statusProbe.expect, { data: 'keyspec probe x', type: 'status' }, 'keyspec probe x')).toEqual({ ok: true });
    expect(judgeFrame(statusProbe.expect, { type: 'status', data: 'keyspec probe y' }, 'keyspec probe x')).toEqual({
      ok: false,
      reason: '$.data: expected "keyspec probe x", got "keyspec probe y"',
    });
    expect(judgeFrame(statusProbe.expect, { type: 'status', message: 'm' }, 'm')).toEqual({
      ok: false,
      reason: '$.data: missing (expected "m")',
    });
    expect(judgeFrame(statusProbe.expect, { type: 'status', data: 'm', extra: 1 }, 'm')).toEqual({
      ok: false,
      reason: '$.extra: unexpected (1)',
    });
    expect(judgeFrame(statusProbe.expect, 'not json', 'm').ok).toBe(false);
  });

  it('schema: JSON Schema 2020-12, with the failing path', () => {
    const good = { type: 'preflight', checklist: { soils: true }, lock_statuses: { 'wepp.nodb': false }, last_modified: 1700000000 };
    expect(judgeFrame(preflightProbe.expect, good, '1700000000')).toEqual({ ok: true });
    expect(judgeFrame(preflightProbe.expect, { ...good, last_modified: null }, '')).toEqual({ ok: true });
    const bad = judgeFrame(preflightProbe.expect, { ...good, checklist: { soils: 'yes' } }, '');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.reason).toBe('not valid against the schema: $.checklist.soils must be boolean');
    const locks = judgeFrame(preflightProbe.expect, { ...good, type: 'status', lock_statuses: { 'wepp.nodb': 1 } }, '');
    expect(!locks.ok && locks.reason).toBe(
      'not valid against the schema: $.type must be equal to constant ("preflight"); $.lock_statuses["wepp.nodb"] must be boolean',
    );
    expect(judgeFrame({ schema: false }, {}, '').ok).toBe(false);
    expect(judgeFrame({ equals: { a: 1 }, schema: { type: 'object', required: ['b'] } }, { a: 1 }, '').ok).toBe(false);
  });

  it('substituteMessage replaces {message} anywhere in the expected JSON', () => {
    expect(substituteMessage({ a: ['x {message} y', { '{message}': '{message}' }], n: 1 }, 'M')).toEqual({
      a: ['x M y', { M: 'M' }],
      n: 1,
    });
  });

  it('firstDifference', () => {
    expect(firstDifference({ a: [1, 2] }, { a: [1, 2] })).toBeUndefined();
    expect(firstDifference({ a: [1, 2] }, { a: [1] })).toBe('$.a: expected 2 items, got 1');
    expect(firstDifference({ a: { b: 1 } }, { a: 'x' })).toBe('$.a: expected an object, got "x"');
  });

  it('judgeFrames: heartbeats never count as an answer; the last answer is reported', () => {
    expect(isHeartbeat({ type: 'ping' })).toBe(true);
    expect(isHeartbeat({ type: 'PONG' })).toBe(true);
    expect(isHeartbeat({ type: 'hangup' })).toBe(false);
    expect(judgeFrames(statusProbe.expect, [], 'm')).toEqual({ state: 'missing', heartbeats: 0 });
    expect(judgeFrames(statusProbe.expect, [{ type: 'ping' }, { type: 'ping' }], 'm')).toEqual({ state: 'missing', heartbeats: 2 });
    const v = judgeFrames(statusProbe.expect, [{ type: 'status', data: 'a' }, { type: 'ping' }, { type: 'status', data: 'b' }], 'm');
    expect(v).toMatchObject({ state: 'mismatch', frame: { type: 'status', data: 'b' }, answers: 2 });
    expect(judgeFrames(statusProbe.expect, [{ type: 'ping' }, { type: 'status', data: 'm' }], 'm')).toEqual({
      state: 'pass',
      frame: { type: 'status', data: 'm' },
    });
    // A heartbeat can still be what a contract expects.
    expect(judgeFrames({ equals: { type: 'ping' } }, [{ type: 'ping' }], '')).toMatchObject({ state: 'pass' });
  });
});
