/**
 * A key's TTL is judged after its writes settle: `settleMs` after the last event on it, its TYPE, PTTL
 * (and the hash field a TTL depends on) are read together (probe-keys.lua, else a pipeline) and judged,
 * so a SET followed by EXPIRE in the same pipeline or MULTI is fine.
 */
import type { Collector } from '../findings/collector.ts';
import type { CheckId } from '../findings/ids.ts';
import { judgeKey, type KeyRecord } from '../judging/classify.ts';
import type { CompiledKey } from '../judging/compile.ts';
import { connectionLost } from '../redis/errors.ts';
import { PROBE_KEYS } from '../redis/lua.ts';
import type { ObserverConnections } from './connections.ts';

interface PendingKey {
  pattern: CompiledKey;
  due: number;
}

export class SettledKeys {
  /** Keys judged so far. */
  judged = 0;
  /** Keys handed to a judgement that has not finished (or failed: the server did not answer). */
  private readonly unanswered = new Map<string, number>();
  private readonly pending = new Map<number, Map<string, PendingKey>>();
  private timer?: NodeJS.Timeout;
  private scriptOk = true;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly settleMs: number,
    private readonly conns: ObserverConnections,
    private readonly collector: Collector,
  ) {}

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
    recs.forEach((rec, i) => {
      if (rec.type === 'none' || rec.pttl === -2) return;
      this.judged++;
      const pattern = batch[i]![1].pattern;
      for (const p of judgeKey(pattern, rec)) {
        this.collector.add(this.collector.finding(p.id as CheckId, db, pattern.id, rec.key, p.message, p.expected, p.actual, p.reproduce));
      }
    });
  }
}
