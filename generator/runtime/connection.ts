/**
 * Connection resolution: the redis:// URL a database is reached at, from explicit options or the
 * spec's connection (URL env vars in precedence, then host/port vars, password and db overrides).
 */
import { readFileSync } from 'node:fs';
import type { Redis, RedisOptions } from 'ioredis';
import type { ConnectionDesc, EnvDefault } from './descriptor-types.js';
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

/** Resolves the URL a connection spec yields for a database, following the spec's env precedence. */
export function resolveUrl(
  conn: ConnectionDesc | undefined,
  db: number,
  env: Env,
  defaults: readonly EnvDefault[],
): { url: string; db: number } {
  const get = (name: string | undefined): string | undefined => {
    if (name === undefined) return undefined;
    const v = env[name];
    if (v !== undefined && v !== '') return v;
    return defaults.find((d) => d.name === name)?.default;
  };
  let dbIndex = db;
  if (conn?.db) {
    const fromEnv = conn.db.env !== undefined ? env[conn.db.env] : undefined;
    if (fromEnv !== undefined && fromEnv !== '' && /^[0-9]+$/.test(fromEnv)) dbIndex = Number(fromEnv);
  }
  let password: string | undefined;
  const pwFile = conn?.passwordFile !== undefined ? env[conn.passwordFile] : undefined;
  if (pwFile) password = readFileSync(pwFile, 'utf8').trim();
  else if (conn?.password !== undefined && env[conn.password]) password = env[conn.password];
  const base = conn?.url.map((n) => env[n]).find((v) => v !== undefined && v !== '');
  let url: string;
  if (base) url = withDb(base, dbIndex);
  else {
    const host = get(conn?.host) ?? 'localhost';
    const port = get(conn?.port) ?? '6379';
    url = `redis://${host}:${port}/${dbIndex}`;
  }
  if (password !== undefined) {
    const u = new URL(url);
    if (!u.password) u.password = encodeURIComponent(password);
    url = u.toString();
  }
  return { url, db: dbIndex };
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
