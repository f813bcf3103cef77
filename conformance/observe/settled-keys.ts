/**
 * A key's TTL is judged after its writes settle: `settleMs` after the last event on it, its TYPE, PTTL
 * (and the hash field a TTL depends on) are read together (probe-keys.lua, else a pipeline) and judged,
 * so a SET followed by EXPIRE in the same pipeline or MULTI is fine.
 */
import type { Collector } from '../findings/collector.ts';
import type { CheckId } from '../findings/ids.ts';
import { judgeKey, type KeyRecord } from '../judging/classify.ts';
import { hasFieldTtls, judgeFieldTtls as judgeFieldTtlsOf } from '../judging/field-ttl.ts';
import type { CompiledKey } from '../judging/compile.ts';
import { connectionLost } from '../redis/errors.ts';
import { PROBE_KEYS } from '../redis/lua.ts';
import { refreshesTtl } from '../judging/observe-rules.ts';
import { keySlot } from '../redis/cluster-slots.ts';
import type { ObserverConnections } from './connections.ts';

interface PendingKey {
  pattern: CompiledKey;
  due: number;
  /** What the events since the last judgement said (noteEvent), attached when the key is judged. */
  note?: EventNote;
}

interface EventNote {
  /** When the last write that sets the value or TTL was seen (ms, Date.now()). */
  refreshed?: number;
  /** An XADD was seen: the newest entries are read and judged. */
  xadd?: boolean;
  /** A field TTL was set (`hexpire`): the fields' TTLs are read (HTTL) and judged. */
  hexpire?: boolean;
}

/** Newest entries read from a written stream (one bounded XREVRANGE per judgement). */
export const STREAM_NEWEST = 10;

export class SettledKeys {
  /** Keys judged so far. */
  judged = 0;
  /** Keys handed to a judgement that has not finished (or failed: the server did not answer). */
  private readonly unanswered = new Map<string, number>();
  private readonly pending = new Map<number, Map<string, PendingKey>>();
  private timer?: NodeJS.Timeout;
  private scriptOk = true;
  /** Per db and stream key: the newest entry id judged, so the next judgement reads only newer entries. */
  private readonly streamSeen = new Map<string, string>();
  /** Per db and key: what the events since its last judgement said. */
  private readonly notes = new Map<string, EventNote>();
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly settleMs: number,
    private readonly conns: ObserverConnections,
    private readonly collector: Collector,
  ) {}

  /** The server has hash-field expiration: `hexpire` events get the key's field TTLs read and judged. */
  fieldTtls = false;

  /** Judges due keys from now on, every half settle interval. */
  start(): void {
    this.timer = setInterval(() => this.flushDue(false), Math.max(20, Math.floor(this.settleMs / 2)));
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** (Re)starts the settle interval of a key that was just written. */
  schedule(db: number, key: string, pattern: CompiledKey): void {
    let m = this.pending.get(db);
    if (!m) this.pending.set(db, (m = new Map()));
    const existing = m.get(key);
    const due = Date.now() + this.settleMs;
    if (existing) existing.due = due;
    else m.set(key, { pattern, due });
  }

  /**
   * One event (or MONITOR'd command) on a key, before it is scheduled: a write that sets its value or
   * TTL (for `key.ttl.too-short`), an XADD (its newest entries are judged).
   */
  noteEvent(db: number, key: string, event: string): void {
    const refresh = refreshesTtl(event);
    const xadd = event === 'xadd';
    const hexpire = event === 'hexpire' && this.fieldTtls;
    if (!refresh && !xadd && !hexpire) return;
    const k = `${db}\u0000${key}`;
    let n = this.notes.get(k);
    if (!n) {
      // Bounded: notes of keys never scheduled (undeclared, unmatched) must not pile up.
      if (this.notes.size >= 100_000) this.notes.clear();
      this.notes.set(k, (n = {}));
    }
    if (refresh) n.refreshed = Date.now();
    if (xadd) n.xadd = true;
    if (hexpire) n.hexpire = true;
  }

  /** Waits one settle interval, then judges every pending key. */
  async finish(): Promise<void> {
    await new Promise((r) => setTimeout(r, this.settleMs));
    this.flushDue(true);
    await this.flushing;
  }

  /** Written keys whose TTL was not judged (still pending, or the server did not answer): up to 5 shown. */
  unjudged(): { count: number; examples: string[] } {
    const names = [...this.unanswered.keys()].map((k) => k.slice(k.indexOf('\u0000') + 1));
    for (const m of this.pending.values()) for (const key of m.keys()) names.push(key);
    return { count: names.length, examples: names.slice(0, 5) };
  }

  private flushDue(all: boolean): void {
    const now = Date.now();
    for (const [db, m] of this.pending) {
      const batch: [string, PendingKey][] = [];
      for (const [key, p] of m) {
        if (all || p.due <= now) {
          const k = `${db}\u0000${key}`;
          const note = this.notes.get(k);
          if (note) {
            p.note = note;
            this.notes.delete(k);
          }
          batch.push([key, p]);
          m.delete(key);
        }
      }
      for (let i = 0; i < batch.length; i += 500) {
        const slice = batch.slice(i, i + 500);
        for (const [key] of slice) this.unanswered.set(`${db}\u0000${key}`, db);
        this.flushing = this.flushing
          .then(() => this.judge(db, slice))
          .then(() => {
            for (const [key] of slice) this.unanswered.delete(`${db}\u0000${key}`);
          })
          .catch(() => undefined);
      }
    }
  }

  private async judge(db: number, batch: [string, PendingKey][]): Promise<void> {
    if (!this.conns.isCluster) return this.judgeGroup(db, batch);
    // A cluster: one script (or pipeline) per hash slot, each sent to the node serving it.
    const bySlot = new Map<number, [string, PendingKey][]>();
    for (const e of batch) {
      const s = keySlot(e[0]);
      const g = bySlot.get(s);
      if (g) g.push(e);
      else bySlot.set(s, [e]);
    }
    const res = await Promise.allSettled([...bySlot.values()].map((g) => this.judgeGroup(db, g)));
    const failed = res.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  private async judgeGroup(db: number, batch: [string, PendingKey][]): Promise<void> {
    const conn = this.conns.db(db);
    const keys = batch.map(([k]) => k);
    const fieldArgs: string[] = [];
    batch.forEach(([, p], i) => {
      if (p.pattern.ttlField) fieldArgs.push(String(i + 1), p.pattern.ttlField);
    });
    const recs: KeyRecord[] = [];
    if (this.scriptOk) {
      try {
        const res = (await conn.call('EVAL_RO', PROBE_KEYS, keys.length, ...keys, ...fieldArgs)) as unknown[];
        const fields = (res[2 * keys.length] ?? []) as (string | null | false)[];
        let j = 0;
        keys.forEach((key, i) => {
          const rec: KeyRecord = { key, type: String(res[2 * i]), pttl: Number(res[2 * i + 1]) };
          if (batch[i]![1].pattern.ttlField) {
            const v = fields[j++];
            rec.ttlFieldValue = v === false || v === undefined ? null : v;
          }
          recs.push(rec);
        });
      } catch (e) {
        // A lost connection or a timeout is not a refused script: nothing is judged on it.
        if (connectionLost(e)) throw e;
        this.scriptOk = false;
      }
    }
    if (!this.scriptOk) {
      const pl = conn.pipeline();
      batch.forEach(([key, p]) => {
        pl.type(key);
        pl.pttl(key);
        if (p.pattern.ttlField) pl.hget(key, p.pattern.ttlField);
      });
      const res = (await pl.exec()) ?? [];
      const lost = res.find(([e]) => e && connectionLost(e));
      if (lost) throw lost[0];
      let r = 0;
      for (const [key, p] of batch) {
        const rec: KeyRecord = { key, type: String(res[r++]?.[1]), pttl: Number(res[r++]?.[1]) };
        if (p.pattern.ttlField) rec.ttlFieldValue = (res[r++]?.[1] as string | null) ?? null;
        recs.push(rec);
      }
    }
    const readAt = Date.now();
    await this.readStreamEntries(conn, db, batch, recs);
    await this.judgeFieldTtls(conn, db, batch, recs);
    recs.forEach((rec, i) => {
      if (rec.type === 'none' || rec.pttl === -2) return;
      this.judged++;
      const pattern = batch[i]![1].pattern;
      // Judged right after a write that sets its value or TTL: an exact TTL clearly shorter than the
      // policy is key.ttl.too-short.
      const refreshed = batch[i]![1].note?.refreshed;
      if (refreshed !== undefined) rec.writtenMsAgo = Math.max(0, readAt - refreshed);
      for (const p of judgeKey(pattern, rec)) {
        this.collector.add(this.collector.finding(p.id as CheckId, db, pattern.id, rec.key, p.message, p.expected, p.actual, p.reproduce));
      }
    });
  }

  /**
   * After a `hexpire` event on a hash whose pattern declares field TTLs: the first HSCAN page of the key
   * (COUNT 100) and the HTTL of those fields, judged against their field TTLs (hash.field.ttl.*).
   */
  private async judgeFieldTtls(
    conn: ReturnType<ObserverConnections['db']>,
    db: number,
    batch: [string, PendingKey][],
    recs: KeyRecord[],
  ): Promise<void> {
    const idx: number[] = [];
    recs.forEach((rec, i) => {
      if (rec.type === 'hash' && batch[i]![1].note?.hexpire && hasFieldTtls(batch[i]![1].pattern)) idx.push(i);
    });
    if (!idx.length) return;
    const pl = conn.pipeline();
    for (const i of idx) pl.hscan(recs[i]!.key, 0, 'COUNT', HEXPIRE_FIELDS);
    const pages = (await pl.exec()) ?? [];
    const lost = pages.find(([e]) => e && connectionLost(e));
    if (lost) throw lost[0];
    const asks: { i: number; fields: string[] }[] = [];
    idx.forEach((i, n) => {
      const [err, val] = pages[n] ?? [];
      if (err || !Array.isArray(val)) return;
      const flat = (val as [string, string[]])[1];
      const fields = flat.filter((_x, j) => j % 2 === 0).slice(0, HEXPIRE_FIELDS);
      if (fields.length) asks.push({ i, fields });
    });
    if (!asks.length) return;
    const pt = conn.pipeline();
    for (const a of asks) pt.call('HTTL', recs[a.i]!.key, 'FIELDS', String(a.fields.length), ...a.fields);
    const ttls = (await pt.exec()) ?? [];
    asks.forEach((a, n) => {
      const [err, val] = ttls[n] ?? [];
      if (err || !Array.isArray(val)) return;
      const pattern = batch[a.i]![1].pattern;
      const key = recs[a.i]!.key;
      for (const p of judgeFieldTtlsOf(pattern, key, a.fields, (val as unknown[]).map(Number)))
        this.collector.add(this.collector.finding(p.id, db, pattern.id, key, p.message, p.expected, p.actual, p.reproduce));
    });
  }

  /**
   * The entries written to a declared stream key (XADD): the newest ones since the last judgement, read
   * with one bounded `XREVRANGE key + - COUNT 10` and judged with the key (stream.field.*).
   */
  private async readStreamEntries(
    conn: ReturnType<ObserverConnections['db']>,
    db: number,
    batch: [string, PendingKey][],
    recs: KeyRecord[],
  ): Promise<void> {
    const idx: number[] = [];
    recs.forEach((rec, i) => {
      if (rec.type === 'stream' && batch[i]![1].pattern.key.type === 'stream' && batch[i]![1].note?.xadd) idx.push(i);
    });
    if (!idx.length) return;
    const pl = conn.pipeline();
    for (const i of idx) pl.xrevrangeBuffer(recs[i]!.key, '+', '-', 'COUNT', STREAM_NEWEST);
    const res = (await pl.exec()) ?? [];
    const lost = res.find(([e]) => e && connectionLost(e));
    if (lost) throw lost[0];
    idx.forEach((i, n) => {
      const [err, val] = res[n] ?? [];
      if (err || !Array.isArray(val)) return;
      const rec = recs[i]!;
      const seenKey = `${db}\u0000${rec.key}`;
      const last = this.streamSeen.get(seenKey);
      const entries: { id: string; fields: [string, Buffer][] }[] = [];
      for (const [id, flat] of val as [Buffer, Buffer[]][]) {
        const sid = id.toString();
        if (last !== undefined && !newerId(sid, last)) break;
        const fields: [string, Buffer][] = [];
        for (let j = 0; j + 1 < flat.length; j += 2) fields.push([flat[j]!.toString('utf8'), flat[j + 1]!]);
        entries.push({ id: sid, fields });
      }
      if (val.length) {
        if (this.streamSeen.size >= 100_000) this.streamSeen.clear();
        this.streamSeen.set(seenKey, (val[0] as [Buffer, Buffer[]])[0].toString());
      }
      if (entries.length) rec.sample = { type: 'stream', entries: entries.reverse() };
    });
  }
}

/** Fields read per judged hash after a `hexpire` event (one `HSCAN … COUNT` page, then their HTTL). */
export const HEXPIRE_FIELDS = 100;

/** Stream ids `ms-seq` compared numerically: is `a` newer than `b`? */
function newerId(a: string, b: string): boolean {
  const [am, as = '0'] = a.split('-');
  const [bm, bs = '0'] = b.split('-');
  const d = BigInt(am!) - BigInt(bm!);
  return d > 0n || (d === 0n && BigInt(as) > BigInt(bs));
}
