/**
 * Planted violations for the WEPPcloud spec: one key per check (and one per value format), each of
 * which must be reported exactly once with the given check id, on top of a clean fixture.
 */
import type { Arg } from './weppcloud-fixture.ts';
import { dict, pickle, tuple, zlibCompress } from './pickle.ts';

export interface Planted {
  name: string;
  db: number;
  key: string;
  id: string;
  /** The pattern id the finding names (null: unmatched). */
  pattern: string | null;
  commands: Arg[][];
}

const UUID = '1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed';
const iso = '2025-09-22T18:03:11.123456Z';
const jobFields = (over: Record<string, Arg>): Arg[] =>
  Object.entries({
    status: 'queued',
    created_at: iso,
    data: zlibCompress(pickle(tuple('wepppy.rq.wepp_rq.run_wepp_rq', null, tuple('busy-beaver'), dict({})), 5)),
    success_callback_name: '',
    failure_callback_name: '',
    started_at: '',
    ended_at: '',
    last_heartbeat: '',
    worker_name: '',
    origin: 'default',
    description: "wepppy.rq.wepp_rq.run_wepp_rq('busy-beaver')",
    enqueued_at: iso,
    timeout: 180,
    ...over,
  }).flat();
const workerFields = (over: Record<string, Arg>, drop: string[] = []): Arg[] =>
  Object.entries({
    birth: iso,
    last_heartbeat: iso,
    queues: 'default',
    pid: 4242,
    hostname: 'wepp9',
    ip_address: '127.0.0.1:50000',
    version: '1.13.0',
    python_version: '3.11.2',
    state: 'idle',
    ...over,
  })
    .filter(([k]) => !drop.includes(k))
    .flat();

export const PLANTED: Planted[] = [
  { name: 'unknown key', db: 0, key: 'legacy:thing', id: 'key.unmatched', pattern: null, commands: [['SET', 'legacy:thing', '1']] },
  {
    name: 'key in an empty declared db',
    db: 2,
    key: 'status:cache',
    id: 'key.unmatched',
    pattern: null,
    commands: [['SET', 'status:cache', '1']],
  },
  {
    name: 'wrong type',
    db: 15,
    key: 'loglevel:planted-type',
    id: 'key.type',
    pattern: 'log_level.loglevel',
    commands: [['HSET', 'loglevel:planted-type', 'level', '10']],
  },
  {
    name: 'missing TTL',
    db: 14,
    key: 'readme:lock:planted-missing:0',
    id: 'key.ttl.missing',
    pattern: 'readme.editor_lock',
    commands: [['SET', 'readme:lock:planted-missing:0', '0f8fad5bd9cb469fa16570867728950e']],
  },
  {
    name: 'TTL too long',
    db: 11,
    key: `session:${UUID}`,
    id: 'key.ttl.too-long',
    pattern: 'session.flask_session.session',
    commands: [['SET', `session:${UUID}`, pickle(dict({ _permanent: true })), 'EX', 864000]],
  },
  {
    name: 'forbidden TTL',
    db: 15,
    key: 'loglevel:planted-ttl',
    id: 'key.ttl.forbidden',
    pattern: 'log_level.loglevel',
    commands: [['SET', 'loglevel:planted-ttl', '20', 'EX', 3600]],
  },
  {
    name: 'forbidden TTL on a queued rq job (field-dependent)',
    db: 9,
    key: 'rq:job:planted-queued-ttl',
    id: 'key.ttl.forbidden',
    pattern: 'rq.rq.job',
    commands: [
      ['HSET', 'rq:job:planted-queued-ttl', ...jobFields({})],
      ['EXPIRE', 'rq:job:planted-queued-ttl', 600],
    ],
  },
  {
    name: 'finished rq job without TTL (field-dependent)',
    db: 9,
    key: 'rq:job:planted-finished',
    id: 'key.ttl.missing',
    pattern: 'rq.rq.job',
    commands: [
      [
        'HSET',
        'rq:job:planted-finished',
        ...jobFields({ status: 'finished', started_at: iso, ended_at: iso, last_heartbeat: iso, worker_name: 'w1' }),
      ],
    ],
  },
  {
    name: 'unknown hash field',
    db: 0,
    key: 'planted-run-field',
    id: 'hash.field.unknown',
    pattern: 'lock.run',
    commands: [['HSET', 'planted-run-field', 'attrs:loaded', 'true', 'bogus', '1']],
  },
  {
    name: 'missing required hash field',
    db: 9,
    key: 'rq:worker:planted-nopid',
    id: 'hash.field.missing',
    pattern: 'rq.rq.worker',
    commands: [
      ['HSET', 'rq:worker:planted-nopid', ...workerFields({}, ['pid'])],
      ['EXPIRE', 'rq:worker:planted-nopid', 400],
    ],
  },
  // A bad value for every format the spec uses.
  {
    name: 'boolean',
    db: 0,
    key: 'planted-run-bool',
    id: 'hash.field.value',
    pattern: 'lock.run',
    commands: [['HSET', 'planted-run-bool', 'attrs:loaded', 'yes']],
  },
  {
    name: 'epochSeconds',
    db: 0,
    key: 'planted-run-epoch',
    id: 'hash.field.value',
    pattern: 'lock.run',
    commands: [['HSET', 'planted-run-epoch', 'timestamps:build_soils', 'soon']],
  },
  {
    name: 'type (jobId) in a field pattern',
    db: 0,
    key: 'planted-run-jobid',
    id: 'hash.field.value',
    pattern: 'lock.run',
    commands: [['HSET', 'planted-run-jobid', 'rq:run_wepp_rq', 'a:b']],
  },
  {
    name: 'json with schema',
    db: 0,
    key: 'nodb-lock:planted:wepp.nodb',
    id: 'value.format',
    pattern: 'lock.nodb_lock',
    commands: [['SET', 'nodb-lock:planted:wepp.nodb', '{"owner":"h:1"}', 'EX', 600]],
  },
  {
    name: 'enum',
    db: 15,
    key: 'loglevel:planted-enum',
    id: 'value.format',
    pattern: 'log_level.loglevel',
    commands: [['SET', 'loglevel:planted-enum', 'debug']],
  },
  {
    name: 'integer',
    db: 9,
    key: 'rq:scheduler-lock:default',
    id: 'value.format',
    pattern: 'rq.rq.scheduler_lock',
    commands: [['SET', 'rq:scheduler-lock:default', 'pid-42', 'EX', 60]],
  },
  {
    name: 'integer field',
    db: 9,
    key: 'rq:worker:planted-pid',
    id: 'hash.field.value',
    pattern: 'rq.rq.worker',
    commands: [
      ['HSET', 'rq:worker:planted-pid', ...workerFields({ pid: 'abc' })],
      ['EXPIRE', 'rq:worker:planted-pid', 400],
    ],
  },
  {
    name: 'isoDatetime field',
    db: 9,
    key: 'rq:worker:planted-birth',
    id: 'hash.field.value',
    pattern: 'rq.rq.worker',
    commands: [
      ['HSET', 'rq:worker:planted-birth', ...workerFields({ birth: 'yesterday' })],
      ['EXPIRE', 'rq:worker:planted-birth', 400],
    ],
  },
  {
    name: 'regex field',
    db: 9,
    key: 'rq:worker:planted-queues',
    id: 'hash.field.value',
    pattern: 'rq.rq.worker',
    commands: [
      ['HSET', 'rq:worker:planted-queues', ...workerFields({ queues: ',,' })],
      ['EXPIRE', 'rq:worker:planted-queues', 400],
    ],
  },
  {
    name: 'pickle (zlib) field',
    db: 9,
    key: 'rq:job:planted-data',
    id: 'hash.field.value',
    pattern: 'rq.rq.job',
    commands: [['HSET', 'rq:job:planted-data', ...jobFields({ data: 'not compressed' })]],
  },
  {
    name: 'pickle',
    db: 11,
    key: 'session:2c9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed',
    id: 'value.format',
    pattern: 'session.flask_session.session',
    commands: [['SET', 'session:2c9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed', '{"_permanent": true}', 'EX', 3600]],
  },
  {
    name: 'path',
    db: 11,
    key: 'planted-wd',
    id: 'value.format',
    pattern: 'session.wd',
    commands: [['SET', 'planted-wd', 'wc1/runs/pl/planted-wd', 'EX', 3600]],
  },
  {
    name: 'jsonpickle',
    db: 13,
    key: '/wc1/runs/pl/planted/wepp.nodb',
    id: 'value.format',
    pattern: 'nodb_cache.nodb',
    commands: [['SET', '/wc1/runs/pl/planted/wepp.nodb', '{"py/object": "other.module.Thing"}', 'EX', 3600]],
  },
  {
    name: 'hex32',
    db: 14,
    key: 'readme:lock:planted-hex:0',
    id: 'value.format',
    pattern: 'readme.editor_lock',
    commands: [['SET', 'readme:lock:planted-hex:0', 'NOT-HEX', 'EX', 600]],
  },
  {
    name: 'enum field (readme status drives no TTL case)',
    db: 14,
    key: 'readme:client:planted:0:0f8fad5bd9cb469fa16570867728950e',
    id: 'hash.field.value',
    pattern: 'readme.editor_client',
    commands: [
      ['HSET', 'readme:client:planted:0:0f8fad5bd9cb469fa16570867728950e', 'status', 'gone', 'created_at', iso],
      ['EXPIRE', 'readme:client:planted:0:0f8fad5bd9cb469fa16570867728950e', 600],
    ],
  },
  {
    name: 'template member',
    db: 9,
    key: 'rq:workers:batch',
    id: 'member.format',
    pattern: 'rq.rq.queue_workers',
    commands: [
      ['DEL', 'rq:workers:batch'],
      ['SADD', 'rq:workers:batch', 'worker-without-prefix'],
    ],
  },
  {
    name: 'jobId list member',
    db: 9,
    key: 'rq:queue:batch',
    id: 'member.format',
    pattern: 'rq.rq.queue',
    commands: [['LPUSH', 'rq:queue:batch', 'bad:job:id']],
  },
  {
    name: 'zset score',
    db: 9,
    key: 'rq:canceled:batch',
    id: 'score.format',
    pattern: 'rq.rq.canceled_registry',
    commands: [['ZADD', 'rq:canceled:batch', '-5', 'zz-planted']],
  },
  {
    name: 'stream entry field enum',
    db: 9,
    key: 'rq:results:planted-type',
    id: 'stream.field.value',
    pattern: 'rq.rq.results',
    commands: [['XADD', 'rq:results:planted-type', '*', 'type', '9']],
  },
  {
    name: 'stream unknown field',
    db: 9,
    key: 'rq:results:planted-extra',
    id: 'stream.field.unknown',
    pattern: 'rq.rq.results',
    commands: [['XADD', 'rq:results:planted-extra', '*', 'type', '1', 'extra', 'x']],
  },
  {
    name: 'stream missing field',
    db: 9,
    key: 'rq:results:planted-missing',
    id: 'stream.field.missing',
    pattern: 'rq.rq.results',
    commands: [['XADD', 'rq:results:planted-missing', '*', 'return_value', 'gAWVCgAAAAAAAAB9lIwCb2uUiHMu']],
  },
  {
    name: 'value above the size guard',
    db: 13,
    key: '/wc1/runs/pl/planted/huge.nodb',
    id: 'value.too-large',
    pattern: 'nodb_cache.nodb',
    commands: [
      [
        'SET',
        '/wc1/runs/pl/planted/huge.nodb',
        `{"py/object": "wepppy.nodb.core.wepp.Wepp", "pad": "${'x'.repeat(1_100_000)}"}`,
        'EX',
        3600,
      ],
    ],
  },
];

/** Keys in an undeclared database: one `db.undeclared` finding for the whole database. */
export const UNDECLARED_DB = 5;
export const UNDECLARED_COMMANDS: Arg[][] = [
  ['SET', 'stray:1', 'a'],
  ['SET', 'stray:2', 'b'],
  ['HSET', 'stray:3', 'f', 'v'],
];
