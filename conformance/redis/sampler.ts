/**
 * Value samples, with bounded commands only: a size guard first (STRLEN for strings, MEMORY USAGE for
 * hashes and streams; a HyperLogLog's first 4 bytes with GETRANGE 0 3, a bitmap not at all), then GET, the first HSCAN pages (up to `maxHashFields`), the 5 oldest and the
 * 5 newest stream entries, 10 list/set/zset members. Keys that vanish or change type meanwhile are simply not sampled.
 */
import type { Redis } from 'ioredis';
import type { Sample } from '../judging/classify.ts';
import type { CompiledKey } from '../judging/compile.ts';
import { hasFieldTtls } from '../judging/field-ttl.ts';
import type { Probed } from './key-probe.ts';
import type { RateLimiter } from './rate-limiter.ts';

export interface SampleLimits {
  /** Strings longer than this are not fetched. */
  maxValueBytes: number;
  /** Hash fields read per sampled hash (bounded HSCAN). */
  maxHashFields: number;
  /** Hashes and streams above this MEMORY USAGE estimate are not sampled. */
  maxSampleBytes: number;
}

const NONE = Buffer.from('');

/** Fetches bounded samples; keys that vanish or change type meanwhile are simply not sampled. */
export async function sampleValues(
  conn: Redis,
  limiter: RateLimiter,
  limits: SampleLimits,
  keys: Buffer[],
  idx: number[],
  probed: Probed[],
  patterns: (CompiledKey | undefined)[],
  /** The server has hash-field expiration: a sampled hash whose pattern declares field TTLs gets an HTTL of its sampled fields. */
  fieldTtls = false,
): Promise<Map<number, Sample>> {
  const out = new Map<number, Sample>();
  // A bitmap is any string: nothing of its value to judge, so nothing is read.
  idx = idx.filter((i) => !(probed[i]!.type === 'string' && patterns[i]?.key.logical === 'bitmap'));
  if (!idx.length) return out;
  // Round 1: size guards (STRLEN, MEMORY USAGE) and the samples that are bounded by themselves.
  await limiter.take(idx.length);
  const pl = conn.pipeline();
  for (const i of idx) {
    const k = keys[i]!;
    switch (probed[i]!.type) {
      case 'string':
        // A HyperLogLog is told by its first 4 bytes (HYLL), never its whole value.
        if (patterns[i]?.key.logical === 'hyperloglog') pl.getrangeBuffer(k, 0, 3);
        else pl.strlen(k);
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
      else if (Number(val) > limits.maxSampleBytes) out.set(i, { type, tooLarge: Number(val) });
      else second.push(i);
      return;
    }
    if (err) return; // vanished / changed type: not sampled
    switch (type) {
      case 'string': {
        if (patterns[i]?.key.logical === 'hyperloglog') {
          out.set(i, { type: 'string', value: val as Buffer });
          break;
        }
        const len = Number(val);
        if (len > limits.maxValueBytes) out.set(i, { type: 'string', tooLarge: len });
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
    await limiter.take(second.length);
    const pl2 = conn.pipeline();
    for (const i of second) {
      const k = keys[i]!;
      const type = probed[i]!.type;
      if (type === 'string') pl2.getBuffer(k);
      else if (type === 'hash') pl2.hscanBuffer(k, 0, 'COUNT', 100);
      else {
        // Both ends of the stream: the oldest and the newest entries (an entry appended later is judged too).
        pl2.xrangeBuffer(k, '-', '+', 'COUNT', STREAM_ENDS);
        pl2.xrevrangeBuffer(k, '+', '-', 'COUNT', STREAM_ENDS);
      }
    }
    const r2 = (await pl2.exec()) ?? [];
    let r = 0;
    for (const i of second) {
      const type = probed[i]!.type;
      const [err, val] = r2[r++] ?? [];
      if (type === 'stream') {
        const [err2, val2] = r2[r++] ?? [];
        if (err || err2 || !val || !val2) continue;
        const entries = streamEnds(val as [Buffer, Buffer[]][], val2 as [Buffer, Buffer[]][]);
        if (entries.length) out.set(i, { type: 'stream', entries });
        continue;
      }
      if (err || val === null || val === undefined) continue;
      if (type === 'string') out.set(i, { type: 'string', value: val as Buffer });
      else {
        const [cursor, flat] = val as [Buffer, Buffer[]];
        hashes.push({ i, cursor: cursor.toString(), fields: pairs(flat) });
      }
    }
  }
  for (const h of hashes) {
    let cursor = h.cursor;
    while (cursor !== '0' && h.fields.length < limits.maxHashFields) {
      await limiter.take(1);
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
      const required = patterns[h.i]?.fields.requiredLiteral ?? [];
      let present: Set<string> | undefined;
      if (required.length) {
        // HEXISTS, not HMGET: presence only, never the (possibly big) values.
        await limiter.take(required.length);
        const px = conn.pipeline();
        for (const f of required) px.hexists(keys[h.i]!, f);
        const vals = await px.exec().catch(() => null);
        if (vals && vals.every(([e]) => !e)) present = new Set(required.filter((_f, n) => vals[n]![1] === 1));
      }
      out.set(h.i, { type: 'hash', fields, complete: false, ...(present ? { present } : {}) });
    }
  }
  if (fieldTtls) await readFieldTtls(conn, limiter, keys, out, patterns);
  return out;
}

/** Fields per HTTL call: a sampled hash's fields are asked in chunks, each call short. */
export const HTTL_CHUNK = 100;

/**
 * Round 3 (servers with hash-field expiration): `HTTL key FIELDS n f…` of the fields each sampled hash
 * gave, for the patterns that declare field TTLs. A refused or failed HTTL leaves the sample without
 * field TTLs (judged as before).
 */
async function readFieldTtls(
  conn: Redis,
  limiter: RateLimiter,
  keys: Buffer[],
  out: Map<number, Sample>,
  patterns: (CompiledKey | undefined)[],
): Promise<void> {
  const asks: { i: number; from: number; names: string[] }[] = [];
  for (const [i, s] of out) {
    if (s.type !== 'hash' || !('fields' in s) || !hasFieldTtls(patterns[i])) continue;
    for (let from = 0; from < s.fields.length; from += HTTL_CHUNK)
      asks.push({ i, from, names: s.fields.slice(from, from + HTTL_CHUNK).map(([f]) => f) });
  }
  if (!asks.length) return;
  await limiter.take(asks.length);
  const pl = conn.pipeline();
  for (const a of asks) pl.call('HTTL', keys[a.i]!, 'FIELDS', String(a.names.length), ...a.names);
  const res = (await pl.exec().catch(() => null)) ?? [];
  const ttls = new Map<number, number[] | null>();
  asks.forEach((a, n) => {
    const [err, val] = res[n] ?? [new Error('no reply')];
    const into = ttls.get(a.i);
    if (into === null) return;
    if (err || !Array.isArray(val)) return void ttls.set(a.i, null);
    const list = into ?? [];
    (val as unknown[]).forEach((t, j) => (list[a.from + j] = Number(t)));
    ttls.set(a.i, list);
  });
  for (const [i, list] of ttls) {
    const s = out.get(i);
    if (list && s && s.type === 'hash' && 'fields' in s) out.set(i, { ...s, fieldTtls: list });
  }
}

/** Entries read at each end of a sampled stream (`XRANGE - + COUNT n`, `XREVRANGE + - COUNT n`). */
export const STREAM_ENDS = 5;

/** The oldest and the newest entries, oldest first, each once (a short stream is read whole by both). */
export function streamEnds(oldest: [Buffer, Buffer[]][], newest: [Buffer, Buffer[]][]): { id: string; fields: [string, Buffer][] }[] {
  const seen = new Set<string>();
  const out: { id: string; fields: [string, Buffer][] }[] = [];
  for (const [id, flat] of [...oldest, ...[...newest].reverse()]) {
    const s = id.toString();
    if (seen.has(s)) continue;
    seen.add(s);
    out.push({ id: s, fields: pairs(flat ?? []) });
  }
  return out;
}

function pairs(flat: Buffer[]): [string, Buffer][] {
  const out: [string, Buffer][] = [];
  for (let j = 0; j + 1 < flat.length; j += 2) out.push([flat[j]!.toString('utf8'), flat[j + 1] ?? NONE]);
  return out;
}
