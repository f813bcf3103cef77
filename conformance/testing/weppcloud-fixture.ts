/**
 * A realistic, clean WEPPcloud keyspace for tests and benchmarks, covering every key pattern of
 * spec/weppcloud.yaml: RedisPrep run hashes and NoDb locks (DB 0), python-rq 1.13's real layout
 * (DB 9: job hashes in every status with the TTL rq gives them, queues, the six registries, results
 * streams, dependency sets, workers, scheduler and cleaning locks), Flask-Session sessions as real
 * pickles and the working-directory cache (DB 11), jsonpickled NoDb objects (DB 13), README editor
 * state (DB 14) and log levels (DB 15). The rq and session shapes follow a capture of the real
 * libraries (testing/real-capture/rq-1.13-snapshot.json, made by real-capture/capture.py).
 *
 * Keys are yielded one at a time with the commands that write them, so the 1M-key benchmark streams
 * them without holding the keyspace in memory.
 */
import type { Redis } from 'ioredis';
import { dict, pickle, tuple, zlibCompress, type Py } from './pickle.ts';
import { prng } from '../../examples/weppcloud/ids.ts';

export type Arg = string | Buffer | number;

export interface FixtureKey {
  db: number;
  key: string;
  /** The pattern id the key must match (`<db name>.<key name>`). */
  pattern: string;
  type: 'string' | 'hash' | 'list' | 'set' | 'zset' | 'stream';
  commands: Arg[][];
}

export interface FixtureOptions {
  /** Number of runs (each brings its run hash, locks, caches, README state, log level). Default 4. */
  runs?: number;
  /** Jobs per status per queue. Default 1. */
  jobsPerStatus?: number;
  /** Browser sessions. Default 3. */
  sessions?: number;
  /** PRNG seed. Default 1. */
  seed?: number;
  /** "Now" in epoch ms (default Date.now()). */
  now?: number;
}

export const RQ_STATUSES = ['queued', 'started', 'finished', 'failed', 'stopped', 'scheduled', 'deferred', 'canceled'] as const;
export const QUEUES = ['default', 'batch'] as const;
const RESULT_TTL = 604800;
const FAILURE_TTL = 31536000;

/** The reference workload's seeded PRNG (mulberry32). */
export { prng };

export class Ids {
  constructor(readonly rand: () => number) {}
  hex(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += Math.floor(this.rand() * 16).toString(16);
    return s;
  }
  uuid(): string {
    const h = this.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[Math.floor(this.rand() * 4)]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.rand() * xs.length)]!;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.rand() * (hi - lo + 1));
  }
}

const ADJ = ['busy', 'rlew', 'quiet', 'amber', 'lucky', 'brave', 'misty', 'sunny', 'windy', 'rapid'];
const NOUN = ['beaver', 'unwitting', 'cane', 'heron', 'otter', 'falcon', 'meadow', 'canyon', 'ridge', 'delta'];
const TASKS = [
  'project_init',
  'set_outlet',
  'abstract_watershed',
  'build_channels',
  'build_subcatchments',
  'build_landuse',
  'build_soils',
  'build_climate',
  'run_wepp_hillslopes',
  'run_wepp_watershed',
  'run_omni_scenarios',
  'fetch_dem',
];
const NODBS = ['ron.nodb', 'watershed.nodb', 'landuse.nodb', 'soils.nodb', 'climate.nodb', 'wepp.nodb'];
const NODB_CLASSES: Record<string, string> = {
  'ron.nodb': 'wepppy.nodb.core.ron.Ron',
  'watershed.nodb': 'wepppy.nodb.core.watershed.Watershed',
  'landuse.nodb': 'wepppy.nodb.core.landuse.Landuse',
  'soils.nodb': 'wepppy.nodb.core.soils.Soils',
  'climate.nodb': 'wepppy.nodb.core.climate.Climate',
  'wepp.nodb': 'wepppy.nodb.core.wepp.Wepp',
};

/** rq's timestamp format: `%Y-%m-%dT%H:%M:%S.%fZ`. */
export function rqTime(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/\.([0-9]{3})Z$/, (_m, f: string) => `.${f}${String(Math.floor((ms * 1000) % 1000)).padStart(3, '0')}Z`);
}

function flat(o: Record<string, Arg>): Arg[] {
  return Object.entries(o).flatMap(([k, v]) => [k, v]);
}

export class WeppcloudFixture {
  readonly ids: Ids;
  readonly now: number;
  constructor(readonly options: FixtureOptions = {}) {
    this.ids = new Ids(prng(options.seed ?? 1));
    this.now = options.now ?? Date.now();
  }

  runid(i: number): string {
    if (i === 0) return 'busy-beaver';
    if (i === 1) return 'batch;;spring-burns;;rlew-unwitting-cane';
    if (i === 2) return '03f60f2';
    return `${ADJ[i % ADJ.length]}-${NOUN[Math.floor(i / ADJ.length) % NOUN.length]}-${i}`;
  }

  wd(runid: string): string {
    const bare = runid.split(';;').pop()!;
    return `/wc1/runs/${bare.slice(0, 2)}/${bare}`;
  }

  // ------------------------------------------------------------------ DB 0
  *run(i: number, jobIds: string[] = []): Generator<FixtureKey> {
    const runid = this.runid(i);
    const t0 = Math.floor(this.now / 1000) - this.ids.int(3600, 90 * 86400);
    const fields: Record<string, Arg> = {
      'attrs:loaded': 'true',
      'attrs:has_sbs': this.ids.pick(['true', 'false']),
      'attrs:sbs_required': 'false',
      last_modified: t0 + 500,
    };
    TASKS.slice(0, 3 + (i % (TASKS.length - 3))).forEach((t, n) => (fields[`timestamps:${t}`] = t0 + n * 60));
    if (jobIds[0]) fields['rq:run_wepp_rq'] = jobIds[0];
    if (jobIds[1]) fields['rq:build_soils_rq'] = jobIds[1];
    if (i % 5 === 0 && jobIds[0]) fields['archive:job_id'] = jobIds[0];
    fields['locked:wepp.nodb'] = i % 3 === 0 ? 'true' : 'false';
    fields['locked:_pups/omni/scenarios/undisturbed/wepp.nodb'] = 'false';
    yield { db: 0, key: runid, pattern: 'lock.run', type: 'hash', commands: [['HSET', runid, ...flat(fields)]] };
    if (i % 3 === 0) {
      for (const rel of ['wepp.nodb', '_pups/omni/scenarios/undisturbed/wepp.nodb']) {
        const key = `nodb-lock:${runid}:${rel}`;
        const acquired = Math.floor(this.now / 1000) - this.ids.int(1, 600);
        const payload = JSON.stringify({
          token: this.ids.hex(32),
          owner: `wepp${this.ids.int(1, 9)}.example.org:${this.ids.int(100, 99999)}`,
          acquired_at: acquired,
          expires_at: acquired + 21600,
          ttl: 21600,
        });
        yield {
          db: 0,
          key,
          pattern: 'lock.nodb_lock',
          type: 'string',
          commands: [['SET', key, payload.replace(/, /g, ','), 'PX', 21600 * 1000 - (Math.floor(this.now / 1000) - acquired) * 1000]],
        };
      }
    }
  }

  // ------------------------------------------------------------------ DB 11, 13, 14, 15
  *runCaches(i: number): Generator<FixtureKey> {
    const runid = this.runid(i);
    const wd = this.wd(runid);
    yield {
      db: 11,
      key: runid,
      pattern: 'session.wd',
      type: 'string',
      commands: [['SET', runid, wd, 'EX', 259200 - this.ids.int(0, 3600)]],
    };
    for (const name of NODBS.slice(0, 2 + (i % 4))) {
      const key = `${wd}/${name}`;
      const doc = {
        'py/object': NODB_CLASSES[name],
        wd,
        _logger: null,
        runid,
        locked: false,
        _config: 'disturbed9002.cfg',
        'py/state': { version: 3 },
      };
      yield {
        db: 13,
        key,
        pattern: 'nodb_cache.nodb',
        type: 'string',
        commands: [['SET', key, JSON.stringify(doc), 'EX', 259200 - this.ids.int(0, 86400)]],
      };
    }
    if (i % 4 === 0) {
      const key = `${wd}/_pups/omni/scenarios/undisturbed/wepp.nodb`;
      yield {
        db: 13,
        key,
        pattern: 'nodb_cache.nodb',
        type: 'string',
        commands: [
          [
            'SET',
            key,
            JSON.stringify({ 'py/object': 'wepppy.nodb.core.wepp.Wepp', wd: `${wd}/_pups/omni/scenarios/undisturbed` }),
            'EX',
            259200,
          ],
        ],
      };
    }
    if (i % 2 === 0) {
      const config = i % 4 === 0 ? 'disturbed9002' : '0';
      const active = this.ids.hex(32);
      const lock = `readme:lock:${runid}:${config}`;
      yield {
        db: 14,
        key: lock,
        pattern: 'readme.editor_lock',
        type: 'string',
        commands: [['SET', lock, active, 'EX', 1800 - this.ids.int(0, 600)]],
      };
      const iso = (ms: number): string => new Date(ms).toISOString().replace('Z', '+00:00');
      const client = (uuid: string, status: string, ttl: number, extra: Record<string, Arg>, full = true): FixtureKey => {
        const key = `readme:client:${runid}:${config}:${uuid}`;
        const base: Record<string, Arg> = full
          ? {
              status,
              runid,
              config,
              uuid,
              ron_name: i % 4 === 0 ? 'Busy Beaver fire' : '',
              ron_scenario: '',
              created_at: iso(this.now - 7200_000),
              updated_at: iso(this.now - 60_000),
              ...extra,
            }
          : { status, ...extra };
        return {
          db: 14,
          key,
          pattern: 'readme.editor_client',
          type: 'hash',
          commands: [
            ['HSET', key, ...flat(base)],
            ['EXPIRE', key, ttl],
          ],
        };
      };
      yield client(active, 'active', 3600 - this.ids.int(0, 600), {});
      yield client(this.ids.hex(32), 'stale', 600 - this.ids.int(0, 300), { stale_at: iso(this.now - 120_000) });
      yield client(this.ids.hex(32), 'invalidated', 600, { invalidated_at: iso(this.now - 30_000) });
      // A stale mark on an already expired record re-creates it with just these two fields.
      yield client(this.ids.hex(32), 'stale', 500, { stale_at: iso(this.now - 10_000) }, false);
    }
    if (i % 2 === 1 || i < 3) {
      const key = `loglevel:${runid}`;
      yield {
        db: 15,
        key,
        pattern: 'log_level.loglevel',
        type: 'string',
        commands: [['SET', key, this.ids.pick(['10', '20', '30', '40', '50'])]],
      };
    }
  }

  session(): FixtureKey {
    const sid = this.ids.uuid();
    const key = `session:${sid}`;
    const loggedIn = this.ids.rand() < 0.4;
    const data: Py = loggedIn
      ? dict({
          _permanent: true,
          _user_id: String(this.ids.int(1, 5000)),
          _fresh: true,
          csrf_token: this.ids.hex(40),
          _flashes: [tuple('message', 'Welcome back')],
        })
      : dict({ _permanent: true });
    return {
      db: 11,
      key,
      pattern: 'session.flask_session.session',
      type: 'string',
      commands: [['SET', key, pickle(data), 'EX', 43200 - this.ids.int(0, 40000)]],
    };
  }

  // ------------------------------------------------------------------ DB 9 (python-rq 1.13)
  jobHash(
    id: string,
    status: (typeof RQ_STATUSES)[number],
    queue: string,
    worker: string,
    opts: { func?: string; runid?: string; dependsOn?: string; retry?: boolean; meta?: boolean } = {},
  ): Record<string, Arg> {
    const created = this.now - this.ids.int(60_000, 86_400_000);
    const func =
      opts.func ??
      this.ids.pick([
        'wepppy.rq.wepp_rq.run_wepp_rq',
        'wepppy.rq.project_rq.build_soils_rq',
        'wepppy.rq.project_rq.fork_rq',
        'wepppy.rq.batch_rq.run_batch_rq',
      ]);
    const runid = opts.runid ?? 'busy-beaver';
    const ran =
      status === 'started' ||
      status === 'finished' ||
      status === 'failed' ||
      status === 'stopped' ||
      (status === 'scheduled' && opts.retry);
    const ended = status === 'finished' || status === 'failed' || status === 'stopped' || (status === 'scheduled' && opts.retry);
    const h: Record<string, Arg> = {
      status,
      created_at: rqTime(created),
      data: zlibCompress(pickle(tuple(func, null, tuple(runid), dict({})), 5)),
      success_callback_name: '',
      failure_callback_name: '',
      started_at: ran ? rqTime(created + 1000) : '',
      ended_at: ended ? rqTime(created + 60_000) : '',
      last_heartbeat: ran ? rqTime(created + 30_000) : '',
      worker_name: ran ? worker : '',
      origin: queue,
      description: `${func}('${runid}')`,
      timeout: queue === 'batch' ? 43200 : 180,
    };
    if (status !== 'deferred' && status !== 'scheduled') h.enqueued_at = rqTime(created + 5);
    if (status === 'finished') h.result_ttl = RESULT_TTL;
    if (opts.meta) h.meta = pickle(dict({ progress: this.ids.int(0, 100), runid }), 5);
    if (opts.retry) {
      h.retries_left = 1;
      h.retry_intervals = '[3600]';
    }
    if (opts.dependsOn) {
      h.dependency_id = opts.dependsOn;
      h.dependency_ids = JSON.stringify([opts.dependsOn]);
    }
    return h;
  }

  *rq(jobsPerStatus = this.options.jobsPerStatus ?? 1, runIds: string[] = ['busy-beaver']): Generator<FixtureKey> {
    const nowS = Math.floor(this.now / 1000);
    const workers = QUEUES.map(() => this.ids.hex(32));
    const registries: Record<string, [string, string][]> = {};
    const reg = (name: string, q: string, id: string, score: number | string): void => {
      (registries[`rq:${name}:${q}`] ??= []).push([String(score), id]);
    };
    const queueLists: Record<string, string[]> = {};
    const currentJob: Record<string, string> = {};
    for (const [qi, q] of QUEUES.entries()) {
      const worker = workers[qi]!;
      for (let n = 0; n < jobsPerStatus; n++) {
        for (const status of RQ_STATUSES) {
          const id = this.ids.uuid();
          const key = `rq:job:${id}`;
          const runid = runIds[this.ids.int(0, runIds.length - 1)]!;
          let parent: string | undefined;
          if (status === 'deferred') {
            parent = this.ids.uuid();
          }
          const h = this.jobHash(id, status, q, worker, {
            runid,
            ...(parent ? { dependsOn: parent } : {}),
            retry: status === 'scheduled' && n % 2 === 0,
            meta: status === 'finished' || status === 'started',
          });
          const commands: Arg[][] = [['HSET', key, ...flat(h)]];
          switch (status) {
            case 'queued':
              (queueLists[q] ??= []).push(id);
              break;
            case 'started':
              reg('wip', q, id, nowS + 90);
              currentJob[q] = id;
              break;
            case 'finished': {
              const left = RESULT_TTL - this.ids.int(0, 86400);
              commands.push(['EXPIRE', key, left]);
              reg('finished', q, id, nowS + left);
              const rk = `rq:results:${id}`;
              yield {
                db: 9,
                key: rk,
                pattern: 'rq.rq.results',
                type: 'stream',
                commands: [
                  ['XADD', rk, 'MAXLEN', '10', '*', 'type', '1', 'return_value', pickle(dict({ ok: true }), 5).toString('base64')],
                  ['EXPIRE', rk, left],
                ],
              };
              break;
            }
            case 'failed':
            case 'stopped': {
              const left = FAILURE_TTL - this.ids.int(0, 86400);
              commands.push(['EXPIRE', key, left]);
              reg('failed', q, id, nowS + left);
              const rk = `rq:results:${id}`;
              const exc = zlibCompress(
                status === 'failed'
                  ? 'Traceback (most recent call last):\n  File "wepppy/rq/wepp_rq.py", line 80, in run_wepp_rq\nValueError: boom\n'
                  : 'Job stopped by user, work-horse terminated.',
              ).toString('base64');
              yield {
                db: 9,
                key: rk,
                pattern: 'rq.rq.results',
                type: 'stream',
                commands: [['XADD', rk, 'MAXLEN', '10', '*', 'type', status === 'failed' ? '2' : '3', 'exc_string', exc]],
              };
              break;
            }
            case 'scheduled':
              reg('scheduled', q, id, nowS + 3600);
              break;
            case 'deferred': {
              reg('deferred', q, id, nowS - 30);
              const dk = `rq:job::${id}:dependencies`;
              yield { db: 9, key: dk, pattern: 'rq.rq.job_dependencies', type: 'set', commands: [['SADD', dk, parent!]] };
              const pk = `rq:job:${parent}`;
              yield {
                db: 9,
                key: pk,
                pattern: 'rq.rq.job',
                type: 'hash',
                commands: [['HSET', pk, ...flat(this.jobHash(parent!, 'queued', q, worker, { runid }))]],
              };
              (queueLists[q] ??= []).push(parent!);
              const ek = `rq:job:${parent}:dependents`;
              yield { db: 9, key: ek, pattern: 'rq.rq.job_dependents', type: 'set', commands: [['SADD', ek, id]] };
              break;
            }
            case 'canceled':
              reg('canceled', q, id, nowS - 10);
              break;
          }
          yield { db: 9, key, pattern: 'rq.rq.job', type: 'hash', commands };
        }
      }
    }
    for (const [key, members] of Object.entries(registries)) {
      const name = key.split(':')[1]!;
      const pattern = `rq.rq.${{ wip: 'started', finished: 'finished', failed: 'failed', deferred: 'deferred', scheduled: 'scheduled', canceled: 'canceled' }[name]}_registry`;
      yield { db: 9, key, pattern, type: 'zset', commands: [['ZADD', key, ...members.flat()]] };
    }
    for (const [q, ids] of Object.entries(queueLists)) {
      yield { db: 9, key: `rq:queue:${q}`, pattern: 'rq.rq.queue', type: 'list', commands: [['RPUSH', `rq:queue:${q}`, ...ids]] };
    }
    yield {
      db: 9,
      key: 'rq:queues',
      pattern: 'rq.rq.queues',
      type: 'set',
      commands: [['SADD', 'rq:queues', ...QUEUES.map((q) => `rq:queue:${q}`)]],
    };
    for (const [qi, q] of QUEUES.entries()) {
      const name = workers[qi]!;
      const key = `rq:worker:${name}`;
      const birth = this.now - 3600_000;
      const h: Record<string, Arg> = {
        birth: rqTime(birth),
        last_heartbeat: rqTime(this.now - 5000),
        queues: q,
        pid: 27000 + qi,
        hostname: `wepp${qi + 1}`,
        ip_address: `127.0.0.1:${51000 + qi}`,
        version: '1.13.0',
        python_version: '3.11.2 (main, Apr 28 2025, 14:11:48) [GCC 12.2.0]',
        state: currentJob[q] ? 'busy' : 'idle',
        current_job_working_time: currentJob[q] ? 12.5 : 0,
        successful_job_count: 40 + qi,
        failed_job_count: 3,
        total_working_time: 812.25,
      };
      if (currentJob[q]) h.current_job = currentJob[q];
      yield {
        db: 9,
        key,
        pattern: 'rq.rq.worker',
        type: 'hash',
        commands: [
          ['HSET', key, ...flat(h)],
          ['EXPIRE', key, currentJob[q] ? 90 : 480],
        ],
      };
      yield { db: 9, key: `rq:workers:${q}`, pattern: 'rq.rq.queue_workers', type: 'set', commands: [['SADD', `rq:workers:${q}`, key]] };
      yield {
        db: 9,
        key: `rq:clean_registries:${q}`,
        pattern: 'rq.rq.clean_registries_lock',
        type: 'string',
        commands: [['SET', `rq:clean_registries:${q}`, '1', 'EX', 899 - qi * 100]],
      };
    }
    yield {
      db: 9,
      key: 'rq:workers',
      pattern: 'rq.rq.workers',
      type: 'set',
      commands: [['SADD', 'rq:workers', ...workers.map((w) => `rq:worker:${w}`)]],
    };
    yield {
      db: 9,
      key: 'rq:scheduler-lock:batch',
      pattern: 'rq.rq.scheduler_lock',
      type: 'string',
      commands: [['SET', 'rq:scheduler-lock:batch', '27431', 'EX', 61]],
    };
    yield { db: 9, key: 'rq:suspended', pattern: 'rq.rq.suspended', type: 'string', commands: [['SET', 'rq:suspended', '1', 'EX', 3600]] };
  }

  /** The whole clean keyspace. */
  *all(): Generator<FixtureKey> {
    const runs = this.options.runs ?? 4;
    const runIds = Array.from({ length: runs }, (_x, i) => this.runid(i));
    const jobIds: string[] = [];
    for (const k of this.rq(this.options.jobsPerStatus ?? 1, runIds)) {
      if (k.pattern === 'rq.rq.job') jobIds.push(k.key.slice('rq:job:'.length));
      yield k;
    }
    for (let i = 0; i < runs; i++) {
      yield* this.run(i, [jobIds[i % jobIds.length]!, jobIds[(i + 1) % jobIds.length]!]);
      yield* this.runCaches(i);
    }
    for (let s = 0; s < (this.options.sessions ?? 3); s++) yield this.session();
  }
}

export function weppcloudFixture(options: FixtureOptions = {}): Generator<FixtureKey> {
  return new WeppcloudFixture(options).all();
}

/** Writes fixture keys with pipelines of `batch` keys (one connection, SELECTs as needed). */
export async function writeFixture(
  redis: Redis,
  keys: Iterable<FixtureKey>,
  batch = 500,
): Promise<{ keys: number; byPattern: Map<string, number> }> {
  const byPattern = new Map<string, number>();
  let count = 0;
  let pl = redis.pipeline();
  let inBatch = 0;
  let db = -1;
  const flush = async (): Promise<void> => {
    if (inBatch === 0) return;
    const res = await pl.exec();
    for (const [err] of res ?? []) if (err) throw err;
    pl = redis.pipeline();
    inBatch = 0;
  };
  for (const k of keys) {
    if (k.db !== db) {
      pl.select(k.db);
      db = k.db;
    }
    for (const [cmd, ...args] of k.commands) pl.call(String(cmd), ...args);
    byPattern.set(k.pattern, (byPattern.get(k.pattern) ?? 0) + 1);
    count++;
    if (++inBatch >= batch) {
      await flush();
      // The next pipeline starts on the connection's current db: keep track by re-selecting.
      db = -1;
    }
  }
  await flush();
  await redis.select(0);
  return { keys: count, byPattern };
}

/** Loads a clean WEPPcloud keyspace; returns how many keys per pattern it wrote. */
export async function loadWeppcloudFixture(
  redis: Redis,
  options: FixtureOptions = {},
): Promise<{ keys: number; byPattern: Map<string, number> }> {
  return writeFixture(redis, weppcloudFixture(options));
}
