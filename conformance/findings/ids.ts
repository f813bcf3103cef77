/**
 * The catalogue of conformance checks: stable ids, default severities and one-line descriptions. The
 * table in CHECKS.md is this list; a retired id is never reused.
 */

export type Severity = 'error' | 'warning' | 'info';

export const CHECKS = {
  'server.version': { severity: 'error', scope: 'server', title: 'Redis older than `server.minVersion`' },
  'server.version.unverifiable': {
    severity: 'warning',
    scope: 'server',
    title: 'the Redis version could not be read (INFO and HELLO refused)',
  },
  'server.notify': {
    severity: 'error',
    scope: 'server',
    title: '`notify-keyspace-events` lacks flags `server.notifyKeyspaceEvents` requires (compared as flag sets)',
  },
  'server.notify.unverifiable': {
    severity: 'warning',
    scope: 'server',
    title: '`notify-keyspace-events` could not be read (CONFIG GET refused; no read-only probe exists)',
  },
  'server.config': { severity: 'error', scope: 'server', title: 'a `server.config` value differs' },
  'server.config.unverifiable': {
    severity: 'warning',
    scope: 'server',
    title: 'a `server.config` value could not be read (CONFIG GET refused and not in INFO)',
  },
  'db.undeclared': { severity: 'error', scope: 'db', title: 'keys in a database the spec does not declare' },
  'cluster.databases': {
    severity: 'error',
    scope: 'db',
    title: 'the spec declares databases other than 0 but the server is a Redis Cluster (which has only database 0) and no mapping',
  },
  'cluster.migrating': {
    severity: 'warning',
    scope: 'keyspace',
    title: 'hash slots were still being migrated when the check ended: the keys already on the importing node were not checked',
  },
  'key.unmatched': { severity: 'error', scope: 'keyspace', title: 'a key that matches no declared pattern of its database' },
  'key.type': { severity: 'error', scope: 'pattern', title: 'the key has another Redis type than declared' },
  'key.ttl.missing': { severity: 'error', scope: 'pattern', title: 'the key has no TTL but its policy requires one' },
  'key.ttl.too-long': { severity: 'error', scope: 'pattern', title: 'the remaining TTL exceeds the policy maximum' },
  'key.ttl.too-short': {
    severity: 'error',
    scope: 'pattern',
    title: '(observe) right after a write, the TTL is clearly shorter than the exact policy (2 s slack plus the time since the write)',
  },
  'key.ttl.forbidden': { severity: 'error', scope: 'pattern', title: 'the key has a TTL but its policy allows none' },
  'key.slot': {
    severity: 'warning',
    scope: 'pattern',
    title: "a key of a slot group is hashed by part of its tag value only (the value holds a '}'), so it shares a slot with other values",
  },
  'value.format': { severity: 'error', scope: 'pattern', title: 'a sampled string value does not match its format' },
  'value.too-large': {
    severity: 'info',
    scope: 'pattern',
    title: 'a sampled key above the size guard (strings 1 MB, hashes and streams 32 MB) was not fetched',
  },
  'hash.field.unknown': {
    severity: 'error',
    scope: 'pattern',
    title: 'a sampled hash has a field that is not declared (`additionalFields: false`)',
  },
  'hash.field.missing': { severity: 'error', scope: 'pattern', title: 'a sampled hash lacks a required field' },
  'hash.field.value': { severity: 'error', scope: 'pattern', title: 'a sampled hash field value does not match its format' },
  'hash.field.ttl.missing': {
    severity: 'error',
    scope: 'pattern',
    title: 'a sampled hash field has no TTL but its field TTL policy requires one (HTTL; Redis 7.4+, Valkey 9.0+)',
  },
  'hash.field.ttl.too-long': {
    severity: 'error',
    scope: 'pattern',
    title: 'the remaining TTL of a sampled hash field exceeds its field TTL policy maximum (HTTL)',
  },
  'hash.field.ttl.forbidden': {
    severity: 'error',
    scope: 'pattern',
    title: 'a hash field has a TTL but its field TTL policy is `none` (HTTL in check; `hexpire` events in observe)',
  },
  'hash.field.ttl.unverifiable': {
    severity: 'warning',
    scope: 'server',
    title:
      'the spec declares hash-field TTLs but the server has no hash-field expiration (Redis < 7.4, Valkey < 9.0): no field TTL was judged',
  },
  'key.logical': {
    severity: 'error',
    scope: 'pattern',
    title: 'a sampled key has the right Redis type but is not its declared logical type (a HyperLogLog not starting HYLL)',
  },
  'member.format': { severity: 'error', scope: 'pattern', title: 'a sampled list, set or zset member does not match its format' },
  'score.format': { severity: 'error', scope: 'pattern', title: 'a sampled zset score does not match its format' },
  'stream.field.unknown': { severity: 'error', scope: 'pattern', title: 'a sampled stream entry has an undeclared field' },
  'stream.field.missing': { severity: 'error', scope: 'pattern', title: 'a sampled stream entry lacks a required field' },
  'stream.field.value': { severity: 'error', scope: 'pattern', title: 'a sampled stream entry field value does not match its format' },
  'ref.dangling': {
    severity: 'warning',
    scope: 'pattern',
    title: 'a sampled value refers to a key (`ref:`) that does not exist, and the value was still there when looked up again',
  },
  'pattern.unseen': { severity: 'info', scope: 'pattern', title: 'a declared pattern had no keys' },
  'baseline.stale': { severity: 'warning', scope: 'baseline', title: 'a baseline entry suppressed nothing' },
  // keyspec observe: live traffic (keyspace notifications, MONITOR, pub/sub)
  'key.writer': {
    severity: 'error',
    scope: 'traffic',
    title: 'a named client that is not a declared writer of the pattern wrote to a key (observe)',
  },
  'channel.undeclared': {
    severity: 'error',
    scope: 'channel',
    title: 'a message on a channel no declared channel pattern matches (observe)',
  },
  'channel.message': {
    severity: 'error',
    scope: 'channel',
    title: "a message that matches none of its channel's declared formats (observe)",
  },
  'channel.sharded': {
    severity: 'error',
    scope: 'channel',
    title: 'a message PUBLISHed on a sharded channel (or SPUBLISHed on a plain one): its subscribers never get it (observe)',
  },
  'channel.subscribers': {
    severity: 'error',
    scope: 'channel',
    title: 'a channel with `requireSubscribers` had no subscriber (PUBSUB NUMSUB; observe)',
  },
  'observe.events.unverifiable': {
    severity: 'warning',
    scope: 'traffic',
    title: 'keyspace events the observation needs are not enabled (or CONFIG GET is refused): some writes could not be seen',
  },
  'observe.gap': {
    severity: 'warning',
    scope: 'traffic',
    title: 'the connection was lost during observation (e.g. a Redis restart); events in the gap were missed',
  },
  // keyspec probe: service contracts
  'probe.connect': { severity: 'error', scope: 'service', title: "the service's WebSocket could not be opened (probe)" },
  'probe.frame.missing': { severity: 'error', scope: 'service', title: 'no frame arrived within the timeout after the trigger (probe)' },
  'probe.frame.mismatch': { severity: 'error', scope: 'service', title: 'frames arrived but none matched the expected frame (probe)' },
  'probe.scratch.unverifiable': {
    severity: 'warning',
    scope: 'service',
    title: 'the probe did not run: its scratch key already exists, or the trigger write was refused (probe)',
  },
  'check.error': {
    severity: 'warning',
    scope: 'server',
    title: 'part of the check could not run (a command failed); the result is incomplete',
  },
} as const satisfies Record<
  string,
  { severity: Severity; scope: 'server' | 'db' | 'keyspace' | 'pattern' | 'baseline' | 'traffic' | 'channel' | 'service'; title: string }
>;

export type CheckId = keyof typeof CHECKS;

export const CHECK_IDS = Object.keys(CHECKS) as CheckId[];

/** Checks whose failure means "could not verify" rather than "violated" (exit code 4 when only these fail). */
export function isUnverifiable(id: string): boolean {
  return id.endsWith('.unverifiable') || id === 'check.error' || id === 'observe.gap';
}

export function severityOf(id: CheckId): Severity {
  return CHECKS[id].severity;
}

/**
 * Per-key checks that can apply to a pattern of the given Redis type (for JUnit and the Vitest kit); `key`
 * (the model's pattern, when known) adds the checks of what it declares: field TTLs, a HyperLogLog.
 */
export function checksForType(type: string, key?: { logical?: string; fields?: readonly { ttl?: unknown }[] }): CheckId[] {
  const common: CheckId[] = ['key.type', 'key.ttl.missing', 'key.ttl.too-long', 'key.ttl.forbidden'];
  switch (type) {
    case 'string':
      return [...common, ...(key?.logical === 'hyperloglog' ? (['key.logical'] as const) : []), 'value.format', 'value.too-large'];
    case 'hash':
      return [
        ...common,
        'hash.field.unknown',
        'hash.field.missing',
        'hash.field.value',
        ...(key?.fields?.some((f) => f.ttl !== undefined)
          ? (['hash.field.ttl.missing', 'hash.field.ttl.too-long', 'hash.field.ttl.forbidden'] as const)
          : []),
        'value.too-large',
      ];
    case 'zset':
      return [...common, 'member.format', 'score.format'];
    case 'list':
    case 'set':
      return [...common, 'member.format'];
    case 'stream':
      return [...common, 'stream.field.unknown', 'stream.field.missing', 'stream.field.value', 'value.too-large'];
    default:
      return common;
  }
}
