/**
 * `--observe SECONDS`: what a SCAN misses, from live traffic, read-only. Keyspace notifications, only when
 * the server already publishes them (`notify-keyspace-events` is never changed: a disabled setting is
 * reported in the draft's notes); MONITOR where the server allows it (refused on many managed services:
 * then a note); pub/sub channels from `PUBSUB CHANNELS` and the messages published meanwhile; client names
 * from `CLIENT LIST` as services, with the keys each wrote (MONITOR). Keys written in the window are probed
 * (TYPE, PTTL) at the end; a key already gone (a lock, a worker key) keeps the type its writes imply.
 */
import type { Redis } from 'ioredis';
import { eventType, isDeletion, writeOf } from '../conformance/judging/observe-rules.ts';
import { parseClientList } from '../conformance/observe/client-names.ts';
import { monitorArg, monitorSource } from '../conformance/observe/monitor-line.ts';
import { closeConnection } from '../conformance/redis/close.ts';
import { openConnection } from '../conformance/redis/connect.ts';
import type { Target } from '../conformance/redis/connection.ts';
import { errText, type Timeouts } from '../conformance/redis/errors.ts';
import { KeyProber } from '../conformance/redis/key-probe.ts';

export interface TrafficKey {
  db: number;
  key: string;
  type: string;
  pttl: number;
  /** The TTL a MONITOR'd write gave the key (ms), when one did. */
  writtenTtlMs?: number;
}

export interface ClientActivity {
  name: string;
  writes: number;
  examples: string[];
  /** Keys it wrote (at most 1,000), as `db` and key. */
  wrote: { db: number; key: string }[];
}

export interface Traffic {
  keys: TrafficKey[];
  /** Channel names: PUBSUB CHANNELS and channels with messages in the window. */
  channels: string[];
  /** Messages seen per channel (at most 200 per channel, 5,000 in all). */
  messages: Map<string, string[]>;
  clients: ClientActivity[];
  notes: string[];
}

/** Keys remembered from traffic at most (bounded). */
const MAX_KEYS = 20_000;
const OWN = 'keyspec-infer';

/** The TTL a MONITOR'd command gives its key, in ms (SET ... EX/PX, SETEX, PSETEX, EXPIRE, PEXPIRE). */
export function ttlOf(args: readonly string[]): number | undefined {
  const cmd = (args[0] ?? '').toLowerCase();
  const n = (i: number, unit: number): number | undefined => (Number.isFinite(Number(args[i])) ? Number(args[i]) * unit : undefined);
  if (cmd === 'setex') return n(2, 1000);
  if (cmd === 'psetex') return n(2, 1);
  if (cmd === 'expire') return n(2, 1000);
  if (cmd === 'pexpire') return n(2, 1);
  if (cmd === 'set')
    for (let i = 3; i + 1 < args.length; i++) {
      const o = args[i]!.toLowerCase();
      if (o === 'ex') return n(i + 1, 1000);
      if (o === 'px') return n(i + 1, 1);
    }
  return undefined;
}

export async function observeTraffic(target: Target, timeouts: Timeouts, ms: number, main: Redis): Promise<Traffic> {
  const notes: string[] = [];
  const written = new Map<string, { db: number; key: string; type?: string; gone: boolean; ttlMs?: number }>();
  const channels = new Set<string>();
  const messages = new Map<string, string[]>();
  let stored = 0;
  const clients = new Map<string, ClientActivity>();
  const note = (db: number, key: string, type: string | undefined, deleted: boolean, ttlMs?: number): void => {
    const id = `${db}\u0000${key}`;
    let w = written.get(id);
    if (w) {
      w.type ??= type;
      w.gone = deleted;
    } else if (written.size < MAX_KEYS) written.set(id, (w = { db, key, ...(type ? { type } : {}), gone: deleted }));
    if (w && ttlMs !== undefined) w.ttlMs = ttlMs;
  };
  let flags = '';
  try {
    flags = String(((await main.call('CONFIG', 'GET', 'notify-keyspace-events')) as string[])[1] ?? '');
  } catch (e) {
    notes.push(`traffic: CONFIG GET notify-keyspace-events refused (${errText(e)}); keyspace notifications not used`);
    flags = '';
  }
  const open: Redis[] = [];
  try {
    const sub = await openConnection(target, 0, timeouts);
    open.push(sub);
    await sub.client('SETNAME', OWN);
    const hasClasses = /[g$lshzxetdmnA]/.test(flags);
    if (hasClasses && flags.includes('E')) await sub.psubscribe('__keyevent@*__:*');
    else if (hasClasses && flags.includes('K')) await sub.psubscribe('__keyspace@*__:*');
    else
      notes.push(
        `traffic: keyspace notifications are disabled on the server (notify-keyspace-events '${flags}'); keyspec never enables them (no CONFIG SET): set them yourself to see keys written between scans`,
      );
    await sub.psubscribe('*');
    sub.on('pmessage', (pattern: string, channel: string, message: string) => {
      const ev = /^__keyevent@(\d+)__:(.+)$/.exec(channel);
      if (ev && pattern.startsWith('__keyevent'))
        return note(Number(ev[1]), message, eventType(ev[2]!), ev[2] === 'del' || ev[2] === 'expired');
      const ks = /^__keyspace@(\d+)__:(.+)$/.exec(channel);
      if (ks && pattern.startsWith('__keyspace'))
        return note(Number(ks[1]), ks[2]!, eventType(message), message === 'del' || message === 'expired');
      if (pattern === '*' && !channel.startsWith('__key')) {
        channels.add(channel);
        const list = messages.get(channel) ?? [];
        if (list.length < 200 && stored < 5000) {
          list.push(message);
          stored++;
          messages.set(channel, list);
        }
      }
    });
    try {
      for (const c of (await main.call('PUBSUB', 'CHANNELS')) as string[]) if (!c.startsWith('__key')) channels.add(c);
    } catch (e) {
      notes.push(`traffic: PUBSUB CHANNELS refused (${errText(e)})`);
    }
    let names = new Map<string, string>();
    try {
      names = parseClientList(String(await main.client('LIST')));
    } catch (e) {
      notes.push(`traffic: CLIENT LIST refused (${errText(e)}); no services from client names`);
    }
    let monitor: Redis | undefined;
    try {
      monitor = await openConnection(target, 0, timeouts);
      open.push(monitor);
      const m = await monitor.monitor();
      open.push(m as unknown as Redis);
      m.on('monitor', (_time: string, args: string[], source: string, database: string) => {
        const decoded = args.map(monitorArg);
        const cmd = (decoded[0] ?? '').toLowerCase();
        if (cmd === 'client' && (decoded[1] ?? '').toLowerCase() === 'setname') {
          const src = monitorSource(source);
          if (src.kind === 'client' && decoded[2]) names.set(src.addr, decoded[2]);
          return;
        }
        const w = writeOf(decoded);
        if (!w) return;
        const db = Number(database) || 0;
        const ttl = ttlOf(decoded);
        for (const k of w.keys) note(db, k, w.type, isDeletion(w.command), ttl);
        const src = monitorSource(source);
        const name = src.kind === 'client' ? names.get(src.addr) : undefined;
        if (name && !name.startsWith('keyspec')) {
          const a = clients.get(name) ?? { name, writes: 0, examples: [], wrote: [] };
          a.writes++;
          for (const k of w.keys) if (a.examples.length < 3 && !a.examples.includes(k)) a.examples.push(k);
          for (const k of w.keys) if (a.wrote.length < 1000) a.wrote.push({ db, key: k });
          clients.set(name, a);
        }
      });
    } catch (e) {
      notes.push(`traffic: MONITOR not allowed (${errText(e)}); keys from keyspace notifications only`);
    }
    await new Promise((r) => setTimeout(r, ms));
    for (const [, name] of names)
      if (name && !name.startsWith('keyspec') && !clients.has(name)) clients.set(name, { name, writes: 0, examples: [], wrote: [] });
  } finally {
    for (const c of open) closeConnection(c);
  }
  // Probe what is still there.
  const keys: TrafficKey[] = [];
  const byDb = new Map<number, { db: number; key: string; type?: string; gone: boolean; ttlMs?: number }[]>();
  for (const w of written.values()) (byDb.get(w.db) ?? byDb.set(w.db, []).get(w.db)!).push(w);
  const prober = new KeyProber('pipeline', false);
  for (const [db, list] of [...byDb].sort((a, b) => a[0] - b[0])) {
    const conn = await openConnection(target, db, timeouts);
    try {
      for (let at = 0; at < list.length; at += 500) {
        const chunk = list.slice(at, at + 500);
        const probed = await prober.probe(
          conn,
          chunk.map((w) => w.key),
          [],
          [],
        );
        chunk.forEach((w, i) => {
          const p = probed[i]!;
          const written = w.ttlMs !== undefined ? { writtenTtlMs: w.ttlMs } : {};
          if (p.type !== 'none') keys.push({ db, key: w.key, type: p.type, pttl: p.pttl, ...written });
          else if (w.type) keys.push({ db, key: w.key, type: w.type, pttl: w.ttlMs ?? -1, ...written });
        });
      }
    } finally {
      closeConnection(conn);
    }
  }
  keys.sort((a, b) => a.db - b.db || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return {
    keys,
    channels: [...channels].sort(),
    messages,
    clients: [...clients.values()].sort((a, b) => (a.name < b.name ? -1 : 1)),
    notes,
  };
}
