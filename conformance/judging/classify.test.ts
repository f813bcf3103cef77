/** The pure core, table-driven, without Redis: key matching, type, TTL and value judgements. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpec, nodeHost } from '../../spec/index.ts';
import { classifyKey, preview, type KeyRecord, type Sample } from './classify.ts';
import { compileSpec, matchKey } from './compile.ts';
import { rqJobHash, type Arg } from '../../testing/fixtures/rq-job.ts';
import { pickleDumps, pyDict } from '../../testing/weppcloud/python-values.ts';

const root = join(import.meta.dirname, '..', '..');
const loaded = loadSpec(join(root, 'spec', 'weppcloud.yaml'), nodeHost(root));
const spec = loaded.spec!;
const compiled = compileSpec(spec);
const db = (n: number) => compiled.dbs.get(n)!;
const B = (s: string): Buffer => Buffer.from(s);
const H = 3600_000;

describe('matchKey', () => {
  const cases: [number, string, string | undefined][] = [
    [0, 'busy-beaver', 'lock.run'],
    [0, 'batch;;spring-burns;;busy-beaver', 'lock.run'],
    [0, 'nodb-lock:busy-beaver:wepp.nodb', 'lock.nodb_lock'],
    [0, 'nodb-lock:busy-beaver:_pups/omni/scenarios/undisturbed/wepp.nodb', 'lock.nodb_lock'],
    [0, 'Busy-Beaver', undefined],
    [0, 'legacy:thing', undefined],
    [9, 'rq:job:0f8fad5b-d9cb-469f-a165-70867728950e', 'rq.rq.job'],
    [9, 'rq:job:0f8fad5b-d9cb-469f-a165-70867728950e:dependents', 'rq.rq.job_dependents'],
    [9, 'rq:job::0f8fad5b-d9cb-469f-a165-70867728950e:dependencies', 'rq.rq.job_dependencies'],
    [9, 'rq:queue:default', 'rq.rq.queue'],
    [9, 'rq:queue:other', undefined],
    [9, 'rq:queues', 'rq.rq.queues'],
    [9, 'rq:workers', 'rq.rq.workers'],
    [9, 'rq:workers:batch', 'rq.rq.queue_workers'],
    [9, 'rq:worker:host.example.org.1234', 'rq.rq.worker'],
    [9, 'rq:wip:batch', 'rq.rq.started_registry'],
    [9, 'rq:suspended', 'rq.rq.suspended'],
    [9, 'rq:queue:_compact:0f8fad5b-d9cb-469f-a165-70867728950e', undefined],
    [11, 'session:9b2c8e4a-1f3d-4c6b-8a7e-2d5f0c9b1e3a', 'session.flask_session.session'],
    [11, 'busy-beaver', 'session.wd'],
    [13, '/wc1/runs/bu/busy-beaver/wepp.nodb', 'nodb_cache.nodb'],
    [14, 'readme:client:busy-beaver:0:0f8fad5bd9cb469fa16570867728950e', 'readme.editor_client'],
    [15, 'loglevel:busy-beaver', 'log_level.loglevel'],
    [2, 'anything', undefined],
  ];
  it.each(cases)('db %i %s -> %s', (n, key, pattern) => {
    expect(matchKey(db(n), key)?.id).toBe(pattern);
  });
});

type Row = [name: string, db: number, rec: KeyRecord, ids: string[]];

const job = (status: string, pttl: number): KeyRecord => ({
  key: 'rq:job:0f8fad5b-d9cb-469f-a165-70867728950e',
  type: 'hash',
  pttl,
  ttlFieldValue: status,
});
const hashSample = (fields: Record<string, Arg>, complete = true): Sample => ({
  type: 'hash',
  fields: Object.entries(fields).map(([k, v]) => [k, Buffer.isBuffer(v) ? v : B(String(v))]),
  complete,
});
const rqJobFields = (over: Record<string, Arg> = {}): Record<string, Arg> => ({ ...rqJobHash(), ...over });

const rows: Row[] = [
  ['unmatched key', 0, { key: 'legacy:thing', type: 'string', pttl: -1 }, ['key.unmatched']],
  ['vanished (TYPE none)', 0, { key: 'legacy:thing', type: 'none', pttl: -2 }, []],
  ['vanished (PTTL -2)', 15, { key: 'loglevel:x', type: 'string', pttl: -2 }, []],
  ['wrong type', 15, { key: 'loglevel:busy-beaver', type: 'hash', pttl: -1 }, ['key.type']],
  ['ttl none ok', 15, { key: 'loglevel:busy-beaver', type: 'string', pttl: -1 }, []],
  ['ttl forbidden', 15, { key: 'loglevel:busy-beaver', type: 'string', pttl: 5000 }, ['key.ttl.forbidden']],
  ['exact ttl ok', 14, { key: 'readme:lock:r:c', type: 'string', pttl: 1800_000 }, []],
  ['exact ttl within slack', 14, { key: 'readme:lock:r:c', type: 'string', pttl: 1800_900 }, []],
  ['exact ttl too long', 14, { key: 'readme:lock:r:c', type: 'string', pttl: 1900_000 }, ['key.ttl.too-long']],
  ['exact ttl missing', 14, { key: 'readme:lock:r:c', type: 'string', pttl: -1 }, ['key.ttl.missing']],
  ['sliding session ttl', 11, { key: 'session:9b2c8e4a-1f3d-4c6b-8a7e-2d5f0c9b1e3a', type: 'string', pttl: 12 * H }, []],
  [
    'session ttl too long',
    11,
    { key: 'session:9b2c8e4a-1f3d-4c6b-8a7e-2d5f0c9b1e3a', type: 'string', pttl: 240 * H },
    ['key.ttl.too-long'],
  ],
  ['optional bounded: none ok', 9, { key: 'rq:results:x', type: 'stream', pttl: -1 }, []],
  ['ttl any', 9, { key: 'rq:suspended', type: 'string', pttl: 10 }, []],
  ['rq queued job, no ttl', 9, job('queued', -1), []],
  ['rq queued job with a ttl', 9, job('queued', 5000), ['key.ttl.forbidden']],
  ['rq finished job within result ttl', 9, job('finished', 604000_000), []],
  ['rq finished job without ttl', 9, job('finished', -1), ['key.ttl.missing']],
  ['rq finished job past result ttl', 9, job('finished', 700000_000), ['key.ttl.too-long']],
  ['rq failed job within failure ttl', 9, job('failed', 31535000_000), []],
  ['rq stopped job', 9, job('stopped', 31535000_000), []],
  ['rq canceled job', 9, job('canceled', -1), []],
  [
    'rq job without status (rq #1450 heartbeat remnant): ttl not judged',
    9,
    { key: 'rq:job:x', type: 'hash', pttl: 5000, ttlFieldValue: null },
    [],
  ],
  // The status is read for every job (for the TTL rule), so its value is judged without a sample.
  ['rq job with unknown status: ttl not judged, the read status is', 9, job('weird', 5000), ['hash.field.value']],
  [
    'readme client active',
    14,
    { key: 'readme:client:r:c:0f8fad5bd9cb469fa16570867728950e', type: 'hash', pttl: 3500_000, ttlFieldValue: 'active' },
    [],
  ],
  [
    'readme client stale too long',
    14,
    { key: 'readme:client:r:c:0f8fad5bd9cb469fa16570867728950e', type: 'hash', pttl: 3500_000, ttlFieldValue: 'stale' },
    ['key.ttl.too-long'],
  ],
  // Values
  ['enum ok', 15, { key: 'loglevel:r', type: 'string', pttl: -1, sample: { type: 'string', value: B('20') } }, []],
  ['enum bad', 15, { key: 'loglevel:r', type: 'string', pttl: -1, sample: { type: 'string', value: B('debug') } }, ['value.format']],
  [
    'hex32 bad',
    14,
    { key: 'readme:lock:r:c', type: 'string', pttl: 60_000, sample: { type: 'string', value: B('XYZ') } },
    ['value.format'],
  ],
  [
    'path bad',
    11,
    { key: 'busy-beaver', type: 'string', pttl: 60_000, sample: { type: 'string', value: B('relative/dir') } },
    ['value.format'],
  ],
  [
    'pickle ok',
    11,
    {
      key: 'session:9b2c8e4a-1f3d-4c6b-8a7e-2d5f0c9b1e3a',
      type: 'string',
      pttl: 60_000,
      sample: { type: 'string', value: pickleDumps(pyDict({ _permanent: true })) },
    },
    [],
  ],
  [
    'pickle bad',
    11,
    {
      key: 'session:9b2c8e4a-1f3d-4c6b-8a7e-2d5f0c9b1e3a',
      type: 'string',
      pttl: 60_000,
      sample: { type: 'string', value: B('{"_permanent": true}') },
    },
    ['value.format'],
  ],
  [
    'jsonpickle ok',
    13,
    { key: '/a/b.nodb', type: 'string', pttl: 60_000, sample: { type: 'string', value: B('{"py/object": "wepppy.nodb.core.wepp.Wepp"}') } },
    [],
  ],
  [
    'jsonpickle wrong class',
    13,
    { key: '/a/b.nodb', type: 'string', pttl: 60_000, sample: { type: 'string', value: B('{"py/object": "other.Thing"}') } },
    ['value.format'],
  ],
  [
    'json schema bad',
    0,
    { key: 'nodb-lock:r:wepp.nodb', type: 'string', pttl: 60_000, sample: { type: 'string', value: B('{"owner":"h:1"}') } },
    ['value.format'],
  ],
  [
    'too large value',
    13,
    { key: '/a/b.nodb', type: 'string', pttl: 60_000, sample: { type: 'string', tooLarge: 5_000_000 } },
    ['value.too-large'],
  ],
  [
    'empty string field allowed',
    9,
    { key: 'rq:job:x', type: 'hash', pttl: -1, ttlFieldValue: 'queued', sample: hashSample(rqJobFields()) },
    [],
  ],
  [
    'unknown hash field',
    9,
    { key: 'rq:job:x', type: 'hash', pttl: -1, ttlFieldValue: 'queued', sample: hashSample(rqJobFields({ bogus: '1', other: '2' })) },
    ['hash.field.unknown'],
  ],
  [
    'missing required field',
    9,
    {
      key: 'rq:job:x',
      type: 'hash',
      pttl: -1,
      ttlFieldValue: 'queued',
      sample: hashSample(Object.fromEntries(Object.entries(rqJobFields()).filter(([k]) => k !== 'created_at'))),
    },
    ['hash.field.missing'],
  ],
  [
    'required field not judged on an incomplete sample',
    9,
    { key: 'rq:job:x', type: 'hash', pttl: -1, ttlFieldValue: 'queued', sample: hashSample({ status: 'queued' }, false) },
    [],
  ],
  [
    'bad zlib pickle field',
    9,
    { key: 'rq:job:x', type: 'hash', pttl: -1, ttlFieldValue: 'queued', sample: hashSample(rqJobFields({ data: 'plain' })) },
    ['hash.field.value'],
  ],
  [
    'field pattern value',
    0,
    { key: 'busy-beaver', type: 'hash', pttl: -1, sample: hashSample({ 'timestamps:build_soils': 'soon', 'locked:wepp.nodb': 'true' }) },
    ['hash.field.value'],
  ],
  [
    'field pattern unknown placeholder value',
    0,
    { key: 'busy-beaver', type: 'hash', pttl: -1, sample: hashSample({ 'timestamps:no_such_task': '1' }) },
    ['hash.field.unknown'],
  ],
  [
    'zset inf score ok',
    9,
    { key: 'rq:finished:default', type: 'zset', pttl: -1, sample: { type: 'zset', members: [B('abc')], scores: ['inf'] } },
    [],
  ],
  [
    'zset bad score',
    9,
    { key: 'rq:finished:default', type: 'zset', pttl: -1, sample: { type: 'zset', members: [B('abc')], scores: ['-5'] } },
    ['score.format'],
  ],
  [
    'template member bad',
    9,
    { key: 'rq:queues', type: 'set', pttl: -1, sample: { type: 'set', members: [B('rq:queue:default'), B('default')] } },
    ['member.format'],
  ],
  [
    'list member bad',
    9,
    { key: 'rq:queue:default', type: 'list', pttl: -1, sample: { type: 'list', members: [B('a:b')] } },
    ['member.format'],
  ],
  [
    'stream ok',
    9,
    {
      key: 'rq:results:x',
      type: 'stream',
      pttl: -1,
      sample: {
        type: 'stream',
        entries: [
          {
            id: '1-0',
            fields: [
              ['type', B('1')],
              ['return_value', B('gAWVCgAAAAAAAAB9lIwCb2uUiHMu')],
            ],
          },
        ],
      },
    },
    [],
  ],
  [
    'stream bad field value + unknown + missing',
    9,
    {
      key: 'rq:results:x',
      type: 'stream',
      pttl: -1,
      sample: {
        type: 'stream',
        entries: [
          { id: '1-0', fields: [['type', B('9')]] },
          { id: '2-0', fields: [['x', B('1')]] },
        ],
      },
    },
    ['stream.field.value', 'stream.field.unknown', 'stream.field.missing'],
  ],
  ['sample of another type is ignored', 15, { key: 'loglevel:r', type: 'hash', pttl: -1, sample: hashSample({ a: 'b' }) }, ['key.type']],
];

describe('classifyKey', () => {
  it.each(rows)('%s', (_name, n, rec, ids) => {
    const c = classifyKey(db(n), rec);
    const got = c.kind === 'vanished' ? [] : c.problems.map((p) => p.id);
    expect(got.sort()).toEqual([...ids].sort());
    if (c.kind !== 'vanished') {
      for (const p of c.problems) {
        expect(p.message).toBeTruthy();
        expect(p.reproduce[0]).toMatch(/^[A-Z]+$/);
      }
    }
  });

  it('explains a field-dependent TTL by the field value', () => {
    const c = classifyKey(db(9), job('finished', -1));
    expect(c.kind === 'matched' && c.problems[0]!.expected).toContain('status=finished');
  });

  it('previews binary values as hex and text as JSON', () => {
    expect(preview(Buffer.from([0x80, 0x04, 0x00]))).toMatch(/^<3 bytes: 0x800400>$/);
    expect(preview(B('x'.repeat(100)))).toHaveLength(62);
  });
});

describe('compileSpec', () => {
  it('resolves ttl env overrides from the environment', () => {
    const c = compileSpec(spec, { env: { WEPPPY_LOCK_TTL_SECONDS: '60' } });
    const lock = c.keys.find((k) => k.id === 'lock.nodb_lock')!;
    expect(lock.ttl).toMatchObject({ kind: 'exact', seconds: 60 });
    expect(classifyKey(c.dbs.get(0)!, { key: 'nodb-lock:r:wepp.nodb', type: 'string', pttl: 3600_000 }).kind === 'matched').toBe(true);
    const problems = (
      classifyKey(c.dbs.get(0)!, { key: 'nodb-lock:r:wepp.nodb', type: 'string', pttl: 3600_000 }) as { problems: { id: string }[] }
    ).problems;
    expect(problems.map((p) => p.id)).toEqual(['key.ttl.too-long']);
  });
});
