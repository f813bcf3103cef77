/**
 * References in sampled values (pure): the referenced key names built from a value and the referring
 * key's placeholders (a prefixed deployment's prefix included), bounded per key, skipped for values that
 * do not fit; and whether a re-read shows the value still there (only then is it dangling).
 */
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpec, nodeHost } from '../../spec/index.ts';
import { compileSpec } from './compile.ts';
import { MAX_REFS_PER_KEY, refTargets, rereadCommand, stillThere, type RefTarget } from './key-refs.ts';

const APP = join(import.meta.dirname, '..', '..', 'testing', 'fixtures', 'queue-constructs', 'queue-app.yaml');
const compiled = compileSpec(loadSpec(APP, nodeHost(dirname(APP))).spec!);
const db = compiled.dbs.get(3)!;
const ck = (id: string) => db.keys.find((k) => k.id === id)!;
const b = (s: string): Buffer => Buffer.from(s);

describe('refTargets', () => {
  it('builds the job key from the member and the wait key’s queue', () => {
    const t = refTargets(db, ck('jobs.queue.wait'), 'q:m4:wait', { type: 'list', members: [b('7'), b('x'), b('8')] });
    expect(t.map((x) => x.target)).toEqual(['q:m4:7', 'q:m4:8']);
    expect(rereadCommand('q:m4:wait', t[0]!)).toEqual(['LPOS', 'q:m4:wait', '7']);
  });

  it('takes a whole key name as it is (hash fields, string values)', () => {
    const h = refTargets(db, ck('jobs.queue.job'), 'q:mail:2', {
      type: 'hash',
      complete: true,
      fields: [
        ['name', b('x')],
        ['parentKey', b('q:mail:1')],
      ],
    });
    expect(h.map((x) => [x.target, x.site])).toEqual([['q:mail:1', { kind: 'field', field: 'parentKey' }]]);
    const s = refTargets(db, ck('jobs.audit'), 'audit:1', { type: 'string', value: b('q:mail:bad id') });
    expect(s).toEqual([]);
  });

  it(`looks up at most ${MAX_REFS_PER_KEY} per key`, () => {
    const members = Array.from({ length: 25 }, (_, i) => b(String(i)));
    expect(refTargets(db, ck('jobs.queue.wait'), 'q:mail:wait', { type: 'list', members })).toHaveLength(MAX_REFS_PER_KEY);
  });
});

describe('stillThere', () => {
  const t = (site: RefTarget['site'], value = '7'): RefTarget => ({ value: b(value), site, keyId: 'jobs.queue.job', target: 'q:m4:7' });
  it.each([
    [t({ kind: 'member', type: 'list' }), 3, true],
    [t({ kind: 'member', type: 'list' }), null, false],
    [t({ kind: 'member', type: 'set' }), 0, false],
    [t({ kind: 'member', type: 'zset' }), '12', true],
    [t({ kind: 'field', field: 'parentKey' }), '7', true],
    [t({ kind: 'field', field: 'parentKey' }), 'q:m4:9', false],
    [t({ kind: 'value' }), null, false],
    [t({ kind: 'entry', id: '1-0', field: 'jobId' }), [['1-0', ['event', 'completed', 'jobId', '7']]], true],
    [t({ kind: 'entry', id: '1-0', field: 'jobId' }), [], false],
  ])('%j after %j: %s', (target, reply, expected) => {
    expect(stillThere(target, reply)).toBe(expected);
  });
});
