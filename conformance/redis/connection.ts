/**
 * Where the check connects: `--url`, or the spec's connection resolved from its env vars by the rule the
 * generated client follows too (`resolveConnection`, spec/language/connection-resolution.ts). Every URL
 * shown anywhere goes through `redactUrl`.
 */
import { readFileSync } from 'node:fs';
import { ConnectionResolutionError, resolveConnection, type Connection, type ResolvedConnection, type Spec } from '../../spec/index.ts';
import { redactCredentials } from '../../spec/language/connection-resolution.ts';

export interface Target {
  host: string;
  port: number;
  username?: string;
  password?: string;
  tls: boolean;
  /** The URL with the password replaced by `***`. */
  display: string;
  /** Where the settings came from, e.g. `--url`, `REDIS_URL`, `REDIS_HOST/REDIS_PORT`. */
  source: string;
  /** A cluster replica: its connections send READONLY (reads served by the replica, not redirected). */
  readonly?: boolean;
}

export class TargetError extends Error {}

/** A URL (or what was meant to be one, however malformed) with its credentials replaced by `***`. */
export function redactUrl(url: string): string {
  return redactCredentials(url);
}

export function parseRedisUrl(url: string, source = '--url'): Target {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new TargetError(`${source}: not a URL: ${redactUrl(url)}`);
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:')
    throw new TargetError(`${source}: expected a redis:// or rediss:// URL, got ${redactUrl(url)}`);
  const password = u.password ? decodeURIComponent(u.password) : undefined;
  const username = u.username ? decodeURIComponent(u.username) : undefined;
  const t: Target = {
    host: u.hostname.replace(/^\[|\]$/g, '') || 'localhost',
    port: u.port ? Number(u.port) : 6379,
    tls: u.protocol === 'rediss:',
    display: '',
    source,
    ...(password !== undefined ? { password } : {}),
    ...(username !== undefined ? { username } : {}),
  };
  t.display = displayUrl(t);
  return t;
}

export function displayUrl(t: Pick<Target, 'host' | 'port' | 'username' | 'password' | 'tls'>): string {
  const auth =
    t.password !== undefined
      ? `${t.username ? encodeURIComponent(t.username) : ''}:***@`
      : t.username
        ? `${encodeURIComponent(t.username)}@`
        : '';
  const host = t.host.includes(':') ? `[${t.host}]` : t.host;
  return `${t.tls ? 'rediss' : 'redis'}://${auth}${host}:${t.port}`;
}

export interface ResolveOptions {
  url?: string;
  /** A connection name from the spec (default: `default`, else the first). */
  connection?: string;
  env?: Readonly<Record<string, string | undefined>>;
  readFile?: (path: string) => string;
}

/** Resolves the server to check from `--url` or the spec's env vars. */
export function resolveTarget(spec: Spec, options: ResolveOptions = {}): Target {
  if (options.url) return parseRedisUrl(options.url);
  const env = options.env ?? process.env;
  const conn: Connection | undefined =
    spec.connections.find((c) => c.name === (options.connection ?? 'default')) ?? (options.connection ? undefined : spec.connections[0]);
  if (!conn) {
    if (options.connection) throw new TargetError(`the spec declares no connection '${options.connection}'`);
    return { ...parseRedisUrl('redis://localhost:6379', 'default (the spec declares no connection)') };
  }
  let r: ResolvedConnection;
  try {
    r = resolveConnection(conn, 0, env, spec.env, options.readFile ?? ((p) => readFileSync(p, 'utf8')));
  } catch (e) {
    if (e instanceof ConnectionResolutionError) throw new TargetError(e.message);
    throw e;
  }
  const target: Target = {
    host: r.host,
    port: r.port,
    tls: r.tls,
    display: '',
    source: r.source,
    ...(r.username !== undefined ? { username: r.username } : {}),
    ...(r.password !== undefined ? { password: r.password } : {}),
  };
  target.display = displayUrl(target);
  return target;
}

/** `redis-cli` connection options for reproduce lines (never the password: `--askpass` instead). */
export function redisCliPrefix(t: Pick<Target, 'host' | 'port' | 'username' | 'password' | 'tls'>): string[] {
  const out = ['redis-cli'];
  if (!(t.host === '127.0.0.1' || t.host === 'localhost') || t.port !== 6379) out.push('-h', t.host, '-p', String(t.port));
  if (t.tls) out.push('--tls');
  if (t.username) out.push('--user', t.username);
  if (t.password !== undefined) out.push('--askpass');
  return out;
}
