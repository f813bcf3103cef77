/**
 * Server checks, pure: the facts the scanner read (or could not read) judged against `server:`. Every
 * check ends in one of three states: pass, fail, or unverifiable (never a silent pass).
 */
import { consumerFlags, formatFlags, missingFlags, parseNotifyFlags, type Spec } from '../../spec/index.ts';
import type { CheckId } from '../findings/ids.ts';
import { declaresFieldTtls, fieldTtlSupport } from './field-ttl.ts';

export type Fact = { value: string; source: string } | { refused: string };

export interface ServerFacts {
  /** `redis_version` from INFO, or the `version` HELLO reports. */
  version?: Fact;
  notify?: Fact;
  /** Every `server.config` key, from CONFIG GET or (when CONFIG is refused) the INFO field of that name. */
  config: Record<string, Fact>;
  /** Cluster mode (INFO cluster). */
  cluster?: boolean;
  /** Valkey's own version (INFO `valkey_version`); Valkey reports a compatible `redis_version` too. */
  valkeyVersion?: string;
}

export type CheckState = 'pass' | 'fail' | 'unverifiable';

export interface ServerCheck {
  /** The check id of a failure; unverifiable results use `<id>.unverifiable`. */
  id: CheckId;
  state: CheckState;
  /** What was checked, e.g. `notify-keyspace-events` or `config maxmemory-policy`. */
  name: string;
  expected: string;
  actual: string;
  message: string;
  reproduce: string[];
}

/** Flags the server must enable: `server.notifyKeyspaceEvents` plus what every notification consumer needs. */
export function requiredNotifyFlags(spec: Spec): string[] | undefined {
  const set = new Set<string>(spec.server.notifyKeyspaceEvents?.flags ?? []);
  for (const n of spec.notifications) for (const f of consumerFlags(n.channel, n.events).flags) set.add(f);
  if (set.size === 0) return undefined;
  return parseNotifyFlags([...set].join('')).flags;
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map((x) => Number.parseInt(x, 10) || 0);
  const pb = b.split('.').map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

const MEMORY = /^([0-9]+)\s*(b|k|kb|m|mb|g|gb)?$/i;
const UNITS: Record<string, number> = { b: 1, k: 1000, kb: 1024, m: 1e6, mb: 1024 ** 2, g: 1e9, gb: 1024 ** 3 };

/** Config values compare as text (case-insensitively), memory sizes by bytes, flag sets as sets. */
export function configMatches(name: string, expected: string, actual: string): boolean {
  if (expected.trim().toLowerCase() === actual.trim().toLowerCase()) return true;
  const me = MEMORY.exec(expected.trim());
  const ma = MEMORY.exec(actual.trim());
  if (me && ma)
    return Number(me[1]) * (UNITS[(me[2] ?? 'b').toLowerCase()] ?? 1) === Number(ma[1]) * (UNITS[(ma[2] ?? 'b').toLowerCase()] ?? 1);
  if (name === 'notify-keyspace-events')
    return formatFlags(parseNotifyFlags(expected).flags) === formatFlags(parseNotifyFlags(actual).flags);
  return false;
}

export function judgeServer(spec: Spec, facts: ServerFacts): ServerCheck[] {
  const out: ServerCheck[] = [];
  const { minVersion } = spec.server;
  if (minVersion !== undefined) {
    const f = facts.version;
    if (!f || 'refused' in f) {
      out.push({
        id: 'server.version.unverifiable',
        state: 'unverifiable',
        name: 'version',
        expected: `Redis ≥ ${minVersion}`,
        actual: f ? `unknown (${f.refused})` : 'unknown',
        message: `UNVERIFIABLE: the Redis version could not be read (${f && 'refused' in f ? f.refused : 'no answer'}); the spec requires ≥ ${minVersion}`,
        reproduce: ['INFO', 'server'],
      });
    } else {
      const ok = compareVersions(f.value, minVersion) >= 0;
      out.push({
        id: 'server.version',
        state: ok ? 'pass' : 'fail',
        name: 'version',
        expected: `Redis ≥ ${minVersion}`,
        actual: f.value,
        message: ok ? `Redis ${f.value} ≥ ${minVersion}` : `Redis ${f.value} is older than the required ${minVersion}`,
        reproduce: ['INFO', 'server'],
      });
    }
  }
  const required = requiredNotifyFlags(spec);
  if (required) {
    const f = facts.notify;
    const expected = `at least ${formatFlags(required)} (as a flag set; A = g$lshzxetd)`;
    if (!f || 'refused' in f) {
      out.push({
        id: 'server.notify.unverifiable',
        state: 'unverifiable',
        name: 'notify-keyspace-events',
        expected,
        actual: `unknown (${f && 'refused' in f ? f.refused : 'no answer'})`,
        message: `UNVERIFIABLE: notify-keyspace-events could not be read (${f && 'refused' in f ? f.refused : 'no answer'}) and cannot be probed without writing; the spec needs ${formatFlags(required)}`,
        reproduce: ['CONFIG', 'GET', 'notify-keyspace-events'],
      });
    } else {
      const actual = parseNotifyFlags(f.value).flags;
      const missing = missingFlags(required, actual);
      out.push({
        id: 'server.notify',
        state: missing.length ? 'fail' : 'pass',
        name: 'notify-keyspace-events',
        expected,
        actual: f.value === '' ? '"" (disabled)' : `${f.value} (= ${formatFlags(actual)})`,
        message: missing.length
          ? `notify-keyspace-events is ${JSON.stringify(f.value)}: missing ${formatFlags(missing)} (needs ${formatFlags(required)})`
          : `notify-keyspace-events ${JSON.stringify(f.value)} includes ${formatFlags(required)}`,
        reproduce: ['CONFIG', 'GET', 'notify-keyspace-events'],
      });
    }
  }
  if (declaresFieldTtls(spec)) {
    const support = fieldTtlSupport(facts);
    if (!support.supported)
      out.push({
        id: 'hash.field.ttl.unverifiable',
        state: 'unverifiable',
        name: 'hash-field expiration',
        expected: 'Redis ≥ 7.4 or Valkey ≥ 9.0 (HTTL), to judge the declared field TTLs',
        actual: support.reason,
        message: `UNVERIFIABLE: the spec declares hash-field TTLs, but ${support.reason}: no field TTL was judged`,
        reproduce: ['INFO', 'server'],
      });
  }
  for (const [name, want] of Object.entries(spec.server.config)) {
    const f = facts.config[name];
    if (!f || 'refused' in f) {
      out.push({
        id: 'server.config.unverifiable',
        state: 'unverifiable',
        name: `config ${name}`,
        expected: want,
        actual: `unknown (${f && 'refused' in f ? f.refused : 'no answer'})`,
        message: `UNVERIFIABLE: ${name} could not be read (${f && 'refused' in f ? f.refused : 'no answer'}); the spec requires ${JSON.stringify(want)}`,
        reproduce: ['CONFIG', 'GET', name],
      });
    } else {
      const ok = configMatches(name, String(want), f.value);
      out.push({
        id: 'server.config',
        state: ok ? 'pass' : 'fail',
        name: `config ${name}`,
        expected: String(want),
        actual: f.value,
        message: ok
          ? `${name} is ${JSON.stringify(f.value)}`
          : `${name} is ${JSON.stringify(f.value)}, the spec requires ${JSON.stringify(want)}${f.source !== 'CONFIG' ? ` (read from ${f.source})` : ''}`,
        reproduce: ['CONFIG', 'GET', name],
      });
    }
  }
  return out;
}
