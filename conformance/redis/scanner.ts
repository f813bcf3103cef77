/**
 * The scan: walks one declared database with bounded SCANs, fetching TYPE and PTTL (and the hash field a
 * TTL depends on) of every key in read-only scripts: on a standalone server one `EVAL_RO` per page runs
 * the SCAN and probes the keys it returned within a time budget (lua/scan-page-within-budget.lua; page
 * sizes adapt to that budget and to a bound on key-name bytes, page-size.ts); where that is refused, separate
 * SCANs and one `EVAL_RO` per page with the keys as KEYS[] (lua/probe-keys.lua, key-probe.ts); where
 * scripts are refused or on a cluster, pipelined per-key commands. Every key is judged on what was read
 * for it (judging/classify.ts); the values of a share of the keys, chosen by a seeded hash of the key
 * name (the same keyspace gives the same sample every run), are read too (sampler.ts) and judged.
 * Nothing here writes: every command is in the read-only set (see CHECKS.md, "Commands used").
 */
import type { Redis } from 'ioredis';
import { ttlProblem } from '../../spec/language/ttl-policy.ts';
import { classifyKey, type KeyRecord, type Problem, type Sample } from '../judging/classify.ts';
import { hasRefs } from '../judging/key-refs.ts';
import { matchKey, type CompiledDb, type CompiledKey, type CompiledSpec } from '../judging/compile.ts';
import type { Collector } from '../findings/collector.ts';
import { escapeKeyBytes, isLossy } from '../findings/key-bytes.ts';
import { errText, scriptRefused } from './errors.ts';
import type { SlotLedger } from './cluster-slots.ts';
import { KeyProber, type Probed } from './key-probe.ts';
import { SCAN_PAGE_WITHIN_BUDGET, TYPE_CODES } from './lua.ts';
import { PageSizer, type PageBudget } from './page-size.ts';
import { RateLimiter } from './rate-limiter.ts';
import { danglingRefs } from './ref-lookup.ts';
import { sampleValues, type SampleLimits } from './sampler.ts';

/** How the scan runs, every value resolved (check/plan.ts fills the defaults). */
export interface ScanLimits extends SampleLimits {
  /** SCAN COUNT hint. */
  count: number;
  /** Fraction of keys per pattern whose values are sampled (0..1). */
  sampleRate: number;
  /**
   * Keys per pattern always sampled: the ones with the lowest sample hashes (so the same keys every run,
   * whatever the SCAN order), when the rate picks fewer.
   */
  minSamples: number;
  /** Seed of the sample hash (`--sample-seed`, default 0): the same seed and keyspace give the same sample. */
  sampleSeed?: number;
  /** Commands per second the scan may send (0: unlimited). Keys in a script count 2 (TYPE+PTTL). */
  maxOps: number;
  /** `auto`: the EVAL_RO script, falling back to pipelines when it is refused or on a cluster. */
  batch: 'auto' | 'script' | 'pipeline';
  /** Server time one call may take, in microseconds (`--page-budget-ms`, default 5 ms). */
  pageBudgetUs: number;
  /** Key-name bytes one page may carry (default 1 MiB). */
  pageNameBytes: number;
}

export interface Progress {
  scanned: number;
  total: number;
  db: number;
}

interface Pending {
  keys: Buffer[];
  names: string[];
  patterns: (CompiledKey | undefined)[];
  probed: Promise<Probed[]>;
}

type Judged = Omit<Pending, 'probed'> & { probed: Probed[] };

/** SCAN_PAGE_WITHIN_BUDGET's reply: next cursor, keys, packed probes, HGETs, module types, server µs. */
type FusedReply = [Buffer, Buffer[], number[], (number | Buffer | null)[], (number | Buffer)[], number];

export type PerDb = { scanned: number; vanished: number; unmatched: number };

/** A key the rate did not pick, held back (judged later) in case it is among a pattern's `minSamples` lowest hashes. */
interface Candidate {
  hash: number;
  key: Buffer;
  name: string;
  probed: Probed;
  pattern: CompiledKey;
}

/** One scanDb call's sampling state (per call, so cluster nodes scanning the same database never mix). */
interface DbScan extends PerDb {
  db: CompiledDb;
  /** The node scanned (`host:port`; '' on a standalone server). */
  node: string;
  /** Keys the rate picked, per pattern index. */
  picked: Map<number, number>;
  /** Per pattern index: up to `minSamples` unpicked keys with the lowest hashes, ascending. */
  held: Map<number, Candidate[]>;
}

const NO_PROBLEMS: readonly never[] = [];

/** A packed probe ((PTTL + 2) * 8 + type code) as type and PTTL. */
function unpack(packed: number): Probed {
  const code = packed % 8;
  return { type: TYPE_CODES[code] ?? 'other', pttl: (packed - code) / 8 - 2 };
}

/** FNV-1a of the key's UTF-16 code units, seeded, with a final avalanche so nearby names spread. */
export function sampleHash(key: string, seed = 0): number {
  let h = (0x811c9dc5 ^ Math.imul(seed | 0, 0x9e3779b1)) >>> 0;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
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
  /** Every scanDb call's tallies (one per database per node). */
  private readonly scans: DbScan[] = [];
  /**
   * On a cluster: the keys counted so far, so that a key returned by two nodes (it migrated during the
   * scan) is counted once, and the slots to settle after the node scans (cluster-slots.ts).
   */
  ledger: SlotLedger | undefined;
  /** The server has hash-field expiration (HTTL): sampled hashes get their field TTLs judged. */
  fieldTtls = false;
  private readonly limiter: RateLimiter;
  /** Whether each database has `ref:` formats (decided once). */
  private readonly refDbs = new Map<CompiledDb, boolean>();
  private readonly limited: boolean;
  private readonly prober: KeyProber;
  /** Script mode on a standalone server: SCAN and the probe in one call (scan-page-within-budget.lua). */
  private fused: boolean;
  total = 0;

  constructor(
    readonly compiled: CompiledSpec,
    readonly collector: Collector,
    private readonly opts: ScanLimits,
    cluster: boolean,
    private readonly onProgress?: (p: Progress) => void,
  ) {
    this.limiter = new RateLimiter(opts.maxOps);
    this.limited = opts.maxOps > 0;
    const mode = opts.batch === 'pipeline' || (opts.batch === 'auto' && cluster) ? 'pipeline' : 'script';
    this.prober = new KeyProber(mode, opts.batch === 'script');
    this.fused = mode === 'script' && !cluster;
  }

  /** Keys per database, summed over the nodes. */
  get perDb(): Map<number, PerDb> {
    const out = new Map<number, PerDb>();
    for (const s of this.scans) {
      const d = out.get(s.db.index) ?? { scanned: 0, vanished: 0, unmatched: 0 };
      d.scanned += s.scanned;
      d.vanished += s.vanished;
      d.unmatched += s.unmatched;
      out.set(s.db.index, d);
    }
    return out;
  }

  /** Keys per node (`host:port`), summed over its databases. */
  get perNode(): Map<string, PerDb> {
    const out = new Map<string, PerDb>();
    for (const s of this.scans) {
      const d = out.get(s.node) ?? { scanned: 0, vanished: 0, unmatched: 0 };
      d.scanned += s.scanned;
      d.vanished += s.vanished;
      d.unmatched += s.unmatched;
      out.set(s.node, d);
    }
    return out;
  }

  private newScan(db: CompiledDb, node: string): DbScan {
    const per: DbScan = { scanned: 0, vanished: 0, unmatched: 0, db, node, picked: new Map(), held: new Map() };
    this.scans.push(per);
    return per;
  }

  /**
   * Judges the given keys of one database on `conn` (the settle pass of a cluster scan: the keys
   * CLUSTER GETKEYSINSLOT returned for a slot that moved), those not counted yet, in pages.
   */
  async scanKeys(conn: Redis, db: CompiledDb, keys: Buffer[], node = ''): Promise<void> {
    const sizer = new PageSizer(this.pageBudget());
    await this.scanning(conn, db, node, async (per, deferred) => {
      for (let i = 0; i < keys.length; i += this.opts.count) {
        const page = keys.slice(i, i + this.opts.count);
        if (this.limited) await this.limiter.take(page.length * 2);
        const p = this.startPage(conn, db, page, sizer);
        await this.finishPage(conn, db, { ...p, probed: await p.probed }, per, deferred);
      }
    });
  }

  private pageBudget(): PageBudget {
    return { count: this.opts.count, budgetUs: this.opts.pageBudgetUs, nameBytes: this.opts.pageNameBytes };
  }

  /**
   * Sampling decides only what is read beyond TYPE/PTTL (and the TTL-deciding field), and by the key
   * name alone: a key is sampled when its seeded hash is below the rate, or when it is among its
   * pattern's `minSamples` lowest hashes (held back until the database is scanned). `sample`: sample it
   * now; `now`: judge it now, unsampled; `held`: held back (judged later).
   */
  private decide(scan: DbScan, name: string, key: Buffer, ck: CompiledKey, probed: Probed): 'sample' | 'now' | 'held' {
    const rate = this.opts.sampleRate;
    if (rate <= 0 && this.opts.minSamples <= 0) return 'now';
    const hash = sampleHash(name, this.opts.sampleSeed ?? 0);
    if (rate >= 1 || (rate > 0 && hash < rate * 0x100000000)) {
      scan.picked.set(ck.index, (scan.picked.get(ck.index) ?? 0) + 1);
      return 'sample';
    }
    const k = this.opts.minSamples;
    if (k <= 0) return 'now';
    let held = scan.held.get(ck.index);
    if (!held) scan.held.set(ck.index, (held = []));
    if (held.length >= k && hash >= held[held.length - 1]!.hash) return 'now';
    if (held.some((c) => c.name === name)) return 'now'; // SCAN returned it twice: judged (and deduplicated) as usual
    const c: Candidate = { hash, key, name, probed, pattern: ck };
    held.push(c);
    held.sort((a, b) => a.hash - b.hash || (a.name < b.name ? -1 : 1));
    if (held.length > k) {
      const out = held.pop()!;
      this.judgeRecord(scan.db, scan, out.name, out.probed, out.pattern, undefined);
    }
    return 'held';
  }

  /** After the scan of a database: samples the held keys a pattern still needs, judges the rest. */
  private async releaseHeld(conn: Redis, scan: DbScan): Promise<void> {
    const take: Candidate[] = [];
    for (const [index, held] of scan.held) {
      const need = Math.max(0, this.opts.minSamples - (scan.picked.get(index) ?? 0));
      held.forEach((c, n) => (n < need ? take.push(c) : this.judgeRecord(scan.db, scan, c.name, c.probed, c.pattern, undefined)));
    }
    scan.held.clear();
    if (!take.length) return;
    const idx = take.map((_c, n) => n);
    const samples = await sampleValues(
      conn,
      this.limiter,
      this.opts,
      take.map((c) => c.key),
      idx,
      take.map((c) => c.probed),
      take.map((c) => c.pattern),
      this.fieldTtls,
    );
    const refs = await this.refsOf(
      conn,
      scan.db,
      take.map((c) => c.name),
      take.map((c) => c.pattern),
      samples,
    );
    take.forEach((c, n) => this.judgeRecord(scan.db, scan, c.name, c.probed, c.pattern, samples.get(n), refs.get(n)));
  }

  /**
   * Scans one declared database on its own connection (already SELECTed). On a standalone server each
   * request is one SCAN page plus the probe of its keys (SCAN_PAGE_WITHIN_BUDGET); the next page is requested
   * as soon as a reply's cursor is known, before the client judges that page, so the server is never
   * waiting for the client (several databases are scanned at once to cover the round trip). When that
   * script is refused, the scan goes on from the same cursor with separate SCANs and per-page probes.
   */
  async scanDb(conn: Redis, db: CompiledDb, node = ''): Promise<void> {
    await this.scanning(conn, db, node, async (per, deferred) => {
      let cursor: string | undefined = '0';
      if (this.fused) cursor = await this.scanFused(conn, db, per, deferred);
      if (cursor !== undefined) await this.scanPaged(conn, db, per, deferred, cursor);
    });
  }

  /**
   * One scan of a database (scanDb, scanKeys): `body` judges its pages, value samples may still be in
   * flight (`deferred`); then the held keys a pattern still needs are sampled and the rest judged.
   */
  private async scanning(
    conn: Redis,
    db: CompiledDb,
    node: string,
    body: (per: DbScan, deferred: Promise<void>[]) => Promise<void>,
  ): Promise<void> {
    const per = this.newScan(db, node);
    const deferred: Promise<void>[] = [];
    try {
      await body(per, deferred);
      await Promise.all(deferred);
      await this.releaseHeld(conn, per);
    } finally {
      // Cut short: the held keys are still judged on what was read (unsampled).
      for (const held of per.held.values()) for (const c of held) this.judgeRecord(db, per, c.name, c.probed, c.pattern, undefined);
      per.held.clear();
      // Never leave a rejected sample unobserved.
      await Promise.allSettled(deferred);
    }
  }

  /** (prefix, field) pairs for SCAN_PAGE_WITHIN_BUDGET: every pattern of the database with a field-dependent TTL. */
  private ttlPrefixes(db: CompiledDb): string[] {
    const pairs = new Map<string, [string, string]>();
    for (const k of db.keys) if (k.ttlField) pairs.set(`${k.prefix}\0${k.ttlField}`, [k.prefix, k.ttlField]);
    return [...pairs.values()].sort((x, y) => y[0].length - x[0].length).flat();
  }

  /**
   * The fused loop. Returns undefined when the database is done, or the cursor to go on from when the
   * script is refused (nothing of that request was used, so no page is lost or judged twice).
   */
  private async scanFused(conn: Redis, db: CompiledDb, per: DbScan, deferred: Promise<void>[]): Promise<string | undefined> {
    const pairs = this.ttlPrefixes(db);
    const sizer = new PageSizer(this.pageBudget());
    const budget = String(this.opts.pageBudgetUs);
    const send = (cursor: string, count: number): Promise<unknown> => {
      const p = conn.callBuffer('EVAL_RO', SCAN_PAGE_WITHIN_BUDGET, 0, cursor, String(count), budget, ...pairs);
      p.catch(() => {});
      return p;
    };
    if (this.limited) await this.limiter.take(1);
    let sent = '0';
    let asked = sizer.count;
    let inflight = send(sent, asked);
    for (;;) {
      let res: FusedReply;
      try {
        res = (await inflight) as FusedReply;
      } catch (e) {
        if (!scriptRefused(errText(e))) throw e;
        this.fused = false;
        return sent;
      }
      const next = res[0].toString();
      const keys = res[1];
      let bytes = 0;
      for (let i = 0; i < keys.length; i++) bytes += keys[i]!.length;
      sizer.observe(asked, keys.length, bytes, res[5]);
      // The probes just done (2 per key) and the next SCAN.
      if (this.limited) await this.limiter.take(res[2].length * 2 + (next !== '0' ? 1 : 0));
      if (next !== '0') inflight = send(next, (asked = sizer.count));
      if (keys.length) await this.finishFused(conn, db, per, deferred, keys, res, pairs, sizer);
      if (next === '0') return undefined;
      sent = next;
    }
  }

  private async finishFused(
    conn: Redis,
    db: CompiledDb,
    per: DbScan,
    deferred: Promise<void>[],
    keys: Buffer[],
    res: FusedReply,
    pairs: string[],
    sizer: PageSizer,
  ): Promise<void> {
    const [, , probes, fields, others] = res;
    const n = keys.length;
    const np = probes.length;
    // Keys whose probe needs more than the packed integer: a module type, a field read or to be read.
    const special = new Uint8Array(n);
    for (let j = 0; j < others.length; j += 2) special[(others[j] as number) - 1] = 1;
    for (let j = 0; j < fields.length; j += 3) special[(fields[j] as number) - 1] = 1;
    // The common case is finished here, without a record or a Probed object: a matched key of its
    // declared type whose TTL the policy allows, with a TTL that depends on no field, not sampled.
    // Every other key goes on to the full path (finishPage), decided once either way.
    const rest: number[] = [];
    const names = new Array<string>(n);
    const patterns = new Array<CompiledKey | undefined>(n);
    const probed = new Array<Probed>(n);
    let toSample: number[] | undefined;
    for (let i = 0; i < n; i++) {
      const key = keys[i]!;
      const name = key.toString('utf8');
      // Not valid UTF-8: every byte kept (findings/key-bytes.ts), and no pattern (patterns are text).
      if (isLossy(key, name)) {
        names[i] = escapeKeyBytes(key);
        if (i < np) probed[i] = unpack(probes[i]!);
        rest.push(i);
        continue;
      }
      names[i] = name;
      const p = matchKey(db, name);
      patterns[i] = p;
      if (i >= np) {
        rest.push(i);
        continue;
      }
      const packed = probes[i]!;
      const code = packed % 8;
      const pttl = (packed - code) / 8 - 2;
      if (
        p === undefined ||
        special[i] === 1 ||
        pttl === -2 ||
        TYPE_CODES[code] !== p.key.type ||
        p.ttlField ||
        p.slotTag !== undefined ||
        p.ttl.kind === 'byField' ||
        ttlProblem(p.ttl, pttl) !== undefined
      ) {
        probed[i] = { type: TYPE_CODES[code] ?? 'other', pttl };
        rest.push(i);
        continue;
      }
      const r: Probed = { type: p.key.type, pttl };
      const d = this.decide(per, name, key, p, r);
      if (d === 'now') this.countConforming(per, p, name);
      else if (d === 'sample') {
        probed[i] = r;
        (toSample ??= []).push(i);
      }
    }
    for (let j = 0; j + 1 < others.length; j += 2) probed[(others[j] as number) - 1]!.type = (others[j + 1] as Buffer).toString();
    for (let j = 0; j + 2 < fields.length; j += 3) {
      const i = (fields[j] as number) - 1;
      const want = patterns[i]?.ttlField;
      if (want !== undefined && pairs[2 * ((fields[j + 2] as number) - 1) + 1] === want) probed[i]!.field = fields[j + 1] as Buffer | null;
    }
    if (toSample) this.sampleLater(conn, db, per, deferred, keys, names, probed, patterns, toSample);
    // Probed here, atomically per key: the keys the script's budget did not reach, and a hash whose TTL
    // depends on a field the script did not read (another pattern's longer prefix matched first).
    let again: number[] | undefined;
    for (const i of rest)
      if (i >= np || (patterns[i]?.ttlField && probed[i]!.type === 'hash' && probed[i]!.field === undefined)) (again ??= []).push(i);
    if (again) {
      // Strings keep ioredis on its fast all-string encoding; a key that is not valid UTF-8 goes as its bytes.
      const args = keys.map((k, i) => (patterns[i] ? names[i]! : k));
      await this.probeApart(
        conn,
        args,
        keys.map((k) => k.length),
        patterns,
        probed,
        again,
        sizer,
      );
    }
    const pick = <T>(xs: T[]): T[] => rest.map((i) => xs[i]!);
    await this.finishPage(
      conn,
      db,
      { keys: pick(keys), names: pick(names), patterns: pick(patterns), probed: pick(probed) },
      per,
      deferred,
    );
  }

  /**
   * Probes the keys `idx` of a page in calls of its own (probe-keys.lua, or pipelines), each call sized
   * by the page budget (count and name bytes), and writes the results into `probed`.
   */
  private async probeApart(
    conn: Redis,
    keys: (string | Buffer)[],
    sizes: readonly number[],
    patterns: (CompiledKey | undefined)[],
    probed: Probed[],
    idx: number[],
    sizer: PageSizer,
  ): Promise<void> {
    const bytes = idx.map((i) => sizes[i]!);
    for (let from = 0; from < idx.length;) {
      const take = sizer.chunk(bytes, from);
      const part = idx.slice(from, from + take);
      if (this.limited) await this.limiter.take(part.length * 3);
      const fieldArgs: string[] = [];
      part.forEach((i, j) => {
        const f = patterns[i]?.ttlField;
        if (f) fieldArgs.push(String(j + 1), f);
      });
      const t = performance.now();
      const res = await this.prober.probe(
        conn,
        part.map((i) => keys[i]!),
        part.map((i) => patterns[i]),
        fieldArgs,
      );
      sizer.observe(
        take,
        take,
        bytes.slice(from, from + take).reduce((a, b) => a + b, 0),
        (performance.now() - t) * 1000,
      );
      part.forEach((i, j) => (probed[i] = res[j]!));
      from += take;
    }
  }

  /** Separate SCANs and per-page probes (pipelines, a cluster, or the script without SCAN inside). */
  private async scanPaged(conn: Redis, db: CompiledDb, per: DbScan, deferred: Promise<void>[], from: string): Promise<void> {
    const sizer = new PageSizer(this.pageBudget());
    const scanPage = (cursor: string): Promise<[Buffer, Buffer[]]> => {
      const p = conn.scanBuffer(cursor, 'COUNT', sizer.count);
      p.catch(() => {});
      return p;
    };
    if (this.limited) await this.limiter.take(1);
    let scan = scanPage(from);
    let prev: Pending | undefined;
    try {
      for (;;) {
        const [next, keys] = await scan;
        const cursor = next.toString();
        let cur: Pending | undefined;
        if (keys.length) {
          if (this.limited) await this.limiter.take(keys.length * 2);
          cur = this.startPage(conn, db, keys, sizer);
        }
        if (cursor !== '0') {
          if (this.limited) await this.limiter.take(1);
          scan = scanPage(cursor);
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

  private startPage(conn: Redis, db: CompiledDb, all: Buffer[], sizer: PageSizer): Pending {
    // On a cluster, a key already counted (returned by another node's SCAN too) is left out.
    const ledger = this.ledger;
    const keys = ledger ? all.filter((k) => ledger.claim(isLossy(k, k.toString('utf8')) ? escapeKeyBytes(k) : k.toString('utf8'))) : all;
    const names = new Array<string>(keys.length);
    const args = new Array<string | Buffer>(keys.length);
    const patterns = new Array<CompiledKey | undefined>(keys.length);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      const name = key.toString('utf8');
      // Strings keep ioredis on its fast all-string encoding; only a key that is not valid UTF-8 is
      // sent as its raw bytes, named with every byte kept and matching no pattern (findings/key-bytes.ts).
      if (isLossy(key, name)) {
        names[i] = escapeKeyBytes(key);
        args[i] = key;
        continue;
      }
      names[i] = name;
      args[i] = name;
      patterns[i] = matchKey(db, name);
    }
    const probed = new Array<Probed>(keys.length);
    const done = this.probeApart(
      conn,
      args,
      keys.map((k) => k.length),
      patterns,
      probed,
      keys.map((_k, i) => i),
      sizer,
    ).then(() => probed);
    done.catch(() => {});
    return { keys, names, patterns, probed: done };
  }

  private async finishPage(conn: Redis, db: CompiledDb, page: Judged, per: DbScan, deferred: Promise<void>[]): Promise<void> {
    const { keys, names, patterns, probed } = page;
    // Values of matched keys of the declared type are sampled without holding up the scan: those
    // keys are judged when their samples arrive.
    let toSample: number[] | undefined;
    for (let i = 0; i < keys.length; i++) {
      const p = patterns[i];
      const r = probed[i]!;
      if (r.redirected) {
        // Not served by this node (any more): not counted here; its slot is settled after the scan.
        this.ledger?.redirect(names[i]!, keys[i]!);
        continue;
      }
      if (p && r.type === p.key.type && r.pttl !== -2) {
        const d = this.decide(per, names[i]!, keys[i]!, p, r);
        if (d === 'sample') (toSample ??= []).push(i);
        else if (d === 'now') {
          // The common case, counted without building a record: a key of its declared type whose TTL
          // the policy allows and whose TTL does not depend on a field (what judgeRecord would find: nothing).
          if (p.ttl.kind !== 'byField' && !p.ttlField && p.slotTag === undefined && ttlProblem(p.ttl, r.pttl) === undefined)
            this.countConforming(per, p, names[i]!);
          else this.judgeRecord(db, per, names[i]!, r, p, undefined);
        }
      } else this.judgeRecord(db, per, names[i]!, r, p, undefined);
    }
    if (toSample) this.sampleLater(conn, db, per, deferred, keys, names, probed, patterns, toSample);
    // At most 8 pages' samples in flight (a fused page may add two tasks).
    while (deferred.length > 8) await deferred.shift();
    this.onProgress?.({ scanned: this.stats.scanned, total: this.total, db: db.index });
  }

  /**
   * Reads the values of the keys `idx` of a page without holding up the scan: they are judged when their
   * samples arrive. Only the sampled keys are kept meanwhile, never the whole page.
   */
  private sampleLater(
    conn: Redis,
    db: CompiledDb,
    per: DbScan,
    deferred: Promise<void>[],
    keys: Buffer[],
    names: string[],
    probed: Probed[],
    patterns: (CompiledKey | undefined)[],
    idx: number[],
  ): void {
    const sk = idx.map((i) => keys[i]!);
    const sn = idx.map((i) => names[i]!);
    const sp = idx.map((i) => probed[i]!);
    const sc = idx.map((i) => patterns[i]);
    const all = sk.map((_k, j) => j);
    const task = sampleValues(conn, this.limiter, this.opts, sk, all, sp, sc, this.fieldTtls).then(async (samples) => {
      const refs = await this.refsOf(conn, db, sn, sc, samples);
      for (const j of all) this.judgeRecord(db, per, sn[j]!, sp[j]!, sc[j], samples.get(j), refs.get(j));
    });
    task.catch(() => {});
    deferred.push(task);
  }

  /** A matched key with nothing to report: the counters judgeRecord would move, and no more. */
  private countConforming(per: PerDb, pattern: CompiledKey, name: string): void {
    per.scanned++;
    this.stats.scanned++;
    this.stats.matched++;
    this.collector.matched(pattern, name, false, NO_PROBLEMS);
  }

  /** `ref.dangling` of the sampled keys (nothing to do, and no command, for a database without `ref:` formats). */
  private async refsOf(
    conn: Redis,
    db: CompiledDb,
    names: readonly string[],
    patterns: readonly (CompiledKey | undefined)[],
    samples: ReadonlyMap<number, Sample>,
  ): Promise<Map<number, Problem[]>> {
    let has = this.refDbs.get(db);
    if (has === undefined) this.refDbs.set(db, (has = hasRefs(db)));
    if (!has) return new Map();
    return danglingRefs(conn, this.limiter, db, names, patterns, samples);
  }

  private judgeRecord(
    db: CompiledDb,
    per: PerDb,
    name: string,
    r: Probed,
    pattern: CompiledKey | undefined,
    sample: Sample | undefined,
    refProblems?: Problem[],
  ): void {
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
      this.collector.matched(c.pattern, name, sample !== undefined, refProblems?.length ? [...c.problems, ...refProblems] : c.problems);
    }
  }
}
