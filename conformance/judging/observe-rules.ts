/**
 * Pure rules of `keyspec observe`: which Redis type a keyspace event or a write command implies, which
 * event classes an observation needs, how a MONITOR line's keys are found, and whether a client name is
 * a declared writer of a pattern. No I/O here.
 */
import type { Channel, KeyPattern, Pattern, Service, Spec } from '../../spec/index.ts';
import { judgeValue, matchClientName, matchPattern, parseNotifyFlags } from '../../spec/index.ts';

/** Event classes whose events observe uses (A = g$lshzxetd); missing ones hide some writes. */
export const OBSERVED_CLASSES = ['g', '$', 'l', 's', 'h', 'z', 'x', 't'] as const;

const CLASS_MEANING: Record<string, string> = {
  g: 'generic commands (EXPIRE, DEL, RENAME, ...)',
  $: 'string writes',
  l: 'list writes',
  s: 'set writes',
  h: 'hash writes',
  z: 'sorted-set writes',
  x: 'expirations',
  t: 'stream writes',
};

export interface EventCoverage {
  /** The notification channel family to subscribe to: keyevent (E) is preferred; keyspace (K) otherwise. */
  channel: 'keyevent' | 'keyspace' | null;
  missing: string[];
  /** e.g. "string writes ($), stream writes (t)". */
  missingText: string;
}

export function eventCoverage(notifyFlags: string): EventCoverage {
  const { flags } = parseNotifyFlags(notifyFlags);
  const channel = flags.includes('E') ? 'keyevent' : flags.includes('K') ? 'keyspace' : null;
  const missing = channel ? OBSERVED_CLASSES.filter((c) => !flags.includes(c)) : [...OBSERVED_CLASSES];
  return { channel, missing, missingText: missing.map((c) => `${CLASS_MEANING[c]} (${c})`).join(', ') };
}

const EVENT_TYPES: Record<string, string> = {
  set: 'string',
  setrange: 'string',
  incrby: 'string',
  incrbyfloat: 'string',
  append: 'string',
  lpush: 'list',
  rpush: 'list',
  rpop: 'list',
  lpop: 'list',
  linsert: 'list',
  lset: 'list',
  lrem: 'list',
  ltrim: 'list',
  hset: 'hash',
  hincrby: 'hash',
  hincrbyfloat: 'hash',
  hdel: 'hash',
  // Hash-field expiration (Redis 7.4, Valkey 9.0): a field TTL set (HEXPIRE, HSETEX, ...) or removed.
  hexpire: 'hash',
  hpersist: 'hash',
  // Logical types over strings: bitmaps (SETBIT), HyperLogLogs (PFADD).
  setbit: 'string',
  pfadd: 'string',
  sadd: 'set',
  srem: 'set',
  spop: 'set',
  sinterstore: 'set',
  sunionstore: 'set',
  sdiffstore: 'set',
  zadd: 'zset',
  zincr: 'zset',
  zrem: 'zset',
  zremrangebyscore: 'zset',
  zremrangebyrank: 'zset',
  zremrangebylex: 'zset',
  zinterstore: 'zset',
  zunionstore: 'zset',
  zdiffstore: 'zset',
  zrangestore: 'zset',
  xadd: 'stream',
  xtrim: 'stream',
  xdel: 'stream',
  xsetid: 'stream',
  'xgroup-create': 'stream',
  'xgroup-destroy': 'stream',
  'xgroup-createconsumer': 'stream',
  'xgroup-delconsumer': 'stream',
  'xgroup-setid': 'stream',
};

/** The Redis type a keyspace event implies, or undefined for type-neutral events (expire, del, ...). */
export function eventType(event: string): string | undefined {
  return EVENT_TYPES[event];
}

/**
 * Keyspace events and MONITOR'd commands that set or add to a key's value (or set its TTL): after one,
 * an `exact` TTL (set on every write) must be fresh. Removals (pops, HDEL, SREM, XTRIM, ...) are not:
 * a consumer that takes from a key is not expected to renew its TTL.
 */
const REFRESHING = new Set([
  // keyspace events
  'set',
  'setrange',
  'incrby',
  'incrbyfloat',
  'append',
  'lpush',
  'rpush',
  'linsert',
  'lset',
  'hset',
  'hincrby',
  'hincrbyfloat',
  'sadd',
  'zadd',
  'zincr',
  'xadd',
  'expire',
  'restore',
  'rename_to',
  'copy_to',
  // commands (MONITOR)
  'setex',
  'psetex',
  'setnx',
  'getset',
  'getex',
  'mset',
  'msetnx',
  'incr',
  'decr',
  'decrby',
  'lpushx',
  'rpushx',
  'hmset',
  'hsetnx',
  'zincrby',
  'pexpire',
  'expireat',
  'pexpireat',
]);

/** Does this event (or command) write a value or TTL, so that an exact TTL must be fresh right after it? */
export function refreshesTtl(event: string): boolean {
  return REFRESHING.has(event);
}

/** Events after which the key's TTL is judged (writes and TTL changes, not deletions or expirations). */
export function judgesTtl(event: string): boolean {
  return (
    event in EVENT_TYPES ||
    event === 'expire' ||
    event === 'persist' ||
    event === 'rename_to' ||
    event === 'copy_to' ||
    event === 'restore' ||
    event === 'move_to'
  );
}

const COMMAND_TYPES: Record<string, string> = {
  set: 'string',
  setex: 'string',
  psetex: 'string',
  setnx: 'string',
  getset: 'string',
  setrange: 'string',
  incr: 'string',
  decr: 'string',
  incrby: 'string',
  decrby: 'string',
  incrbyfloat: 'string',
  append: 'string',
  getex: 'string',
  getdel: 'string',
  mset: 'string',
  msetnx: 'string',
  lpush: 'list',
  rpush: 'list',
  lpushx: 'list',
  rpushx: 'list',
  linsert: 'list',
  lset: 'list',
  lrem: 'list',
  ltrim: 'list',
  lpop: 'list',
  rpop: 'list',
  hset: 'hash',
  hmset: 'hash',
  hsetnx: 'hash',
  hincrby: 'hash',
  hincrbyfloat: 'hash',
  hdel: 'hash',
  sadd: 'set',
  srem: 'set',
  spop: 'set',
  smove: 'set',
  zadd: 'zset',
  zincrby: 'zset',
  zrem: 'zset',
  zremrangebyscore: 'zset',
  zremrangebyrank: 'zset',
  zremrangebylex: 'zset',
  zpopmin: 'zset',
  zpopmax: 'zset',
  xadd: 'stream',
  xtrim: 'stream',
  xdel: 'stream',
  xack: 'stream',
  xclaim: 'stream',
  xautoclaim: 'stream',
  xgroup: 'stream',
  xsetid: 'stream',
};

const GENERIC_WRITES = new Set([
  'expire',
  'pexpire',
  'expireat',
  'pexpireat',
  'persist',
  'del',
  'unlink',
  'rename',
  'renamenx',
  'copy',
  'restore',
  'move',
]);

export interface MonitoredWrite {
  command: string;
  keys: string[];
  /** The type the command implies for its keys (undefined: generic). */
  type?: string;
}

/** The keys a MONITOR'd write command touches, or null for reads and non-key commands. */
export function writeOf(args: readonly string[]): MonitoredWrite | null {
  const command = (args[0] ?? '').toLowerCase();
  const type = COMMAND_TYPES[command];
  if (type === undefined && !GENERIC_WRITES.has(command)) return null;
  let keys: string[];
  if (command === 'mset' || command === 'msetnx') keys = args.filter((_, i) => i % 2 === 1);
  else if (command === 'del' || command === 'unlink') keys = args.slice(1);
  else if (command === 'rename' || command === 'renamenx' || command === 'copy' || command === 'smove') keys = args.slice(1, 3);
  else if (command === 'xgroup') keys = args[2] !== undefined ? [args[2]] : [];
  else keys = args[1] !== undefined ? [args[1]] : [];
  return { command, keys, ...(type ? { type } : {}) };
}

/** Deletions need no TTL judgement and say nothing about a key's type. */
export function isDeletion(command: string): boolean {
  return command === 'del' || command === 'unlink' || command === 'getdel';
}

/** Services a client name identifies (by `clientName` pattern), with the roles they act as. */
export function servicesNamed(spec: Spec, clientName: string): Service[] {
  return spec.services.filter((s) => matchClientName(s, clientName) !== null);
}

/**
 * Is a named client a declared writer of a key pattern? Unnamed clients are not judged (undefined).
 * A service writes what it declares and what the roles it acts as declare.
 */
export function isDeclaredWriter(spec: Spec, key: KeyPattern, clientName: string): boolean | undefined {
  if (!clientName) return undefined;
  const named = servicesNamed(spec, clientName);
  if (named.length === 0) return false;
  return named.some((s) => key.writers.includes(s.name) || s.actsAs.some((a) => key.writers.includes(a)));
}

export interface ChannelMatch {
  channel: Channel;
  params: Record<string, string>;
}

/** The declared channel a concrete channel name belongs to (shadowing channels win). */
export function matchChannel(channels: readonly Channel[], name: string): ChannelMatch | undefined {
  let best: ChannelMatch | undefined;
  for (const ch of channels) {
    const params = matchPattern(ch.pattern, name);
    if (!params) continue;
    if (!best || ch.shadows.includes(best.channel.name)) best = { channel: ch, params };
  }
  return best;
}

/** The name of the first declared message format the text fits, or undefined. */
export function matchMessage(channel: Channel, text: Buffer): string | undefined {
  for (const m of channel.messages) if (judgeValue(m.format, text) === undefined) return m.name;
  return channel.messages.length === 0 ? '(any)' : undefined;
}

/** Is this a keyspace-notification channel (which PSUBSCRIBE * also receives)? */
export function isNotificationChannel(name: string): boolean {
  return name.startsWith('__keyspace@') || name.startsWith('__keyevent@');
}

export function hasPlaceholders(p: Pattern): boolean {
  return p.parts.some((x) => x.kind === 'placeholder');
}
