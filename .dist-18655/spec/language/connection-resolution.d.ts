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
export declare class ConnectionResolutionError extends Error {
}
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
export declare function resolveConnection(conn: Omit<Connection, 'description'> | undefined, db: number, env: Env, defaults: readonly EnvDefaultOf[], readFile: (path: string) => string): ResolvedConnection;
/**
 * Text that was meant to be a URL, safe to echo however malformed it is: anything that looks like
 * userinfo (`user:secret@`, `:secret@`, `secret@`, with or without a scheme, with slashes, spaces or
 * newlines in it) becomes `user:***@`, and every known secret (e.g. a password file's content) `***`.
 */
export declare function redactCredentials(text: string, secrets?: readonly (string | undefined)[]): string;
//# sourceMappingURL=connection-resolution.d.ts.map