/**
 * A reference workload: WEPPcloud run lifecycles driven through the generated client against a Redis.
 *
 * What a run does, per lifecycle (roles in brackets: whose connection writes it):
 *
 * - [weppcloud] Flask-Session sessions (`session:<sid>`, pickled dicts): every web request reads the
 *   session (GETEX: the sliding TTL) and writes it back (SETEX 43200); anonymous visitors create
 *   `{'_permanent': True}` sessions; some owners log out (DEL).
 * - [weppcloud] the working-directory cache (DB 11, `<runid>` -> wd, SET EX 259200 on a miss only).
 * - [weppcloud] RedisPrep init (`attrs:*`, `timestamps:project_init`) and the Ron NoDb file.
 * - [weppcloud] the command bar sets the run's log level (`loglevel:<runid>`, '10'..'50').
 * - [weppcloud] each task is enqueued as a python-rq 1.13 job (DB 9): job hash (status `queued`, no
 *   TTL), `RPUSH rq:queue:<q>`, `SADD rq:queues`, `HSET <runid> rq:<func> <id>`; a dependent job is
 *   `deferred` (`rq:deferred:<q>`, `rq:job:<id>:dependents`, `rq:job::<id>:dependencies`); a job can be
 *   canceled (`rq:canceled:<q>`).
 * - [<worker name>] an rq worker (its connection named after itself, as rq does) takes the job:
 *   `started` (`rq:wip:<q>` scored now+90), heartbeats, then `finished` (EXPIRE 604800,
 *   `rq:finished:<q>`, `rq:results:<id>` stream) or `failed` (EXPIRE 31536000, `rq:failed:<q>`); its
 *   own hash `rq:worker:<name>` (birth, busy/idle, counters, death), `rq:workers`, `rq:workers:<q>`,
 *   `rq:clean_registries:<q>`, `rq:scheduler-lock:<q>`, and it subscribes to `rq:pubsub:<name>`.
 * - [rq-worker] the task code inside the job: NoDb lock (`SET nodb-lock:<runid>:<relpath> NX EX 21600`
 *   + the `locked:<relpath>` mirror), NoDb cache (DB 13, jsonpickle, SET EX 259200 on dump and on a
 *   read-through miss), RedisPrep timestamps and `last_modified`, and status messages on
 *   `<runid>:<channel>` in every declared format (STARTED, STATUS, free-text progress, COMPLETED,
 *   TRIGGER, EXCEPTION, ENQUEUED archive_rq, COMMAND_BAR_RESULT); batch runs also report on
 *   `<batch_name>:batch`.
 * - [weppcloud] the README editor (DB 14): lock + client hashes, active -> stale -> invalidated.
 *
 * Every clean write goes through the generated client, which applies the declared TTLs. Faults are
 * injected with raw ioredis (the generated client refuses them), once per run unless configured.
 */
import { Redis } from 'ioredis';
import {
  createKeyspace,
  keys,
  type EditorClientFields,
  type Keyspace,
  type LoglevelValue,
  type RqJobFields,
  type RqQueue,
  type StatusChannelMessage,
  type BatchChannelMessage,
} from '../../generated/weppcloud/client.ts';
import { epochSeconds, Ids, pythonUtcIso, rqTimestamp, runIdFor, subSeed } from './ids.ts';
import { pickleDumps, pyDict, pyFloat, pyTuple, zlibCompress, type PyValue } from './pickle.ts';

// ------------------------------------------------------------------------------------------------
// Options and report

export const FAULTS = [
  'write-without-ttl',
  'undeclared-channel',
  'wrong-type-write',
  'malformed-message',
  'unknown-key',
  'bad-value',
] as const;
export type Fault = (typeof FAULTS)[number];

export interface FaultSpec {
  fault: Fault;
  /** How many times per run (default 1). */
  perRun?: number;
  /** Indices of the runs that get it (default: every run). */
  runs?: readonly number[];
}

/** The service roles whose connections the workload names (`CLIENT SETNAME`). */
export type ServiceRole = 'weppcloud' | 'rq-worker';

/**
 * The spec's service names. spec/weppcloud.yaml declares no `services[].clientName`, so these are
 * the names the workload uses; rq workers additionally name their own connection after the worker
 * (`CLIENT SETNAME <worker name>`), as python-rq does.
 */
export const DEFAULT_CLIENT_NAMES: Readonly<Record<ServiceRole, string>> = { weppcloud: 'weppcloud', 'rq-worker': 'rq-worker' };

export interface WorkloadOptions {
  /** The Redis to drive (its /db path is ignored: every database of the spec is used). */
  redisUrl: string;
  /** Number of runs (default 3; with 3 or more, run #2 is a batch run). */
  runs?: number;
  /** Lifecycles per run (default 1). Ignored when `durationMs` is set. */
  iterations?: number;
  /** Keep starting new lifecycles until this much time has passed (each run does at least one). */
  durationMs?: number;
  /** PRNG seed: the same seed gives the same run ids, job ids, tokens and choices (default 1). */
  seed?: number;
  faults?: readonly (Fault | FaultSpec)[];
  /** Pause between steps, for a paced demo (default 0). */
  stepDelayMs?: number;
  /** rq workers per queue (default 1). */
  workersPerQueue?: number;
  /** Fraction of optional jobs that fail (default 0.25); run #0's first debris job always fails. */
  failureRate?: number;
  /** Leave the rq workers registered (no death) when the workload ends (default false). */
  keepWorkersAlive?: boolean;
  clientNames?: Partial<Record<ServiceRole, string>>;
  signal?: AbortSignal;
  /** Narration of what happens, for demos. */
  onEvent?: (event: WorkloadEvent) => void;
}

export interface WorkloadEvent {
  kind: 'run' | 'job' | 'publish' | 'fault' | 'worker' | 'web';
  runid?: string;
  text: string;
}

export interface InjectedFault {
  fault: Fault;
  runid: string;
  runIndex: number;
  /** Database of a key fault. */
  db?: number;
  key?: string;
  channel?: string;
  message?: string;
  /** The raw command that was sent. */
  command: string[];
  detail: string;
}

export interface PublishedMessage {
  channel: string;
  message: string;
  /** The declared format used (`started`, `progress`, ...). */
  format: string;
  receivers: number;
}

export interface WorkloadJob {
  id: string;
  func: string;
  queue: RqQueue;
  runid: string;
  status: 'queued' | 'deferred' | 'finished' | 'failed' | 'canceled';
}

export interface WorkloadReport {
  seed: number;
  runids: string[];
  batchName: string | undefined;
  workers: string[];
  lifecycles: number;
  jobs: WorkloadJob[];
  published: PublishedMessage[];
  faults: InjectedFault[];
  clientNames: Record<string, string>;
  aborted: boolean;
}

// ------------------------------------------------------------------------------------------------
// Constants of the simulated deployment

const RESULT_TTL = 604800;
const FAILURE_TTL = 31536000;
const WORKER_DEATH_TTL = 60;
const LOG_LEVELS: readonly LoglevelValue[] = ['10', '20', '30', '40', '50'];
const PYTHON_VERSION = '3.12.3 (main, Apr 10 2024, 05:33:47) [GCC 13.2.0]';
const CONFIGS = ['disturbed9002', 'dev_unit_1', '0'] as const;

interface TaskDef {
  /** The RedisPrep `rq:<job_key>` key and the function's short name. */
  func: string;
  module: string;
  channel: string;
  nodb: string;
  nodbClass: string;
  timestamps: readonly string[];
  event: string;
  status: readonly string[];
  progress: readonly string[];
}

const PIPELINE: readonly TaskDef[] = [
  {
    func: 'build_channels_rq',
    module: 'wepppy.rq.project_rq',
    channel: 'channel_delineation',
    nodb: 'watershed.nodb',
    nodbClass: 'wepppy.nodb.core.watershed.Watershed',
    timestamps: ['build_channels'],
    event: 'BUILD_CHANNELS_TASK_COMPLETED',
    status: ['fetching DEM', 'delineating channels'],
    progress: ['Running TOPAZ channel delineation (csa=5, mcl=60)'],
  },
  {
    func: 'set_outlet_rq',
    module: 'wepppy.rq.project_rq',
    channel: 'outlet',
    nodb: 'watershed.nodb',
    nodbClass: 'wepppy.nodb.core.watershed.Watershed',
    timestamps: ['set_outlet'],
    event: 'SET_OUTLET_TASK_COMPLETED',
    status: ['snapping outlet to channel'],
    progress: ['Outlet set at -116.4523, 45.1241'],
  },
  {
    func: 'build_subcatchments_and_abstract_watershed_rq',
    module: 'wepppy.rq.project_rq',
    channel: 'subcatchment_delineation',
    nodb: 'watershed.nodb',
    nodbClass: 'wepppy.nodb.core.watershed.Watershed',
    timestamps: ['build_subcatchments', 'abstract_watershed'],
    event: 'WATERSHED_ABSTRACTION_TASK_COMPLETED',
    status: ['building subcatchments', 'abstracting watershed'],
    progress: ['Abstracting 112 hillslopes and 41 channels'],
  },
  {
    func: 'build_landuse_rq',
    module: 'wepppy.rq.project_rq',
    channel: 'landuse',
    nodb: 'landuse.nodb',
    nodbClass: 'wepppy.nodb.core.landuse.Landuse',
    timestamps: ['build_landuse'],
    event: 'LANDUSE_BUILD_TASK_COMPLETED',
    status: ['retrieving NLCD 2021 landcover'],
    progress: ['Mapped 9 landuse classes over 112 hillslopes'],
  },
  {
    func: 'build_soils_rq',
    module: 'wepppy.rq.project_rq',
    channel: 'soils',
    nodb: 'soils.nodb',
    nodbClass: 'wepppy.nodb.core.soils.Soils',
    timestamps: ['build_soils'],
    event: 'SOILS_BUILD_TASK_COMPLETED',
    status: ['querying SSURGO', 'writing soil files'],
    progress: ['Building soils for 112 hillslopes'],
  },
  {
    func: 'build_climate_rq',
    module: 'wepppy.rq.project_rq',
    channel: 'climate',
    nodb: 'climate.nodb',
    nodbClass: 'wepppy.nodb.core.climate.Climate',
    timestamps: ['build_climate'],
    event: 'CLIMATE_BUILD_TASK_COMPLETED',
    status: ['running CLIGEN'],
    progress: ['CLIGEN station ID 106388, 100 years'],
  },
  {
    func: 'run_wepp_rq',
    module: 'wepppy.rq.wepp_rq',
    channel: 'wepp',
    nodb: 'wepp.nodb',
    nodbClass: 'wepppy.nodb.core.wepp.Wepp',
    timestamps: ['run_wepp_hillslopes', 'run_wepp_watershed'],
    event: 'WEPP_RUN_TASK_COMPLETED',
    status: ['building hillslope inputs', 'running hillslopes', 'running watershed'],
    progress: ['Running hillslope 17 of 112', 'wepp watershed run completed in 12.4 s'],
  },
];

const RAP_TS: TaskDef = {
  func: 'fetch_and_analyze_rap_ts_rq',
  module: 'wepppy.rq.project_rq',
  channel: 'rap_ts',
  nodb: 'rap_ts.nodb',
  nodbClass: 'wepppy.nodb.mods.rap.rap_ts.RAP_TS',
  timestamps: ['build_rap_ts'],
  event: 'RAP_TS_TASK_COMPLETED',
  status: ['fetching RAP time series'],
  progress: ['RAP 1986-2023'],
};
const DEBRIS: TaskDef = {
  func: 'run_debris_flow_rq',
  module: 'wepppy.rq.project_rq',
  channel: 'debris_flow',
  nodb: 'debris_flow.nodb',
  nodbClass: 'wepppy.nodb.mods.debris_flow.DebrisFlow',
  timestamps: ['run_debris'],
  event: 'DEBRIS_FLOW_RUN_TASK_COMPLETED',
  status: ['computing debris flow volumes'],
  progress: ['Debris flow model: Gartner et al. (2014)'],
};
const OMNI: TaskDef = {
  func: 'run_omni_scenarios_rq',
  module: 'wepppy.rq.omni_rq',
  channel: 'omni',
  nodb: 'omni.nodb',
  nodbClass: 'wepppy.nodb.mods.omni.omni.Omni',
  timestamps: ['run_omni_scenarios'],
  event: 'OMNI_SCENARIO_RUN_TASK_COMPLETED',
  status: ['cloning scenario undisturbed', 'running scenario undisturbed'],
  progress: ['Omni scenario undisturbed: 112 hillslopes'],
};
const DSS: TaskDef = {
  func: 'post_dss_export_rq',
  module: 'wepppy.rq.wepp_rq',
  channel: 'wepp',
  nodb: 'wepp.nodb',
  nodbClass: 'wepppy.nodb.core.wepp.Wepp',
  timestamps: ['dss_export'],
  event: 'DSS_EXPORT_TASK_COMPLETED',
  status: ['exporting DSS'],
  progress: ['Wrote export/dss/totalwatsed3.dss'],
};
const ARCHIVE: TaskDef = {
  func: 'archive_rq',
  module: 'wepppy.rq.project_rq',
  channel: 'archive',
  nodb: 'ron.nodb',
  nodbClass: 'wepppy.nodb.core.ron.Ron',
  timestamps: [],
  event: 'ARCHIVE_COMPLETE',
  status: ['zipping run directory'],
  progress: ['Archived 1,204 files'],
};
const READONLY: TaskDef = {
  func: 'set_run_readonly_rq',
  module: 'wepppy.rq.project_rq',
  channel: 'command',
  nodb: 'ron.nodb',
  nodbClass: 'wepppy.nodb.core.ron.Ron',
  timestamps: ['set_readonly'],
  event: 'SET_READONLY_TASK_COMPLETED',
  status: ['building manifest.db'],
  progress: ['manifest: 1,204 files'],
};

// ------------------------------------------------------------------------------------------------
// Plumbing

class Aborted extends Error {}

function withDb(url: string, db: number): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

async function quitQuietly(r: Redis): Promise<void> {
  if (r.status === 'end' || r.status === 'wait') {
    r.disconnect();
    return;
  }
  await r.quit().catch(() => r.disconnect());
}

/** A FIFO mutex: the rq worker runs one job at a time. */
class Mutex {
  private tail: Promise<void> = Promise.resolve();
  async run<T>(fn: () => Promise<T>): Promise<T> {
    const prev = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((r) => (release = r));
    await prev;
    try {
      return await fn();
    } finally {
      release();
    }
  }
}

class Context {
  readonly names: Record<ServiceRole, string>;
  readonly web: Keyspace;
  readonly task: Keyspace;
  readonly report: WorkloadReport;
  private readonly raw = new Map<string, Redis>();
  readonly lockTtl: number;

  constructor(readonly options: WorkloadOptions) {
    this.names = { ...DEFAULT_CLIENT_NAMES, ...options.clientNames };
    this.web = createKeyspace({ url: options.redisUrl, redisOptions: { connectionName: this.names.weppcloud } });
    this.task = createKeyspace({ url: options.redisUrl, redisOptions: { connectionName: this.names['rq-worker'] } });
    const envTtl = Number(process.env.WEPPPY_LOCK_TTL_SECONDS);
    this.lockTtl = Number.isInteger(envTtl) && envTtl > 0 ? envTtl : 21600;
    this.report = {
      seed: options.seed ?? 1,
      runids: [],
      batchName: undefined,
      workers: [],
      lifecycles: 0,
      jobs: [],
      published: [],
      faults: [],
      clientNames: { ...this.names },
      aborted: false,
    };
  }

  /** A raw ioredis connection (for faults), named after the role that makes the mistake. */
  rawClient(role: ServiceRole, db: number): Redis {
    const id = `${role}/${db}`;
    let r = this.raw.get(id);
    if (!r) {
      r = new Redis(withDb(this.options.redisUrl, db), { connectionName: this.names[role], lazyConnect: true });
      this.raw.set(id, r);
    }
    return r;
  }

  checkAbort(): void {
    if (this.options.signal?.aborted) throw new Aborted('aborted');
  }

  async pause(): Promise<void> {
    this.checkAbort();
    const ms = this.options.stepDelayMs ?? 0;
    if (ms > 0) await new Promise((r) => setTimeout(r, ms));
    this.checkAbort();
  }

  emit(kind: WorkloadEvent['kind'], text: string, runid?: string): void {
    this.options.onEvent?.({ kind, text, ...(runid !== undefined ? { runid } : {}) });
  }

  async close(): Promise<void> {
    await Promise.all([this.web.quit(), this.task.quit(), ...[...this.raw.values()].map(quitQuietly)]);
    this.raw.clear();
  }
}

// ------------------------------------------------------------------------------------------------
// Status messages (published through the generated channel accessors)

function statusText(m: StatusChannelMessage | BatchChannelMessage): string {
  switch (m.name) {
    case 'started':
      return `rq:${m.job_id} STARTED ${m.func}(${m.args})`;
    case 'completed':
      return `rq:${m.job_id} COMPLETED ${m.func}(${m.args})`;
    case 'exception':
      return `rq:${m.job_id} EXCEPTION ${m.func}(${m.args})`;
    case 'enqueued_archive':
      return `rq:${m.job_id} ENQUEUED archive_rq(${m.runid})`;
    case 'status_line':
      return `rq:${m.job_id} STATUS ${m.text}`;
    case 'command_bar_result':
      return `rq:${m.job_id} COMMAND_BAR_RESULT ${m.text}`;
    case 'trigger':
      return `rq:${m.job_id} TRIGGER   ${m.controller} ${m.event}`;
    case 'progress':
      return m.text;
  }
}

async function publishStatus(ctx: Context, ks: Keyspace, runid: string, channel: string, m: StatusChannelMessage): Promise<void> {
  const receivers = await ks.channels.status.publish({ runid, channel }, m);
  const text = statusText(m);
  ctx.report.published.push({ channel: `${runid}:${channel}`, message: text, format: m.name, receivers });
  ctx.emit('publish', `${runid}:${channel} <- ${text}`, runid);
}

async function publishBatch(ctx: Context, ks: Keyspace, batchName: string, m: BatchChannelMessage): Promise<void> {
  const receivers = await ks.channels.batch.publish({ batch_name: batchName }, m);
  const text = statusText(m);
  ctx.report.published.push({ channel: `${batchName}:batch`, message: text, format: m.name, receivers });
  ctx.emit('publish', `${batchName}:batch <- ${text}`);
}

// ------------------------------------------------------------------------------------------------
// python-rq 1.13

interface Job {
  id: string;
  func: string;
  module: string;
  queue: RqQueue;
  runid: string;
  args: string;
  record: WorkloadJob;
}

function jobData(job: Job): Buffer {
  // (func_name, instance, args, kwargs), pickled with HIGHEST_PROTOCOL and zlib-compressed.
  return zlibCompress(pickleDumps(pyTuple(`${job.module}.${job.func}`, null, pyTuple(job.args), pyDict({})), 5));
}

/** `Queue.enqueue_call`: the job hash, then the queue (or the deferred registry when it must wait). */
async function enqueueJob(
  ctx: Context,
  ids: Ids,
  def: Pick<TaskDef, 'func' | 'module'>,
  runid: string,
  queue: RqQueue,
  dependsOn?: Job,
): Promise<Job> {
  const ks = ctx.web;
  const job: Job = {
    id: ids.uuid(),
    func: def.func,
    module: def.module,
    queue,
    runid,
    args: runid,
    record: { id: '', func: def.func, queue, runid, status: dependsOn ? 'deferred' : 'queued' },
  };
  job.record.id = job.id;
  const now = rqTimestamp();
  const fields: Partial<RqJobFields> = {
    status: dependsOn ? 'deferred' : 'queued',
    created_at: now,
    data: jobData(job),
    success_callback_name: '',
    failure_callback_name: '',
    started_at: '',
    ended_at: '',
    last_heartbeat: '',
    worker_name: '',
    origin: queue,
    description: `${def.module}.${def.func}('${runid}')`,
    timeout: queue === 'batch' ? 43200 : 216000,
    result_ttl: RESULT_TTL,
    meta: pickleDumps(pyDict({ runid }), 5),
  };
  if (dependsOn) {
    fields.dependency_id = dependsOn.id;
    fields.dependency_ids = [dependsOn.id];
    fields.allow_dependency_failures = false;
    fields.enqueue_at_front = false;
  } else fields.enqueued_at = now;
  await ks.rq.job({ id: job.id }).set(fields);
  if (dependsOn) {
    await ks.rq.deferredRegistry({ queue }).add(job.id, Date.now() / 1000);
    await ks.rq.jobDependents({ id: dependsOn.id }).add(job.id);
    await ks.rq.jobDependencies({ id: job.id }).add(dependsOn.id);
  } else {
    await ks.rq.queue({ queue }).push(job.id);
  }
  await ks.rq.queues().add(keys.rq.queue({ queue }));
  ctx.report.jobs.push(job.record);
  ctx.emit('job', `enqueued ${def.func} ${job.id} on ${queue}${dependsOn ? ` (deferred until ${dependsOn.id})` : ''}`, runid);
  return job;
}

/** `Job.cancel()`: status canceled, off the queue, into the canceled registry. */
async function cancelJob(ctx: Context, job: Job): Promise<void> {
  await ctx.web.rq.job({ id: job.id }).set({ status: 'canceled' });
  await ctx.web.rq.queue({ queue: job.queue }).remove(job.id);
  await ctx.web.rq.canceledRegistry({ queue: job.queue }).add(job.id, Date.now() / 1000);
  job.record.status = 'canceled';
  ctx.emit('job', `canceled ${job.func} ${job.id}`, job.runid);
}

class RqWorker {
  readonly ks: Keyspace;
  readonly key: string;
  private readonly mutex = new Mutex();
  private successful = 0;
  private failed = 0;
  private working = 0;
  private sub: { close(): Promise<void> } | undefined;

  constructor(
    private readonly ctx: Context,
    readonly name: string,
    readonly queue: RqQueue,
    readonly pid: number,
    readonly hostname: string,
    readonly withScheduler: boolean,
  ) {
    // python-rq names the worker's connection after the worker (CLIENT SETNAME <name>).
    this.ks = createKeyspace({ url: ctx.options.redisUrl, redisOptions: { connectionName: name } });
    this.key = keys.rq.worker({ name });
  }

  private get hash() {
    return this.ks.rq.worker({ name: this.name });
  }

  /** `register_birth`, plus the `rq:pubsub:<name>` subscription every worker holds. */
  async birth(): Promise<void> {
    const rq = this.ks.client('rq');
    await rq.ping();
    // rq reads its own address back from CLIENT LIST by the name it set.
    const list = String(await rq.client('LIST'));
    const line = list.split('\n').find((l) => new RegExp(`(?:^| )name=${this.name}(?: |$)`).test(l));
    const addr = /(?:^| )addr=(\S+)/.exec(line ?? '')?.[1] ?? 'unknown';
    const now = rqTimestamp();
    await this.hash.set({
      birth: now,
      last_heartbeat: now,
      queues: this.queue,
      pid: this.pid,
      hostname: this.hostname,
      ip_address: addr,
      version: '1.13.0',
      python_version: PYTHON_VERSION,
      state: 'started',
      successful_job_count: 0,
      failed_job_count: 0,
      total_working_time: 0,
    });
    await this.ks.rq.workers().add(this.key);
    await this.ks.rq.queueWorkers({ queue: this.queue }).add(this.key);
    await this.hash.set({ state: 'idle' });
    if (this.withScheduler) await this.ks.rq.schedulerLock({ queue: this.queue }).setIfAbsent(this.pid);
    this.sub = await this.ks.channels.rqWorkerCommands.subscribe({ name: this.name }, (parsed, raw) => {
      this.ctx.emit('worker', `${this.name} received ${parsed ? parsed.name : 'an unparseable'} command ${JSON.stringify(raw)}`);
    });
    this.ctx.emit('worker', `worker ${this.name} started on ${this.queue} (${addr})`);
  }

  /** Runs a job: prepare_for_execution, the task body, then success or failure handling. */
  execute(
    job: Job,
    body: (heartbeat: () => Promise<void>) => Promise<{ ok: true; value: PyValue } | { ok: false; traceback: string }>,
  ): Promise<boolean> {
    return this.mutex.run(async () => {
      this.ctx.checkAbort();
      const rq = this.ks.rq;
      const started = Date.now();
      await rq.queue({ queue: job.queue }).remove(job.id);
      await rq.cleanRegistriesLock({ queue: job.queue }).setIfAbsent('1');
      if (this.withScheduler) await rq.schedulerLock({ queue: job.queue }).set(this.pid);
      const now = rqTimestamp();
      await rq.job({ id: job.id }).set({ status: 'started', worker_name: this.name, started_at: now, last_heartbeat: now });
      await rq.startedRegistry({ queue: job.queue }).add(job.id, Date.now() / 1000 + 90);
      await this.hash.set({ state: 'busy', current_job: job.id, last_heartbeat: now, current_job_working_time: 0 });
      const heartbeat = async (): Promise<void> => {
        const t = rqTimestamp();
        await rq.job({ id: job.id }).set({ last_heartbeat: t });
        await rq.startedRegistry({ queue: job.queue }).add(job.id, Date.now() / 1000 + 90);
        await this.hash.set({ last_heartbeat: t, current_job_working_time: (Date.now() - started) / 1000 });
      };
      const outcome = await body(heartbeat);
      const ended = rqTimestamp();
      const seconds = (Date.now() - started) / 1000;
      await rq.startedRegistry({ queue: job.queue }).remove(job.id);
      if (outcome.ok) {
        await rq.job({ id: job.id }).set({ status: 'finished', ended_at: ended, last_heartbeat: ended });
        await rq.finishedRegistry({ queue: job.queue }).add(job.id, Date.now() / 1000 + RESULT_TTL);
        const result: { type: '1'; return_value?: string } = { type: '1' };
        if (outcome.value !== null) result.return_value = pickleDumps(outcome.value, 5).toString('base64');
        await rq.results({ id: job.id }).add(result, { maxLen: 10 });
        await this.enqueueDependents(job);
        this.successful++;
        job.record.status = 'finished';
      } else {
        await rq.job({ id: job.id }).set({ status: 'failed', ended_at: ended, last_heartbeat: ended });
        await rq.failedRegistry({ queue: job.queue }).add(job.id, Date.now() / 1000 + FAILURE_TTL);
        await rq.results({ id: job.id }).add({ type: '2', exc_string: zlibCompress(outcome.traceback).toString('base64') }, { maxLen: 10 });
        this.failed++;
        job.record.status = 'failed';
      }
      this.working += seconds;
      await this.hash.set({
        state: 'idle',
        last_heartbeat: rqTimestamp(),
        successful_job_count: this.successful,
        failed_job_count: this.failed,
        total_working_time: this.working,
      });
      await this.hash.deleteFields('current_job', 'current_job_working_time');
      this.ctx.emit('job', `${job.func} ${job.id} ${job.record.status} on ${this.name}`, job.runid);
      return outcome.ok;
    });
  }

  /** Moves the finished job's deferred dependents onto their queue, then drops the dependents set. */
  private async enqueueDependents(job: Job): Promise<void> {
    const rq = this.ks.rq;
    const dependents = await rq.jobDependents({ id: job.id }).members();
    for (const id of dependents) {
      const q = (await rq.job({ id }).get('origin')) ?? job.queue;
      await rq.deferredRegistry({ queue: q }).remove(id);
      await rq.job({ id }).set({ status: 'queued', enqueued_at: rqTimestamp() });
      await rq.queue({ queue: q }).push(id);
      const rec = this.ctx.report.jobs.find((j) => j.id === id);
      if (rec) rec.status = 'queued';
    }
    if (dependents.length > 0) await rq.jobDependents({ id: job.id }).delete();
  }

  /** Warm shutdown: `shutdown_requested_date`, then `register_death` (TTL 60). */
  async death(): Promise<void> {
    const now = rqTimestamp();
    await this.hash.set({ shutdown_requested_date: now });
    await this.hash.set({ death: now, state: 'idle' });
    await this.ks.client('rq').expire(this.key, WORKER_DEATH_TTL);
    await this.ks.rq.workers().remove(this.key);
    await this.ks.rq.queueWorkers({ queue: this.queue }).remove(this.key);
    if (this.withScheduler) await this.ks.rq.schedulerLock({ queue: this.queue }).delete();
    this.ctx.emit('worker', `worker ${this.name} stopped`);
  }

  /** Closes the worker's connections, its `rq:pubsub:<name>` subscription included. */
  async close(): Promise<void> {
    // ks.quit() closes the subscription too; closing it first would leave an ended client in the
    // pool, which quit() then disconnect()s again (arming a 2 s ioredis timer).
    this.sub = undefined;
    await this.ks.quit();
  }
}

class WorkerPool {
  private readonly next: Record<RqQueue, number> = { default: 0, batch: 0 };
  constructor(readonly workers: readonly RqWorker[]) {}
  /** Round-robin over the queue's workers (each runs one job at a time). */
  pick(queue: RqQueue): RqWorker {
    const mine = this.workers.filter((w) => w.queue === queue);
    const w = mine[this.next[queue] % mine.length]!;
    this.next[queue]++;
    return w;
  }
}

// ------------------------------------------------------------------------------------------------
// One run

interface RunFaults {
  counts: Map<Fault, number>;
}

class RunSim {
  readonly ids: Ids;
  readonly runid: string;
  readonly wd: string;
  readonly config: string;
  readonly queue: RqQueue;
  private readonly ownerSid: string;
  private readonly userId: string;
  private readonly csrf: string;
  private lastStamp = 0;
  /** Keys whose clean writes stop because a fault took them over (so the fault stays visible). */
  private loglevelTaken = false;
  private readmeTaken = false;
  /** Faults still to inject (they all go into the run's first lifecycle). */
  private readonly pending: Map<Fault, number>;
  private readonly flaskId: string;

  constructor(
    private readonly ctx: Context,
    private readonly pool: WorkerPool,
    readonly index: number,
    seed: number,
    readonly batchName: string | undefined,
    private readonly faults: RunFaults,
  ) {
    this.ids = new Ids(subSeed(seed, 1, index));
    const bare = runIdFor(this.ids, index);
    this.runid = fullRunId(bare, batchName);
    this.wd = batchName ? `/wc1/batch/${batchName}/runs/${bare}` : `/wc1/runs/${bare.slice(0, 2)}/${bare}`;
    this.config = CONFIGS[index % CONFIGS.length]!;
    this.queue = batchName ? 'batch' : 'default';
    this.ownerSid = this.ids.uuid();
    this.userId = String(this.ids.int(1, 4000));
    this.csrf = this.ids.hex(40);
    this.flaskId = this.ids.hex(128);
    this.pending = new Map(faults.counts);
  }

  private get web(): Keyspace {
    return this.ctx.web;
  }
  private get task(): Keyspace {
    return this.ctx.task;
  }
  private get prep() {
    return this.web.lock.run({ runid: this.runid });
  }

  /** Epoch seconds, strictly increasing per run so the preflight comparisons see an order. */
  private stamp(): number {
    this.lastStamp = Math.max(epochSeconds(), this.lastStamp + 1);
    return this.lastStamp;
  }

  /** How many times to inject a fault now; a fault is injected at its first opportunity only. */
  private takeFault(f: Fault): number {
    const n = this.pending.get(f) ?? 0;
    this.pending.delete(f);
    return n;
  }

  private planned(f: Fault): boolean {
    return (this.faults.counts.get(f) ?? 0) > 0;
  }

  private recordFault(f: Omit<InjectedFault, 'runid' | 'runIndex'>): void {
    this.ctx.report.faults.push({ ...f, runid: this.runid, runIndex: this.index });
    this.ctx.emit('fault', `${f.fault}: ${f.detail}`, this.runid);
  }

  // ------------------------------------------------------------ web side

  /** One web request: Flask-Session reads the session (sliding TTL) and writes it back with SETEX. */
  private async request<T>(what: string, fn: () => Promise<T>): Promise<T> {
    const session = this.web.session.flaskSession({ sid: this.ownerSid });
    await session.get();
    await this.getWd(this.web);
    const out = await fn();
    await session.set(
      pickleDumps(
        pyDict({ _permanent: true, _user_id: this.userId, _fresh: true, _id: this.flaskId, csrf_token: this.csrf, last_run: this.runid }),
      ),
    );
    this.ctx.emit('web', what, this.runid);
    return out;
  }

  /** Requests that never touch the session still store `{'_permanent': True}` (permanent sessions). */
  private async anonymousVisit(): Promise<void> {
    await this.web.session.flaskSession({ sid: this.ids.uuid() }).set(pickleDumps(pyDict({ _permanent: true })));
  }

  /** `get_wd(runid)`: the DB 11 cache, filled on a miss only (hits do not refresh the TTL). */
  private async getWd(ks: Keyspace): Promise<string> {
    const cache = ks.session.wd({ runid: this.runid });
    const hit = await cache.get();
    if (hit !== null) return hit;
    await cache.set(this.wd);
    return this.wd;
  }

  private nodbDoc(cls: string, relpath: string): string {
    const dir = relpath.includes('/') ? `${this.wd}/${relpath.slice(0, relpath.lastIndexOf('/'))}` : this.wd;
    return JSON.stringify({
      'py/object': cls,
      wd: dir,
      _config: `${this.config}.cfg`,
      _runid: this.runid,
      _nodb_version: 3,
      _logger: null,
      'py/state': { readonly: false, _locked: false, _updated: this.lastStamp },
    });
  }

  /** `NoDbBase.getInstance`: cache first, then disk (a miss fills the cache, SET EX 259200). */
  private async nodbGet(ks: Keyspace, cls: string, relpath: string): Promise<void> {
    const entry = ks.nodbCache.nodb({ nodb_path: `${this.wd}/${relpath}` });
    if ((await entry.get()) === null) await entry.set(this.nodbDoc(cls, relpath));
  }

  /** `with nodb.locked(): ...` then `dump_and_unlock()`. */
  private async nodbLocked(ks: Keyspace, w: RqWorker | undefined, cls: string, relpath: string, body: () => Promise<void>): Promise<void> {
    const lock = ks.lock.nodbLock({ runid: this.runid, relpath });
    const acquired = epochSeconds();
    const token = this.ids.uuidHex();
    const owner = w ? `${w.hostname}:${w.pid}` : `weppcloud1:${1000 + this.index}`;
    const got = await lock.setIfAbsent({
      token,
      owner,
      acquired_at: acquired,
      expires_at: acquired + this.ctx.lockTtl,
      ttl: this.ctx.lockTtl,
    });
    if (!got) throw new Error(`NoDbAlreadyLockedError: ${relpath} of ${this.runid} is locked`);
    const prep = ks.lock.run({ runid: this.runid });
    await prep.setLocked(relpath, true);
    try {
      await body();
      // dump(): the file first, then the cache mirror; the run hash records the change.
      await ks.nodbCache.nodb({ nodb_path: `${this.wd}/${relpath}` }).set(this.nodbDoc(cls, relpath));
      await prep.set({ last_modified: this.stamp() });
    } finally {
      const held = await lock.get();
      if (held && held.token === token) await lock.delete();
      await prep.setLocked(relpath, false);
    }
  }

  private async setLogLevel(level: LoglevelValue): Promise<void> {
    if (this.loglevelTaken) return;
    await this.request(`command bar: loglevel ${level}`, () => this.web.logLevel.loglevel({ runid: this.runid }).set(level));
  }

  private async createProject(): Promise<void> {
    await this.request('create project', async () => {
      await this.getWd(this.web);
      await this.prep.set({ 'attrs:loaded': true, 'attrs:sbs_required': this.index % 2 === 1, 'attrs:has_sbs': false });
      await this.prep.setTimestamps('project_init', this.stamp());
      await this.nodbLocked(this.web, undefined, 'wepppy.nodb.core.ron.Ron', 'ron.nodb', async () => undefined);
      if (this.index % 2 === 1) {
        await this.prep.set({ 'attrs:has_sbs': true });
        await this.prep.setTimestamps('init_sbs_map', this.stamp());
      }
    });
  }

  // ------------------------------------------------------------ README editor

  /** `Ron.name` / `Ron.scenario`, as the README blueprint copies them into the client hash. */
  private get ronName(): string {
    return this.index % 2 === 0
      ? `${this.runid
          .split(';;')
          .pop()!
          .replace(/-[0-9]+$/, '')
          .replace(/-/g, ' ')} fire`
      : '';
  }
  private get ronScenario(): string {
    return this.index % 3 === 0 ? 'Undisturbed' : '';
  }

  private async readmeOpen(uuid: string): Promise<void> {
    const lock = this.web.readme.editorLock({ runid: this.runid, config: this.config });
    const previous = await lock.get();
    const now = pythonUtcIso();
    await lock.set(uuid);
    const fields: Partial<EditorClientFields> = {
      runid: this.runid,
      config: this.config,
      uuid,
      status: 'active',
      ron_name: this.ronName,
      ron_scenario: this.ronScenario,
      updated_at: now,
      created_at: now,
    };
    await this.web.readme.editorClient({ runid: this.runid, config: this.config, uuid }).set(fields);
    if (previous !== null && previous !== uuid) {
      await this.web.readme
        .editorClient({ runid: this.runid, config: this.config, uuid: previous })
        .set({ status: 'stale', stale_at: now });
    }
  }

  private async readmeSave(uuid: string): Promise<boolean> {
    const lock = this.web.readme.editorLock({ runid: this.runid, config: this.config });
    const client = this.web.readme.editorClient({ runid: this.runid, config: this.config, uuid });
    const now = pythonUtcIso();
    if ((await lock.get()) !== uuid) {
      await client.set({ status: 'invalidated', invalidated_at: now });
      return false;
    }
    await lock.set(uuid);
    await client.set({ status: 'active', ron_name: this.ronName, ron_scenario: this.ronScenario, updated_at: now });
    return true;
  }

  private async readmeSession(): Promise<void> {
    if (this.readmeTaken) return;
    const a = this.ids.uuidHex();
    const b = this.ids.uuidHex();
    await this.request('open README editor (tab A)', () => this.readmeOpen(a));
    await this.ctx.pause();
    await this.request('save README (tab A)', () => this.readmeSave(a));
    await this.request('open README editor (tab B; A goes stale)', () => this.readmeOpen(b));
    await this.ctx.pause();
    await this.request('save README from stale tab A (invalidated)', () => this.readmeSave(a));
    await this.request('save README (tab B)', () => this.readmeSave(b));
  }

  // ------------------------------------------------------------ jobs

  private async enqueue(def: TaskDef, dependsOn?: Job): Promise<Job> {
    return this.request(`enqueue ${def.func}`, async () => {
      const job = await enqueueJob(this.ctx, this.ids, def, this.runid, this.queue, dependsOn);
      if (def.func === 'archive_rq') {
        await this.prep.set({ 'archive:job_id': job.id });
        await publishStatus(this.ctx, this.web, this.runid, 'archive', { name: 'enqueued_archive', job_id: job.id, runid: this.runid });
      } else await this.prep.setRq(def.func, job.id);
      return job;
    });
  }

  /** The job as the worker runs it: status messages, NoDb lock/cache, timestamps. */
  private async run(job: Job, def: TaskDef, opts: { fail?: boolean; scenario?: string } = {}): Promise<boolean> {
    const worker = this.pool.pick(job.queue);
    const ks = this.task;
    const short = { job_id: job.id, func: job.func, args: job.args };
    return worker.execute(job, async (heartbeat) => {
      await publishStatus(this.ctx, ks, this.runid, def.channel, { name: 'started', ...short });
      await this.getWd(ks);
      await this.injectPublishFaults(job, worker);
      await this.nodbGet(ks, def.nodbClass, def.nodb);
      await this.injectUnknownKey(def);
      let failed = false;
      await this.nodbLocked(ks, worker, def.nodbClass, def.nodb, async () => {
        for (const [i, line] of def.status.entries()) {
          await publishStatus(this.ctx, ks, this.runid, def.channel, { name: 'status_line', job_id: job.id, text: line });
          const progress = def.progress[i];
          if (progress) await publishStatus(this.ctx, ks, this.runid, def.channel, { name: 'progress', text: progress });
          await heartbeat();
          await this.ctx.pause();
        }
        if (opts.scenario) {
          const rel = `_pups/omni/scenarios/${opts.scenario}/wepp.nodb`;
          await this.nodbLocked(ks, worker, 'wepppy.nodb.core.wepp.Wepp', rel, async () => {
            await publishStatus(this.ctx, ks, this.runid, def.channel, {
              name: 'progress',
              text: `Scenario ${opts.scenario}: running WEPP`,
            });
          });
        }
        if (opts.fail) {
          failed = true;
          return;
        }
        const prep = ks.lock.run({ runid: this.runid });
        for (const t of def.timestamps) await prep.setTimestamps(t as Parameters<typeof prep.setTimestamps>[0], this.stamp());
      });
      if (failed) {
        await publishStatus(this.ctx, ks, this.runid, def.channel, { name: 'exception', ...short });
        return {
          ok: false,
          traceback: `Traceback (most recent call last):\n  File "/workdir/wepppy/${job.module.replace(/\./g, '/')}.py", line 214, in ${job.func}\nRuntimeError: ${def.func} failed for ${this.runid}\n`,
        };
      }
      const summary = job.func === 'run_wepp_rq' ? ` -> (True, ${(12 + this.ids.rand() * 5).toFixed(1)})` : '';
      // The template is `{func}({args})`: a summary after the call goes inside {args}, up to its final ')'.
      const args = summary ? `${job.args})${summary.slice(0, -1)}` : job.args;
      await publishStatus(this.ctx, ks, this.runid, def.channel, { name: 'completed', job_id: job.id, func: job.func, args });
      await publishStatus(this.ctx, ks, this.runid, def.channel, {
        name: 'trigger',
        job_id: job.id,
        controller: def.channel,
        event: def.event,
      });
      if (def.func === 'set_run_readonly_rq') {
        await publishStatus(this.ctx, ks, this.runid, 'command', {
          name: 'command_bar_result',
          job_id: job.id,
          text: 'manifest.db creation finished',
        });
      }
      return {
        ok: true,
        value: job.func === 'run_wepp_rq' ? pyTuple(true, pyFloat(12.4)) : job.func === 'archive_rq' ? `${this.wd}.zip` : null,
      };
    });
  }

  // ------------------------------------------------------------ faults (raw ioredis)

  private async injectPublishFaults(job: Job, worker: RqWorker): Promise<void> {
    for (let i = 0, n = this.takeFault('undeclared-channel'); i < n; i++) {
      // A misspelt channel: the space can never be part of a declared channel.
      const channel = `${this.runid}:wep p`;
      const message = `rq:${job.id} STATUS building hillslope inputs`;
      const r = this.ctx.rawClient('rq-worker', 2);
      await r.publish(channel, message);
      this.recordFault({
        fault: 'undeclared-channel',
        channel,
        message,
        command: ['PUBLISH', channel, message],
        detail: `PUBLISH on undeclared channel ${JSON.stringify(channel)}`,
      });
    }
    for (let i = 0, n = this.takeFault('malformed-message'); i < n; i++) {
      // The status channels accept any text (their free-text `progress` format), so no message on
      // them can be malformed. `rq:pubsub:<worker>` only declares JSON commands: a bare word is not.
      const channel = `rq:pubsub:${worker.name}`;
      const message = 'shutdown';
      const r = this.ctx.rawClient('weppcloud', 9);
      await r.publish(channel, message);
      this.recordFault({
        fault: 'malformed-message',
        channel,
        message,
        command: ['PUBLISH', channel, message],
        detail: `plain-text ${JSON.stringify(message)} on ${channel}, which declares only JSON commands`,
      });
    }
  }

  private async injectUnknownKey(def: TaskDef): Promise<void> {
    for (let i = 0, n = this.takeFault('unknown-key'); i < n; i++) {
      if (this.index % 2 === 0) {
        // The hand-made note's old NoDb cache key shape: <runid>:<filename>.
        const key = `${this.runid}:${def.nodb}`;
        const value = this.nodbDoc(def.nodbClass, def.nodb);
        await this.ctx.rawClient('rq-worker', 13).set(key, value, 'EX', 259200);
        this.recordFault({
          fault: 'unknown-key',
          db: 13,
          key,
          command: ['SET', key, '<jsonpickle>', 'EX', '259200'],
          detail: `NoDb cache entry under the old key shape ${key}`,
        });
      } else {
        // The queue the hand-made note names, which rq never uses.
        const key = 'rq:m4';
        const value = this.ids.uuid();
        await this.ctx.rawClient('weppcloud', 9).rpush(key, value);
        this.recordFault({
          fault: 'unknown-key',
          db: 9,
          key,
          command: ['RPUSH', key, value],
          detail: 'job id pushed onto the undeclared list rq:m4',
        });
      }
    }
  }

  private async injectWrongType(): Promise<void> {
    for (let i = 0, n = this.takeFault('wrong-type-write'); i < n; i++) {
      const key = keys.logLevel.loglevel({ runid: this.runid });
      await this.ctx.rawClient('weppcloud', 15).hset(key, 'level', '10');
      this.loglevelTaken = true;
      this.recordFault({
        fault: 'wrong-type-write',
        db: 15,
        key,
        command: ['HSET', key, 'level', '10'],
        detail: `HSET on ${key}, declared a string`,
      });
    }
  }

  private async injectBadValue(wrongTypeToo: boolean): Promise<void> {
    for (let i = 0, n = this.takeFault('bad-value'); i < n; i++) {
      if (!wrongTypeToo) {
        const key = keys.logLevel.loglevel({ runid: this.runid });
        await this.ctx.rawClient('weppcloud', 15).set(key, 'debug');
        this.loglevelTaken = true;
        this.recordFault({
          fault: 'bad-value',
          db: 15,
          key,
          command: ['SET', key, 'debug'],
          detail: `log level stored by name ('debug') instead of '10'`,
        });
      } else {
        // loglevel:<runid> is already the wrong type; the bad value goes into the run hash instead.
        const key = keys.lock.run({ runid: this.runid });
        await this.ctx.rawClient('weppcloud', 0).hset(key, 'attrs:sbs_required', 'True');
        this.recordFault({
          fault: 'bad-value',
          db: 0,
          key,
          command: ['HSET', key, 'attrs:sbs_required', 'True'],
          detail: `boolean stored as Python's str(True) ('True') instead of 'true'`,
        });
      }
    }
  }

  private async injectWriteWithoutTtl(): Promise<void> {
    for (let i = 0, n = this.takeFault('write-without-ttl'); i < n; i++) {
      const key = keys.readme.editorLock({ runid: this.runid, config: this.config });
      const value = this.ids.uuidHex();
      await this.ctx.rawClient('weppcloud', 14).set(key, value);
      this.readmeTaken = true;
      this.recordFault({
        fault: 'write-without-ttl',
        db: 14,
        key,
        command: ['SET', key, value],
        detail: `README editor lock written with plain SET (no EX 1800)`,
      });
    }
  }

  // ------------------------------------------------------------ lifecycle

  /** The batch runner's job (queue `batch`): it reports on `<batch_name>:batch` and queues the run. */
  private async batchRunner(batchName: string): Promise<void> {
    const ctx = this.ctx;
    const job = await enqueueJob(ctx, this.ids, { func: 'run_batch_rq', module: 'wepppy.rq.batch_rq' }, batchName, 'batch');
    await this.pool.pick('batch').execute(job, async () => {
      await publishBatch(ctx, this.task, batchName, { name: 'started', job_id: job.id, func: 'run_batch_rq', args: batchName });
      await publishBatch(ctx, this.task, batchName, { name: 'status_line', job_id: job.id, text: `enqueueing ${this.runid}` });
      await publishBatch(ctx, this.task, batchName, { name: 'trigger', job_id: job.id, controller: 'batch', event: 'BATCH_RUN_ENQUEUED' });
      await publishBatch(ctx, this.task, batchName, { name: 'completed', job_id: job.id, func: 'run_batch_rq', args: batchName });
      return { ok: true, value: null };
    });
  }

  async lifecycleOnce(iteration: number): Promise<void> {
    const ctx = this.ctx;
    ctx.emit('run', `lifecycle ${iteration + 1} of ${this.runid}`, this.runid);
    if (iteration === 0) {
      await this.injectWrongType();
      await this.createProject();
      await this.anonymousVisit();
    }
    await this.ctx.pause();
    await this.setLogLevel(this.ids.pick(LOG_LEVELS));
    await this.injectBadValue(this.planned('wrong-type-write'));
    await this.readmeSession();
    await this.injectWriteWithoutTtl();
    await this.anonymousVisit();

    if (this.batchName) await this.batchRunner(this.batchName);
    for (const def of PIPELINE) {
      const job = await this.enqueue(def);
      // The DSS export waits for the WEPP run (depends_on): deferred now, queued when WEPP ends.
      const dss = def.func === 'run_wepp_rq' ? await this.enqueue(DSS, job) : undefined;
      await this.ctx.pause();
      await this.run(job, def);
      if (dss) await this.run(dss, DSS);
    }
    // A RAP time series fetch the user cancels while it waits in the queue.
    if ((this.index === 0 && iteration === 0) || this.ids.chance(0.3)) {
      const job = await this.enqueue(RAP_TS);
      await this.request('cancel fetch_and_analyze_rap_ts_rq', () => cancelJob(ctx, job));
    }
    // Debris flow: fails sometimes (always the first time on run #0).
    if (this.index % 2 === 0 || this.ids.chance(0.5)) {
      const job = await this.enqueue(DEBRIS);
      const fail = (this.index === 0 && iteration === 0) || this.ids.chance(ctx.options.failureRate ?? 0.25);
      await this.run(job, DEBRIS, { fail });
    }
    // Omni scenarios (a child run under _pups/omni/scenarios/<name>).
    if (this.index % 3 === 0 || this.ids.chance(0.3)) {
      const job = await this.enqueue(OMNI);
      await this.run(job, OMNI, { scenario: this.ids.pick(['undisturbed', 'uniform_low', 'thinning']) });
    }
    const archive = await this.enqueue(ARCHIVE);
    if (await this.run(archive, ARCHIVE)) await this.request('archive finished', () => this.prep.deleteFields('archive:job_id'));
    const readonly = await this.enqueue(READONLY);
    await this.run(readonly, READONLY);
    if (this.batchName) {
      await publishBatch(ctx, this.task, this.batchName, { name: 'progress', text: `${this.runid}: all tasks completed` });
    }

    await this.setLogLevel('20');
    ctx.report.lifecycles++;
  }

  /** Last lifecycle done: some owners log out (Flask-Session deletes the emptied session). */
  async finish(): Promise<void> {
    if (this.index % 2 === 1) {
      await this.web.session.flaskSession({ sid: this.ownerSid }).delete();
      this.ctx.emit('web', 'logout', this.runid);
    }
  }
}

// ------------------------------------------------------------------------------------------------
// Entry point

function fullRunId(bare: string, batchName: string | undefined): string {
  return batchName ? `batch;;${batchName};;${bare}` : bare;
}

function planBatchName(seed: number, runs: number): string | undefined {
  const ids = new Ids(subSeed(seed, 0));
  return runs >= 3 ? `${ids.pick(['spring', 'summer', 'autumn'])}-burns-${ids.int(1, 99)}` : undefined;
}

/** The run ids (and batch name) a workload with these options will use, known before it starts. */
export function workloadRunIds(options: { seed?: number; runs?: number }): { runids: string[]; batchName: string | undefined } {
  const seed = options.seed ?? 1;
  const runs = options.runs ?? 3;
  const batchName = planBatchName(seed, runs);
  const runids = Array.from({ length: runs }, (_x, i) =>
    fullRunId(runIdFor(new Ids(subSeed(seed, 1, i)), i), i === 2 ? batchName : undefined),
  );
  return { runids, batchName };
}

function planFaults(options: WorkloadOptions, runs: number): RunFaults[] {
  const plans = Array.from({ length: runs }, () => ({ counts: new Map<Fault, number>() }));
  for (const f of options.faults ?? []) {
    const spec: FaultSpec = typeof f === 'string' ? { fault: f } : f;
    if (!(FAULTS as readonly string[]).includes(spec.fault)) throw new Error(`unknown fault ${JSON.stringify(spec.fault)}`);
    const targets = spec.runs ?? plans.map((_p, i) => i);
    for (const i of targets) {
      const plan = plans[i];
      if (!plan) throw new Error(`fault ${spec.fault}: run index ${i} out of range (runs: ${runs})`);
      plan.counts.set(spec.fault, (plan.counts.get(spec.fault) ?? 0) + (spec.perRun ?? 1));
    }
  }
  return plans;
}

/** Runs the workload to completion (or until `signal` aborts it) and reports what it did. */
export async function runWorkload(options: WorkloadOptions): Promise<WorkloadReport> {
  const seed = options.seed ?? 1;
  const runs = options.runs ?? 3;
  if (!Number.isInteger(runs) || runs < 1) throw new Error('runs must be a positive integer');
  const plans = planFaults(options, runs);
  const ctx = new Context(options);
  const ids = new Ids(subSeed(seed, 2));
  const batchName = planBatchName(seed, runs);
  ctx.report.batchName = batchName;

  const perQueue = options.workersPerQueue ?? 1;
  const workers: RqWorker[] = [];
  for (const queue of ['default', 'batch'] as const) {
    for (let i = 0; i < perQueue; i++) {
      workers.push(new RqWorker(ctx, ids.uuidHex(), queue, ids.int(100, 65000), `wepp${ids.int(1, 3)}.bearhive.duckdns.org`, i === 0));
    }
  }
  ctx.report.workers = workers.map((w) => w.name);
  const pool = new WorkerPool(workers);
  const sims = plans.map((plan, i) => new RunSim(ctx, pool, i, seed, i === 2 ? batchName : undefined, plan));
  ctx.report.runids = sims.map((s) => s.runid);

  const deadline = options.durationMs !== undefined ? Date.now() + options.durationMs : undefined;
  const iterations = options.iterations ?? 1;
  let failure: unknown;
  try {
    for (const w of workers) await w.birth();
    // Every run goes on until it is done (or stops at an abort); one run's failure does not cut the
    // others short, so no write is ever in flight when the connections close.
    const outcomes = await Promise.allSettled(
      sims.map(async (sim) => {
        for (let it = 0; deadline !== undefined ? it === 0 || Date.now() < deadline : it < iterations; it++) {
          await sim.lifecycleOnce(it);
        }
        await sim.finish();
      }),
    );
    for (const o of outcomes) {
      if (o.status === 'fulfilled') continue;
      if (o.reason instanceof Aborted) ctx.report.aborted = true;
      else failure ??= o.reason;
    }
  } catch (e) {
    if (e instanceof Aborted) ctx.report.aborted = true;
    else failure = e;
  }
  try {
    if (!options.keepWorkersAlive && failure === undefined) for (const w of workers) await w.death();
  } finally {
    await Promise.all(workers.map((w) => w.close()));
    await ctx.close();
  }
  if (failure !== undefined) throw failure;
  return ctx.report;
}
