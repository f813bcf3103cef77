/**
 * Weighs changes by live data, read-only and bounded like `keyspec check`: per database that a change
 * concerns, SCAN with COUNT (never KEYS) up to a key limit, then TYPE and PTTL, pipelined, for the keys a
 * change's old pattern matches (and, for a removed enum value, the short string value or hash field). Each weighable change gets the number of live keys it affects (or "no live
 * key", said explicitly); the others are marked "not weighed".
 */
import type { Redis } from 'ioredis';
import { testPattern } from '../spec/index.ts';
import { openConnection, DEFAULT_TIMEOUTS, type Timeouts } from '../conformance/redis/connect.ts';
import { parseRedisUrl } from '../conformance/redis/connection.ts';
import type { Weigh } from './compare/collector.ts';
import type { ModelDiff } from './diff-models.ts';
import type { LiveWeight } from './types.ts';

export { ConnectError } from '../conformance/redis/connect.ts';
export { TargetError } from '../conformance/redis/connection.ts';

export interface LiveOptions {
  url: string;
  /** Keys scanned per database at most (default 100,000). */
  maxKeys?: number;
  /** SCAN COUNT (default 500). */
  count?: number;
  timeouts?: Timeouts;
}

interface LiveKey {
  name: string;
  type: string;
  pttl: number;
  /** Values read for value weighs: the string value ('' key) or hash field values, by field. */
  values?: Map<string, string | undefined>;
}

/** Values longer than this are not read (an enum value is short); they match no removed value. */
const MAX_VALUE_BYTES = 1024;

const SAMPLES = 3;
const BATCH = 500;

async function scanDb(conn: Redis, maxKeys: number, count: number): Promise<{ names: string[]; complete: boolean }> {
  const names: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await conn.scan(cursor, 'COUNT', count);
    cursor = next;
    for (const k of batch) {
      if (names.length >= maxKeys) return { names, complete: false };
      names.push(k);
    }
  } while (cursor !== '0');
  return { names, complete: true };
}

async function describeKeys(conn: Redis, names: string[]): Promise<LiveKey[]> {
  const out: LiveKey[] = [];
  for (let i = 0; i < names.length; i += BATCH) {
    const chunk = names.slice(i, i + BATCH);
    const p = conn.pipeline();
    for (const k of chunk) p.type(k).pttl(k);
    const replies = (await p.exec()) ?? [];
    chunk.forEach((name, j) => {
      const type = replies[2 * j]?.[1];
      const pttl = replies[2 * j + 1]?.[1];
      out.push({ name, type: typeof type === 'string' ? type : 'none', pttl: typeof pttl === 'number' ? pttl : -2 });
    });
  }
  return out;
}

/**
 * Reads what value weighs compare: a string key's value or a hash key's literal field, only for the keys
 * their patterns match, only when short (STRLEN / HSTRLEN first), pipelined in batches.
 */
async function readValues(conn: Redis, keys: LiveKey[], weighs: Weigh[]): Promise<void> {
  const wanted: { key: LiveKey; field: string }[] = [];
  for (const key of keys)
    for (const w of weighs)
      if (w.kind === 'value' && testPattern(w.pattern, key.name) && key.type === (w.field === undefined ? 'string' : 'hash'))
        if (!wanted.some((x) => x.key === key && x.field === (w.field ?? ''))) wanted.push({ key, field: w.field ?? '' });
  for (let i = 0; i < wanted.length; i += BATCH) {
    const chunk = wanted.slice(i, i + BATCH);
    const lengths = conn.pipeline();
    for (const x of chunk) {
      if (x.field === '') lengths.strlen(x.key.name);
      else lengths.hstrlen(x.key.name, x.field);
    }
    const sizes = ((await lengths.exec()) ?? []).map((r) => (typeof r[1] === 'number' ? r[1] : Infinity));
    const short = chunk.filter((_, j) => sizes[j]! <= MAX_VALUE_BYTES);
    const reads = conn.pipeline();
    for (const x of short) {
      if (x.field === '') reads.get(x.key.name);
      else reads.hget(x.key.name, x.field);
    }
    const values = (await reads.exec()) ?? [];
    short.forEach((x, j) => {
      const v = values[j]?.[1];
      (x.key.values ??= new Map()).set(x.field, typeof v === 'string' ? v : undefined);
    });
  }
}

/** The key is one of the change's old pattern (or patterns). */
function concerns(w: Weigh, name: string): boolean {
  return w.kind === 'database' ? w.patterns.some((p) => testPattern(p, name)) : testPattern(w.pattern, name);
}

function affected(w: Weigh, k: LiveKey): boolean {
  if (k.type === 'none') return false;
  switch (w.kind) {
    case 'database':
      return true;
    case 'value': {
      const v = k.values?.get(w.field ?? '');
      return v !== undefined && w.values.includes(v);
    }
    case 'unmatched':
      return w.now === undefined || !testPattern(w.now, k.name);
    case 'ttlOver':
      return k.pttl > w.maxMs || (k.pttl === -1 && !w.persistent);
    case 'noTtl':
      return k.pttl === -1;
    case 'type':
      return k.type !== w.expected;
  }
}

function whatOf(w: Weigh): string {
  switch (w.kind) {
    case 'database':
      return 'keys to move to the new index';
    case 'value':
      return `keys whose ${w.field !== undefined ? `field '${w.field}'` : 'value'} is ${w.values.map((v) => `'${v}'`).join(' or ')}`;
    case 'unmatched':
      return w.now === undefined ? 'keys of the old pattern' : 'keys the new pattern no longer matches';
    case 'ttlOver':
      return w.persistent
        ? `a TTL above the new maximum of ${w.maxMs / 1000}s`
        : `no TTL or one above the new maximum of ${w.maxMs / 1000}s`;
    case 'noTtl':
      return 'keys without a TTL';
    case 'type':
      return `keys that are not a ${w.expected}`;
  }
}

/** Sets `live` on every change of the diff (and the diff's own `live` summary). Throws ConnectError, TargetError. */
export async function weighLive(diff: ModelDiff, options: LiveOptions): Promise<void> {
  const target = parseRedisUrl(options.url);
  const timeouts = options.timeouts ?? DEFAULT_TIMEOUTS;
  const maxKeys = options.maxKeys ?? 100_000;
  const count = options.count ?? 500;
  const byDb = new Map<number, Weigh[]>();
  for (const w of diff.weighs.values()) if (w.db >= 0) byDb.set(w.db, [...(byDb.get(w.db) ?? []), w]);
  const live = new Map<number, { keys: LiveKey[]; scanned: number; complete: boolean }>();
  // Nothing to weigh still proves the server answers: a wrong --url is an error, not silence.
  if (byDb.size === 0) (await openConnection(target, 0, timeouts)).disconnect();
  for (const [db, weighs] of byDb) {
    const conn = await openConnection(target, db, timeouts);
    try {
      const { names, complete } = await scanDb(conn, maxKeys, count);
      const relevant = names.filter((k) => weighs.some((w) => concerns(w, k)));
      const keys = await describeKeys(conn, relevant);
      await readValues(conn, keys, weighs);
      live.set(db, { keys, scanned: names.length, complete });
    } finally {
      conn.disconnect();
    }
  }
  for (const change of diff.changes) {
    const w = diff.weighs.get(change);
    if (!w || w.db < 0) {
      change.live = {
        weighed: false,
        reason: w ? "a library's keys are bound to a database only by the application that imports it" : 'no live measure for this rule',
      };
      continue;
    }
    const seen = live.get(w.db)!;
    const hits = seen.keys.filter((k) => concerns(w, k.name) && affected(w, k));
    const weight: LiveWeight = {
      weighed: true,
      keys: hits.length,
      scanned: seen.scanned,
      complete: seen.complete,
      samples: hits.slice(0, SAMPLES).map((k) => k.name),
      what: whatOf(w),
    };
    change.live = weight;
  }
  const all = [...live.values()];
  diff.live = { target: target.display, scanned: all.reduce((s, x) => s + x.scanned, 0), complete: all.every((x) => x.complete) };
}
