/**
 * How a spec connection resolves to a Redis server from the environment: the one rule that `keyspec
 * check` (conformance/redis/connection.ts) and the generated client share. The runtime carries a copy
 * (`resolveConnection` in generator/runtime/connection.ts), parity-tested by generator/runtime-parity.
 *
 * 1. A variable counts as set when its value is non-empty; an unset variable takes the spec's default.
 * 2. The first set variable of `url:` is the base URL (redis:// or rediss://); its scheme, credentials,
 *    host, port and query are kept and its `/<db>` path is replaced by the database.
 * 3. Without one, `host:` (default localhost) and `port:` (default 6379, must be 1..65535).
 * 4. Credentials in the URL win; else the trimmed content of the file `passwordFile:` names; else
 *    `password:`. An empty password is none.
 * 5. The database: the integer in `db.env` when set, else the database's own index.
 */
import type { Connection } from './model.ts';

export type Env = Readonly<Record<string, string | undefined>>;

/** A connection's env var that cannot be used (not a URL, not a port, an unreadable password file). */
export class ConnectionResolutionError extends Error {}

export interface ResolvedConnection {
  /** The URL to connect to: database path and password included. */
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

export interface EnvDefaultOf {
  name: string;
  default?: string;
}

/** Resolves the server and database a connection yields for a database of index `db`. */
export function resolveConnection(
  conn: Omit<Connection, 'description'> | undefined,
  db: number,
  env: Env,
  defaults: readonly EnvDefaultOf[],
  readFile: (path: string) => string,
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
    if (!/^[0-9]+$/.test(dbText.trim())) throw new ConnectionResolutionError(`${conn?.db?.env}: not a database number: ${dbText}`);
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
      throw new ConnectionResolutionError(`${name}: not a URL: ${redactCredentials(v, [get(conn?.password)])}`);
    }
    if (u.protocol !== 'redis:' && u.protocol !== 'rediss:')
      throw new ConnectionResolutionError(
        `${name}: expected a redis:// or rediss:// URL, got ${redactCredentials(v, [get(conn?.password)])}`,
      );
    source = name;
    break;
  }
  if (!u) {
    const host = get(conn?.host) ?? 'localhost';
    const portText = get(conn?.port) ?? '6379';
    const port = Number(portText);
    if (!/^[0-9]+$/.test(portText) || port <= 0 || port > 65535)
      throw new ConnectionResolutionError(`${conn?.port ?? 'port'}: not a port: ${portText}`);
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
        throw new ConnectionResolutionError(`${conn?.passwordFile}: cannot read ${file}: ${(e as Error).message}`);
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

/**
 * Text that was meant to be a URL, safe to echo however malformed it is: anything that looks like
 * userinfo (`user:secret@`, `:secret@`, `secret@`, with or without a scheme, with slashes, spaces or
 * newlines in it) becomes `user:***@`, and every known secret (e.g. a password file's content) `***`.
 */
export function redactCredentials(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  const at = out.lastIndexOf('@');
  if (at >= 0) {
    const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(out)?.[0] ?? '';
    const auth = out.slice(scheme.length, at);
    const i = auth.indexOf(':');
    const user = i < 0 ? '' : auth.slice(0, i);
    // A "user" holding a slash, a space or a control character is no user name: hide it too.
    // eslint-disable-next-line no-control-regex -- control characters are what this looks for
    const safeUser = /^[^/\s\x00-\x1f\x7f]*$/.test(user) ? user : '***';
    out = `${scheme}${i < 0 ? '***' : `${safeUser}:***`}@${out.slice(at + 1)}`;
  }
  for (const s of secrets) if (s) out = out.split(s).join('***');
  return out;
}
