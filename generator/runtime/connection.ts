/**
 * Connection resolution: the redis:// URL a database is reached at, from explicit options or the
 * spec's connection (URL env vars in precedence, then host/port vars, password and db overrides).
 */
import { readFileSync } from 'node:fs';
import type { Redis, RedisOptions } from 'ioredis';
import type { ConnectionDesc, EnvDefault } from './descriptor-types.js';
import { KeyspecConnectionError } from './errors.js';
import type { TtlOverrides } from './ttl.js';

export type Env = Readonly<Record<string, string | undefined>>;

export interface KeyspaceOptions {
  /** Environment to resolve connections and TTL overrides from (default: process.env). */
  env?: Env;
  /** An explicit redis:// URL per database name (its /db path is replaced by the database number). */
  urls?: Readonly<Record<string, string>>;
  /** One URL for every database (its /db path is replaced per database). */
  url?: string;
  /** Existing ioredis clients per database name; keyspace.quit() leaves them open. */
  clients?: Readonly<Record<string, Redis>>;
  /** Extra ioredis options for the connections this keyspace creates. */
  redisOptions?: RedisOptions;
  /** TTL seconds per key id (e.g. `{ 'lock.nodb_lock': 60 }`), overriding the spec and its env vars. */
  ttlOverrides?: TtlOverrides;
}

/** The URL with its /db path replaced by `db`. */
export function withDb(url: string, db: number): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

/** The server and database a connection resolves to (the URL has the database path and password). */
export interface ResolvedConnection {
  url: string;
  host: string;
  port: number;
  tls: boolean;
  username?: string;
  password?: string;
  db: number;
  /** Where the server came from, e.g. `REDIS_URL`, `REDIS_HOST/REDIS_PORT`. */
  source: string;
}

/**
 * Resolves the server and database a connection yields for a database of index `db`: a variable is set
 * when non-empty, else it takes the spec's default; the first set `url:` variable is the base (its /db
 * path replaced), else `host:`/`port:`; URL credentials win, else the trimmed password file, else
 * `password:`; the database is the integer in `db.env` when set, else the database's index. A copy of
 * `resolveConnection` in keyspec's spec/language/connection-resolution.ts (parity-tested).
 */
export function resolveConnection(
  conn: ConnectionDesc | undefined,
  db: number,
  env: Env,
  defaults: readonly EnvDefault[],
  readFile: (path: string) => string = (p) => readFileSync(p, 'utf8'),
): ResolvedConnection {
  const get = (name: string | undefined): string | undefined => {
    if (name === undefined) return undefined;
    const v = env[name];
    if (v !== undefined && v !== '') return v;
    const d = defaults.find((x) => x.name === name)?.default;
    return d === '' ? undefined : d;
  };
  let dbIndex = db;
  const dbText = get(conn?.db?.env);
  if (dbText !== undefined) {
    if (!/^[0-9]+$/.test(dbText.trim()))
      throw new KeyspecConnectionError(`${conn?.db?.env}: not a database number: ${dbText}`);
    dbIndex = Number(dbText.trim());
  }
  let u: URL | undefined;
  let source = '';
  for (const name of conn?.url ?? []) {
    const v = get(name);
    if (v === undefined) continue;
    try {
      u = new URL(v);
    } catch {
      throw new KeyspecConnectionError(`${name}: not a URL: ${redactedText(v)}`);
    }
    if (u.protocol !== 'redis:' && u.protocol !== 'rediss:')
      throw new KeyspecConnectionError(`${name}: expected a redis:// or rediss:// URL, got ${redactedText(v)}`);
    source = name;
    break;
  }
  if (!u) {
    const host = get(conn?.host) ?? 'localhost';
    const portText = get(conn?.port) ?? '6379';
    const port = Number(portText);
    if (!/^[0-9]+$/.test(portText) || port <= 0 || port > 65535)
      throw new KeyspecConnectionError(`${conn?.port ?? 'port'}: not a port: ${portText}`);
    u = new URL(`redis://${host.includes(':') ? `[${host}]` : host}:${port}`);
    source = [conn?.host, conn?.port].filter(Boolean).join('/') || 'localhost:6379';
  }
  u.pathname = `/${dbIndex}`;
  if (!u.password) {
    let password: string | undefined;
    const file = get(conn?.passwordFile);
    if (file !== undefined) {
      try {
        password = readFile(file).trim();
      } catch (e) {
        throw new KeyspecConnectionError(`${conn?.passwordFile}: cannot read ${file}: ${(e as Error).message}`);
      }
    } else password = get(conn?.password);
    if (password) u.password = encodeURIComponent(password);
  }
  const username = u.username ? decodeURIComponent(u.username) : undefined;
  const password = u.password ? decodeURIComponent(u.password) : undefined;
  return {
    url: u.toString(),
    host: u.hostname.replace(/^\[|\]$/g, '') || 'localhost',
    port: u.port ? Number(u.port) : 6379,
    tls: u.protocol === 'rediss:',
    ...(username !== undefined ? { username } : {}),
    ...(password !== undefined ? { password } : {}),
    db: dbIndex,
    source,
  };
}

/** Resolves the URL a connection spec yields for a database, following the spec's env precedence. */
export function resolveUrl(
  conn: ConnectionDesc | undefined,
  db: number,
  env: Env,
  defaults: readonly EnvDefault[],
): { url: string; db: number } {
  const r = resolveConnection(conn, db, env, defaults);
  return { url: r.url, db: r.db };
}

/** A URL as written, its password hidden (for errors about text that may not parse). */
function redactedText(url: string): string {
  return url.replace(/^([a-z]+:\/\/)([^@/]*)@/i, (_m, scheme: string, auth: string) => {
    const i = auth.indexOf(':');
    return i < 0 ? `${scheme}***@` : `${scheme}${auth.slice(0, i)}:***@`;
  });
}

/** Hides the password of a redis:// URL. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
  }
}
