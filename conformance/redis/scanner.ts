/**
 * The I/O half of the check: reads server facts and walks every database with bounded SCANs, fetching
 * TYPE and PTTL (and the hash field a TTL depends on) of every key in read-only scripts: on a standalone
 * server one `EVAL_RO` per page runs the SCAN and probes the keys it returned (SCAN_PROBE_SCRIPT);
 * where that is refused, separate SCANs and one `EVAL_RO` per page with the keys as KEYS[]
 * (PROBE_SCRIPT); where scripts are refused or on a cluster, pipelined per-key commands. Values are
 * sampled with bounded commands only. Nothing here writes: every command is in the read-only set (see
 * CHECKS.md, "Commands used").
 */
import { Redis, type RedisOptions } from 'ioredis';
import type { Spec } from '../../spec/index.ts';
import { classifyKey, type KeyRecord, type Sample } from '../judging/classify.ts';
import { matchKey, type CompiledDb, type CompiledKey, type CompiledSpec } from '../judging/compile.ts';
import { displayUrl, type Target } from './connection.ts';
import type { Collector } from '../findings/findings.ts';
import type { Fact, ServerFacts } from '../judging/server.ts';

export interface ScanOptions {
  /** SCAN COUNT hint (default 1000). */
  count?: number;
  /** Fraction of keys per pattern whose values are sampled (0..1, default 0.01). */
  sampleRate?: number;
  /** Keys per pattern always sampled before the rate applies (default 3). */
  minSamples?: number;
  /** Commands per second the check may send (default unlimited). Keys in a script count 2 (TYPE+PTTL). */
  maxOps?: number;
  /** Strings longer than this are not fetched (default 1 MB). */
  maxValueBytes?: number;
  /** Hash fields read per sampled hash (bounded HSCAN, default 1000). */
  maxHashFields?: number;
  /** Hashes and streams above this MEMORY USAGE estimate are not sampled (default 32 MB). */
  maxSampleBytes?: number;
  /** Databases scanned at once, one connection each (default 2). */
  concurrency?: number;
  /** `auto` (default): the EVAL_RO script, falling back to pipelines when it is refused or on a cluster. */
  batch?: 'auto' | 'script' | 'pipeline';
  onProgress?: (p: Progress) => void;
}

export interface Progress {
  scanned: number;
  total: number;
  db: number;
}

export class ConnectError extends Error {}

export function connectionOptions(t: Target, db = 0): RedisOptions {
  return {
    host: t.host,
    port: t.port,
    db,
    ...(t.username !== undefined ? { username: t.username } : {}),
    ...(t.password !== undefined ? { password: t.password } : {}),
    ...(t.tls ? { tls: {} } : {}),
    lazyConnect: true,
    enableReadyCheck: false,
    enableOfflineQueue: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 5000,
    autoResubscribe: false,
  };
}

export async function openConnection(t: Target, db = 0): Promise<Redis> {
  const conn = new Redis(connectionOptions(t, db));
  conn.on('error', () => {});
  try {
    await conn.connect();
    if (db !== 0) await conn.select(db);
  } catch (e) {
    conn.disconnect();
    throw new ConnectError(`cannot connect to ${t.display}: ${(e as Error).message}`);
  }
  return conn;
}

// ---------------------------------------------------------------------------------------------
// Server facts

export function parseInfo(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    if (!line || line.startsWith('#')) continue;
    const i = line.indexOf(':');
    if (i > 0) out.set(line.slice(0, i), line.slice(i + 1));
  }
  return out;
}

/** `dbN:keys=K,...` lines of INFO keyspace. */
export function keyspaceFromInfo(info: Map<string, string>): Map<number, number> {
  const out = new Map<number, number>();
  for (const [k, v] of info) {
    const m = /^db([0-9]+)$/.exec(k);
    const n = /keys=([0-9]+)/.exec(v);
    if (m && n) out.set(Number(m[1]), Number(n[1]));
  }
  return out;
}

function errText(e: unknown): string {
  return String((e as Error)?.message ?? e).split('\n')[0]!;
}

export interface ServerState {
  facts: ServerFacts;
  info?: Map<string, string>;
  cluster: boolean;
}

export async function readServer(conn: Redis, spec: Spec): Promise<ServerState> {
  let info: Map<string, string> | undefined;
  let infoError = '';
  try {
    info = parseInfo(String(await conn.info()));
  } catch (e) {
    infoError = errText(e);
  }
  let version: Fact | undefined;
  const v = info?.get('redis_version');
  if (v) version = { value: v, source: 'INFO' };
  else {
    // Behavioural probe: HELLO answers with the server version and needs no CONFIG or INFO rights.
    try {
      const hello = (await conn.call('HELLO')) as unknown[];
      const i = hello.findIndex((x) => String(x) === 'version');
      version =
        i >= 0 ? { value: String(hello[i + 1]), source: 'HELLO' } : { refused: `INFO refused (${infoError}); HELLO has no version` };
    } catch (e) {
      version = { refused: `INFO refused (${infoError}); HELLO refused (${errText(e)})` };
    }
  }
  const configGet = async (name: string): Promise<Fact> => {
    try {
      const r = (await conn.config('GET', name)) as string[];
      if (r.length >= 2) return { value: String(r[1]), source: 'CONFIG' };
      return { refused: `CONFIG GET ${name} returned nothing (unknown parameter)` };
    } catch (e) {
      return { refused: `CONFIG GET refused: ${errText(e)}` };
    }
  };
  const notify = await configGet('notify-keyspace-events');
  const config: Record<string, Fact> = {};
  for (const name of Object.keys(spec.server.config)) {
    const f = await configGet(name);
    if ('refused' in f) {
      // Probe: many parameters are mirrored in INFO (maxmemory-policy → maxmemory_policy).
      const fromInfo = info?.get(name.replace(/-/g, '_'));
      config[name] = fromInfo !== undefined ? { value: fromInfo, source: 'INFO' } : f;
    } else config[name] = f;
  }
  const cluster = info?.get('cluster_enabled') === '1';
  return { facts: { version, notify, config, cluster }, ...(info ? { info } : {}), cluster };
}

/** Databases and their sizes: INFO keyspace, else DBSIZE on each database CONFIG GET databases allows (16 by default). */
export async function discoverDatabases(conn: Redis, t: Target, state: ServerState): Promise<Map<number, number>> {
  if (state.info && [...state.info.keys()].some((k) => k === 'db0' || /^db[0-9]+$/.test(k))) return keyspaceFromInfo(state.info);
  if (state.info && state.info.has('redis_version')) return keyspaceFromInfo(state.info); // INFO works: no dbN lines means empty.
  let count = 16;
  try {
    const r = (await conn.config('GET', 'databases')) as string[];
    if (r.length >= 2) count = Number(r[1]) || 16;
  } catch {
    // keep 16
  }
  if (state.cluster) count = 1;
  const out = new Map<number, number>();
  for (let db = 0; db < count; db++) {
    const c = await openConnection(t, 0);
    try {
      await c.select(db);
      const n = await c.dbsize();
      if (n > 0) out.set(db, n);
    } catch {
      break;
    } finally {
      c.disconnect();
    }
  }
  return out;
}

/** Masters of a cluster, as `host:port` (CLUSTER SHARDS, else CLUSTER SLOTS). */
export async function clusterMasters(conn: Redis, t: Target): Promise<Target[]> {
  const slots = (await conn.call('CLUSTER', 'SLOTS')) as unknown[][];
  const seen = new Map<string, Target>();
  for (const range of slots) {
    const master = range[2] as unknown[];
    const host = String(master[0]) || t.host;
    const port = Number(master[1]);
    const k = `${host}:${port}`;
    if (!seen.has(k)) seen.set(k, { ...t, host, port, display: displayUrl({ ...t, host, port }) });
  }
  return [...seen.values()];
}

// ---------------------------------------------------------------------------------------------
// Rate limiting

export class RateLimiter {
  private tokens: number;
  private last = performance.now();
  constructor(private readonly perSecond: number) {
    this.tokens = Math.min(perSecond, 1000);
  }
  async take(n: number): Promise<void> {
    if (!Number.isFinite(this.perSecond) || this.perSecond <= 0) return;
    for (;;) {
      const now = performance.now();
      this.tokens = Math.min(this.perSecond, this.tokens + ((now - this.last) / 1000) * this.perSecond);
      this.last = now;
      if (this.tokens >= n || this.tokens >= this.perSecond) {
        this.tokens -= n;
        return;
      }
      await new Promise((r) => setTimeout(r, Math.max(1, ((n - this.tokens) / this.perSecond) * 1000)));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The per-page probe

/**
 * TYPE and PTTL of every key in KEYS, then for each (index, field) pair in ARGV the field's value when
 * that key is a hash (false otherwise), in ARGV order. Read-only: runnable with EVAL_RO by a user without
 * write rights. The HGET runs right after the key's TYPE and PTTL, while the key is still in the CPU
 * cache (a second pass over the keys cost ~0.1 us/key more on a WEPPcloud-shaped keyspace). (Building one
 * compact string in Lua instead of a reply array would save the client parsing but costs the server
 * ~0.5 us/key more, and the server is the bottleneck.)
 */
export const PROBE_SCRIPT = `local call = redis.call
local n = #KEYS
local want = {}
for j = 1, #ARGV, 2 do want[tonumber(ARGV[j])] = j end
local out = {}
local fields = {}
for i = 1, n do
  local k = KEYS[i]
  local t = call('TYPE', k)['ok']
  out[2 * i - 1] = t
  out[2 * i] = call('PTTL', k)
  local j = want[i]
  if j then
    local v = false
    if t == 'hash' then v = call('HGET', k, ARGV[j + 1]) end
    fields[(j + 1) / 2] = v
  end
end
for j = 1, #ARGV, 2 do
  if fields[(j + 1) / 2] == nil then
    local i = tonumber(ARGV[j])
    local v = false
    if out[2 * i - 1] == 'hash' then v = call('HGET', KEYS[i], ARGV[j + 1]) end
    fields[(j + 1) / 2] = v
  end
end
out[2 * n + 1] = fields
return out`;

/**
 * One SCAN page and the probe of its keys in one read-only call (standalone servers only: the keys are
 * not declared in KEYS, which a cluster would refuse; ACL key patterns still apply, since every
 * redis.call is checked). ARGV: cursor, COUNT, then (prefix, field) pairs, longest prefix first: a hash
 * whose name starts with a prefix gets that field read (HGET), atomically with its TYPE and PTTL.
 * Returns {next cursor, keys, {type, pttl per key}, {key index, field value, pair index per HGET}};
 * the usual types come back as small integers (TYPE_CODES), any other (a module type) as its name.
 *
 * Fusing saves the server the second parse of every key (EVAL arguments, KEYS table) and runs each
 * key's TYPE right after SCAN touched it, before another connection's page evicts it from the cache;
 * the client no longer re-encodes the keys either.
 */
export const SCAN_PROBE_SCRIPT = `local call = redis.call
local page = call('SCAN', ARGV[1], 'COUNT', ARGV[2])
local keys = page[2]
local code = {none = 0, string = 1, list = 2, set = 3, zset = 4, hash = 5, stream = 6}
local np = #ARGV
local out = {}
local fields = {}
local nf = 0
for i = 1, #keys do
  local k = keys[i]
  local t = call('TYPE', k)['ok']
  out[2 * i - 1] = code[t] or t
  out[2 * i] = call('PTTL', k)
  if np > 2 and t == 'hash' then
    for j = 3, np, 2 do
      local p = ARGV[j]
      if p == '' or string.sub(k, 1, #p) == p then
        fields[nf + 1] = i
        fields[nf + 2] = call('HGET', k, ARGV[j + 1]) or false
        fields[nf + 3] = (j - 1) / 2
        nf = nf + 3
        break
      end
    end
  end
end
return {page[1], keys, out, fields}`;

const TYPE_CODES = ['none', 'string', 'list', 'set', 'zset', 'hash', 'stream'];

/** Errors that mean "scripts (or this script) are not available here": fall back, don't fail. */
function scriptRefused(msg: string): boolean {
  return /NOPERM|unknown command|NOSCRIPT|not allowed|disabled|CROSSSLOT|MOVED|no permissions|Lua|script/i.test(msg);
}

interface Probed {
  type: string;
  pttl: number;
  field?: Buffer | string | null;
}

interface Pending {
  keys: Buffer[];
  names: string[];
  patterns: (CompiledKey | undefined)[];
  probed: Promise<Probed[]>;
}

type Judged = Omit<Pending, 'probed'> & { probed: Probed[] };

type PerDb = { scanned: number; vanished: number; unmatched: number };

const NONE = Buffer.from('');

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export interface ScanStats {
  scanned: number;
  matched: number;
  unmatched: number;
  vanished: number;
  sampled: number;
}

export class Scanner {
  readonly stats: ScanStats = { scanned: 0, matched: 0, unmatched: 0, vanished: 0, sampled: 0 };
  readonly perDb = new Map<number, PerDb>();
  private readonly limiter: RateLimiter;
  private readonly limited: boolean;
  private readonly sampleDecisions: Int32Array;
  private mode: 'script' | 'pipeline';
  /** Script mode on a standalone server: SCAN and the probe in one call (SCAN_PROBE_SCRIPT). */
  private fused: boolean;
  private readonly opts: Required<Omit<ScanOptions, 'onProgress' | 'maxOps'>> & Pick<ScanOptions, 'onProgress'>;
  total = 0;

  constructor(
    readonly compiled: CompiledSpec,
    readonly collector: Collector,
    options: ScanOptions = {},
    cluster = false,
  ) {
    this.opts = {
      count: options.count ?? 1000,
      sampleRate: options.sampleRate ?? 0.01,
      minSamples: options.minSamples ?? 3,
      maxValueBytes: options.maxValueBytes ?? 1024 * 1024,
      maxHashFields: options.maxHashFields ?? 1000,
      maxSampleBytes: options.maxSampleBytes ?? 32 * 1024 * 1024,
      concurrency: options.concurrency ?? 2,
      batch: options.batch ?? 'auto',
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    };
    this.limiter = new RateLimiter(options.maxOps ?? 0);
    this.limited = (options.maxOps ?? 0) > 0;
    this.sampleDecisions = new Int32Array(compiled.keys.length);
    this.mode = this.opts.batch === 'pipeline' || (this.opts.batch === 'auto' && cluster) ? 'pipeline' : 'script';
    this.fused = this.mode === 'script' && !cluster;
  }

  get batchMode(): 'script' | 'pipeline' {
    return this.mode;
  }

  private shouldSample(ck: CompiledKey, key: string): boolean {
    const rate = this.opts.sampleRate;
    if (this.sampleDecisions[ck.index]! < this.opts.minSamples) {
      this.sampleDecisions[ck.index]!++;
      return true;
    }
    if (rate >= 1) return true;
    if (rate <= 0) return false;
    return fnv1a(key) < rate * 0x100000000;
  }

  /**
   * Scans one declared database on its own connection (already SELECTed). On a standalone server each
   * request is one SCAN page plus the probe of its keys (SCAN_PROBE_SCRIPT); the next page is requested
   * as soon as a reply's cursor is known, before the client judges that page, so the server is never
   * waiting for the client (several databases are scanned at once to cover the round trip). When that
   * script is refused, the scan goes on from the same cursor with separate SCANs and per-page probes.
   */
  async scanDb(conn: Redis, db: CompiledDb): Promise<void> {
    const per: PerDb = { scanned: 0, vanished: 0, unmatched: 0 };
    this.perDb.set(db.index, per);
    const deferred: Promise<void>[] = [];
    try {
      let cursor: string | undefined = '0';
      if (this.fused) cursor = await this.scanFused(conn, db, per, deferred);
      if (cursor !== undefined) await this.scanPaged(conn, db, per, deferred, cursor);
      await Promise.all(deferred);
    } finally {
      // Never leave a rejected sample unobserved.
      await Promise.allSettled(deferred);
    }
  }

  /** (prefix, field) pairs for SCAN_PROBE_SCRIPT: every pattern of the database with a field-dependent TTL. */
  private ttlPrefixes(db: CompiledDb): string[] {
    const pairs = new Map<string, [string, string]>();
    for (const k of db.keys) if (k.ttlField) pairs.set(`${k.prefix}\0${k.ttlField}`, [k.prefix, k.ttlField]);
    return [...pairs.values()].sort((x, y) => y[0].length - x[0].length).flat();
  }

  /**
   * The fused loop. Returns undefined when the database is done, or the cursor to go on from when the
   * script is refused (nothing of that request was used, so no page is lost or judged twice).
   */
  private async scanFused(conn: Redis, db: CompiledDb, per: PerDb, deferred: Promise<void>[]): Promise<string | undefined> {
    const pairs = this.ttlPrefixes(db);
    const count = String(this.opts.count);
    const send = (cursor: string): Promise<unknown> => {
      const p = conn.callBuffer('EVAL_RO', SCAN_PROBE_SCRIPT, 0, cursor, count, ...pairs);
      p.catch(() => {});
      return p;
    };
    if (this.limited) await this.limiter.take(1);
    let sent = '0';
    let inflight = send(sent);
    for (;;) {
      let res: [Buffer, Buffer[], (number | Buffer)[], (number | Buffer | null)[]];
      try {
        res = (await inflight) as typeof res;
      } catch (e) {
        if (!scriptRefused(errText(e))) throw e;
        this.fused = false;
        return sent;
      }
      const next = res[0].toString();
      const keys = res[1];
      // The probes just done (2 per key) and the next SCAN.
      if (this.limited) await this.limiter.take(keys.length * 2 + (next !== '0' ? 1 : 0));
      if (next !== '0') inflight = send(next);
      if (keys.length) await this.finishFused(conn, db, per, deferred, keys, res[2], res[3], pairs);
      if (next === '0') return undefined;
      sent = next;
    }
  }

  private async finishFused(
    conn: Redis,
    db: CompiledDb,
    per: PerDb,
    deferred: Promise<void>[],
    keys: Buffer[],
    flat: (number | Buffer)[],
    fields: (number | Buffer | null)[],
    pairs: string[],
  ): Promise<void> {
    const n = keys.length;
    const names = new Array<string>(n);
    const patterns = new Array<CompiledKey | undefined>(n);
    const probed = new Array<Probed>(n);
    for (let i = 0; i < n; i++) {
      names[i] = keys[i]!.toString('utf8');
      patterns[i] = matchKey(db, names[i]!);
      const t = flat[2 * i]!;
      probed[i] = { type: typeof t === 'number' ? (TYPE_CODES[t] ?? String(t)) : t.toString(), pttl: flat[2 * i + 1] as number };
    }
    for (let j = 0; j + 2 < fields.length; j += 3) {
      const i = (fields[j] as number) - 1;
      const want = patterns[i]?.ttlField;
      if (want !== undefined && pairs[2 * ((fields[j + 2] as number) - 1) + 1] === want) probed[i]!.field = fields[j + 1] as Buffer | null;
    }
    // A hash whose TTL depends on a field the script did not read (another pattern's longer prefix
    // matched first): read its TYPE, PTTL and field again, atomically, and judge on that read.
    let again: number[] | undefined;
    for (let i = 0; i < n; i++)
      if (patterns[i]?.ttlField && probed[i]!.type === 'hash' && probed[i]!.field === undefined) (again ??= []).push(i);
    if (again) {
      if (this.limited) await this.limiter.take(again.length * 3);
      const idx = again;
      const res = await this.probe(
        conn,
        idx.map((i) => keys[i]!),
        idx.map((i) => patterns[i]),
        idx.flatMap((i, j) => [String(j + 1), patterns[i]!.ttlField!]),
      );
      idx.forEach((i, j) => (probed[i] = res[j]!));
    }
    await this.finishPage(conn, db, { keys, names, patterns, probed }, per, deferred);
  }

  /** Separate SCANs and per-page probes (pipelines, a cluster, or the script without SCAN inside). */
  private async scanPaged(conn: Redis, db: CompiledDb, per: PerDb, deferred: Promise<void>[], from: string): Promise<void> {
    if (this.limited) await this.limiter.take(1);
    let scan = conn.scanBuffer(from, 'COUNT', this.opts.count);
    let prev: Pending | undefined;
    try {
      for (;;) {
        const [next, keys] = await scan;
        const cursor = next.toString();
        let cur: Pending | undefined;
        if (keys.length) {
          if (this.limited) await this.limiter.take(keys.length * 2);
          cur = this.startPage(conn, db, keys);
        }
        if (cursor !== '0') {
          if (this.limited) await this.limiter.take(1);
          scan = conn.scanBuffer(cursor, 'COUNT', this.opts.count);
          scan.catch(() => {});
        }
        if (prev) await this.finishPage(conn, db, { ...prev, probed: await prev.probed }, per, deferred);
        prev = cur;
        if (cursor === '0') break;
      }
      if (prev) await this.finishPage(conn, db, { ...prev, probed: await prev.probed }, per, deferred);
      prev = undefined;
    } finally {
      // Never leave a rejected probe unobserved.
      if (prev) await Promise.allSettled([prev.probed]);
    }
  }

  private startPage(conn: Redis, db: CompiledDb, keys: Buffer[]): Pending {
    const names = new Array<string>(keys.length);
    const args = new Array<string | Buffer>(keys.length);
    const patterns = new Array<CompiledKey | undefined>(keys.length);
    const fieldArgs: (string | Buffer)[] = [];
    for (let i = 0; i < keys.length; i++) {
      const name = keys[i]!.toString('utf8');
      names[i] = name;
      // Strings keep ioredis on its fast all-string encoding; only a key that is not valid UTF-8 is
      // sent as its raw bytes (a lossy name would read as vanished).
      args[i] = name.includes('\uFFFD') ? keys[i]! : name;
      const p = matchKey(db, name);
      patterns[i] = p;
      if (p?.ttlField) fieldArgs.push(String(i + 1), p.ttlField);
    }
    const probed = this.probe(conn, args, patterns, fieldArgs);
    probed.catch(() => {});
    return { keys, names, patterns, probed };
  }

  private async finishPage(conn: Redis, db: CompiledDb, page: Judged, per: PerDb, deferred: Promise<void>[]): Promise<void> {
    const { keys, names, patterns, probed } = page;
    // Values of matched keys of the declared type are sampled without holding up the scan: those
    // keys are judged when their samples arrive.
    let toSample: number[] | undefined;
    for (let i = 0; i < keys.length; i++) {
      const p = patterns[i];
      const r = probed[i]!;
      if (p && r.type === p.key.type && r.pttl !== -2 && this.shouldSample(p, names[i]!)) (toSample ??= []).push(i);
      else this.judge(db, per, names[i]!, r, p, undefined);
    }
    if (toSample) {
      const idx = toSample;
      const task = this.sample(conn, keys, idx, probed, patterns).then((samples) => {
        for (const i of idx) this.judge(db, per, names[i]!, probed[i]!, patterns[i], samples.get(i));
      });
      task.catch(() => {});
      deferred.push(task);
      if (deferred.length > 8) await deferred.shift();
    }
    this.opts.onProgress?.({ scanned: this.stats.scanned, total: this.total, db: db.index });
  }

  private judge(db: CompiledDb, per: PerDb, name: string, r: Probed, pattern: CompiledKey | undefined, sample: Sample | undefined): void {
    per.scanned++;
    this.stats.scanned++;
    const rec: KeyRecord = { key: name, type: r.type, pttl: r.pttl };
    if (r.field !== undefined) rec.ttlFieldValue = r.field === null ? null : r.field.toString();
    if (sample) rec.sample = sample;
    const c = classifyKey(db, rec, pattern ?? null);
    if (c.kind === 'vanished') {
      this.stats.vanished++;
      per.vanished++;
    } else if (c.kind === 'unmatched') {
      this.stats.unmatched++;
      per.unmatched++;
      this.collector.unmatched(db.index, name, c.problems[0]!);
    } else {
      this.stats.matched++;
      if (sample) this.stats.sampled++;
      this.collector.matched(c.pattern, name, sample !== undefined, c.problems);
    }
  }

  private async probe(
    conn: Redis,
    keys: (string | Buffer)[],
    patterns: (CompiledKey | undefined)[],
    fieldArgs: (string | Buffer)[],
  ): Promise<Probed[]> {
    if (this.mode === 'script') {
      try {
        const res = (await conn.call('EVAL_RO', PROBE_SCRIPT, keys.length, ...keys, ...fieldArgs)) as unknown[];
        const n = keys.length;
        const out = new Array<Probed>(n);
        for (let i = 0; i < n; i++) out[i] = { type: res[2 * i] as string, pttl: res[2 * i + 1] as number };
        if (fieldArgs.length) {
          const fields = (res[2 * n] ?? []) as (string | null)[];
          let j = 0;
          for (let i = 0; i < keys.length; i++) if (patterns[i]?.ttlField) out[i]!.field = fields[j++] ?? null;
        }
        return out;
      } catch (e) {
        const msg = errText(e);
        if (this.opts.batch === 'script' || !scriptRefused(msg)) throw e;
        // Scripts are refused (ACL, an old server, or a proxy): fall back to per-key pipelines for good.
        this.mode = 'pipeline';
      }
    }
    const pl = conn.pipeline();
    keys.forEach((k, i) => {
      pl.type(k);
      pl.pttl(k);
      const f = patterns[i]?.ttlField;
      if (f) pl.hgetBuffer(k, f);
    });
    const res = (await pl.exec()) ?? [];
    const out: Probed[] = [];
    let j = 0;
    keys.forEach((_k, i) => {
      const [te, t] = res[j++] ?? [];
      const [pe, p] = res[j++] ?? [];
      if (te || pe) throw te ?? pe;
      const r: Probed = { type: String(t), pttl: Number(p) };
      if (patterns[i]?.ttlField) {
        const [fe, f] = res[j++] ?? [];
        // WRONGTYPE: not a hash (any more); the type check reports it.
        r.field = fe ? null : ((f as Buffer | null) ?? null);
      }
      out.push(r);
    });
    return out;
  }

  /** Fetches bounded samples; keys that vanish or change type meanwhile are simply not sampled. */
  private async sample(
    conn: Redis,
    keys: Buffer[],
    idx: number[],
    probed: Probed[],
    patterns: (CompiledKey | undefined)[],
  ): Promise<Map<number, Sample>> {
    const out = new Map<number, Sample>();
    // Round 1: size guards (STRLEN, MEMORY USAGE) and the samples that are bounded by themselves.
    await this.limiter.take(idx.length);
    const pl = conn.pipeline();
    for (const i of idx) {
      const k = keys[i]!;
      switch (probed[i]!.type) {
        case 'string':
          pl.strlen(k);
          break;
        case 'hash':
        case 'stream':
          pl.call('MEMORY', 'USAGE', k, 'SAMPLES', '5');
          break;
        case 'list':
          pl.lrangeBuffer(k, 0, 9);
          break;
        case 'set':
          pl.sscanBuffer(k, 0, 'COUNT', 10);
          break;
        case 'zset':
          pl.zrangeBuffer(k, 0, 9, 'WITHSCORES');
          break;
      }
    }
    const res = (await pl.exec()) ?? [];
    const second: number[] = [];
    idx.forEach((i, n) => {
      const [err, val] = res[n] ?? [];
      const type = probed[i]!.type;
      if (type === 'hash' || type === 'stream') {
        // MEMORY USAGE refused (ACL): sample without the guard; nil: the key is gone.
        if (err) second.push(i);
        else if (val === null || val === undefined) return;
        else if (Number(val) > this.opts.maxSampleBytes) out.set(i, { type, tooLarge: Number(val) });
        else second.push(i);
        return;
      }
      if (err) return; // vanished / changed type: not sampled
      switch (type) {
        case 'string': {
          const len = Number(val);
          if (len > this.opts.maxValueBytes) out.set(i, { type: 'string', tooLarge: len });
          else second.push(i);
          break;
        }
        case 'list':
          out.set(i, { type: 'list', members: val as Buffer[] });
          break;
        case 'set': {
          const [, members] = val as [Buffer, Buffer[]];
          out.set(i, { type: 'set', members });
          break;
        }
        case 'zset': {
          const flat = val as Buffer[];
          const members: Buffer[] = [];
          const scores: string[] = [];
          for (let j = 0; j + 1 < flat.length; j += 2) {
            members.push(flat[j]!);
            scores.push(flat[j + 1]!.toString());
          }
          out.set(i, { type: 'zset', members, scores });
          break;
        }
      }
    });
    // Round 2: strings under the guard, the first HSCAN page, stream entries.
    const hashes: { i: number; cursor: string; fields: [string, Buffer][] }[] = [];
    if (second.length) {
      await this.limiter.take(second.length);
      const pl2 = conn.pipeline();
      for (const i of second) {
        const k = keys[i]!;
        const type = probed[i]!.type;
        if (type === 'string') pl2.getBuffer(k);
        else if (type === 'hash') pl2.hscanBuffer(k, 0, 'COUNT', 100);
        else pl2.xrangeBuffer(k, '-', '+', 'COUNT', 5);
      }
      const r2 = (await pl2.exec()) ?? [];
      second.forEach((i, n) => {
        const [err, val] = r2[n] ?? [];
        if (err || val === null || val === undefined) return;
        const type = probed[i]!.type;
        if (type === 'string') out.set(i, { type: 'string', value: val as Buffer });
        else if (type === 'hash') {
          const [cursor, flat] = val as [Buffer, Buffer[]];
          hashes.push({ i, cursor: cursor.toString(), fields: pairs(flat) });
        } else {
          const entries = (val as [Buffer, Buffer[]][]).map(([id, flat]) => ({ id: id.toString(), fields: pairs(flat) }));
          if (entries.length) out.set(i, { type: 'stream', entries });
        }
      });
    }
    for (const h of hashes) {
      let cursor = h.cursor;
      while (cursor !== '0' && h.fields.length < this.opts.maxHashFields) {
        await this.limiter.take(1);
        try {
          const [c, flat] = await conn.hscanBuffer(keys[h.i]!, cursor, 'COUNT', 100);
          cursor = c.toString();
          h.fields.push(...pairs(flat));
        } catch {
          cursor = 'gone';
          break;
        }
      }
      if (cursor === 'gone') continue;
      if (h.fields.length === 0) continue; // vanished meanwhile
      const complete = cursor === '0';
      // HSCAN may repeat a field; keep the first.
      const seen = new Set<string>();
      const fields = h.fields.filter(([f]) => (seen.has(f) ? false : (seen.add(f), true)));
      if (complete) {
        out.set(h.i, { type: 'hash', fields, complete: true });
      } else {
        const required = patterns[h.i]!.fields.requiredLiteral;
        let present: Set<string> | undefined;
        if (required.length) {
          // HEXISTS, not HMGET: presence only, never the (possibly big) values.
          await this.limiter.take(required.length);
          const px = conn.pipeline();
          for (const f of required) px.hexists(keys[h.i]!, f);
          const vals = await px.exec().catch(() => null);
          if (vals && vals.every(([e]) => !e)) present = new Set(required.filter((_f, n) => vals[n]![1] === 1));
        }
        out.set(h.i, { type: 'hash', fields, complete: false, ...(present ? { present } : {}) });
      }
    }
    return out;
  }
}

function pairs(flat: Buffer[]): [string, Buffer][] {
  const out: [string, Buffer][] = [];
  for (let j = 0; j + 1 < flat.length; j += 2) out.push([flat[j]!.toString('utf8'), flat[j + 1] ?? NONE]);
  return out;
}

/** First keys of a database (bounded SCAN) for the `db.undeclared` examples. */
export async function firstKeys(conn: Redis, limit = 3): Promise<string[]> {
  const out: string[] = [];
  let cursor = '0';
  let rounds = 0;
  do {
    const [next, keys] = await conn.scan(cursor, 'COUNT', 100);
    cursor = next;
    for (const k of keys) if (out.length < limit && !out.includes(k)) out.push(k);
  } while (cursor !== '0' && out.length < limit && ++rounds < 10);
  return out;
}
