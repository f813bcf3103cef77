/**
 * Connections to the checked server: ioredis options that fail fast (no retries, no offline queue
 * surprises), bounded in time (connect and command timeouts), and a connect whose error names the cause
 * (refused, unknown host, wrong password, TLS, timeout) rather than ioredis' "Connection is closed.".
 */
import { Redis, type RedisOptions } from 'ioredis';
import type { Target } from './connection.ts';
import { DEFAULT_TIMEOUTS, describeRedisError, type Timeouts } from './errors.ts';

export { DEFAULT_TIMEOUTS, type Timeouts } from './errors.ts';

export class ConnectError extends Error {}

export function connectionOptions(t: Target, db = 0, timeouts: Timeouts = DEFAULT_TIMEOUTS): RedisOptions {
  return {
    host: t.host,
    port: t.port,
    db,
    ...(t.username !== undefined ? { username: t.username } : {}),
    ...(t.password !== undefined ? { password: t.password } : {}),
    ...(t.tls ? { tls: {} } : {}),
    lazyConnect: true,
    enableReadyCheck: false,
    enableOfflineQueue: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: timeouts.connectMs,
    commandTimeout: timeouts.commandMs,
    keepAlive: 10_000,
    autoResubscribe: false,
  };
}

/** Rejects with `message` when `p` has not settled within `ms`. */
export function within<T>(p: Promise<T>, ms: number, message: string, onTimeout?: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout?.();
      reject(Object.assign(new Error(message), { code: 'ETIMEDOUT' }));
    }, ms);
  });
  return Promise.race([p, deadline]).finally(() => clearTimeout(timer));
}

/** The cause of a failed connection, in one line with a hint. */
export function connectFailure(t: Target, e: unknown, timeouts: Timeouts = DEFAULT_TIMEOUTS): string {
  return `cannot connect to ${t.display}: ${describeRedisError(e, { host: t.host, port: t.port, tls: t.tls, timeouts })}`;
}

/** The informative one of a failed connect's errors: ioredis' own "Connection is closed." names no cause. */
export function causeOf(e: unknown, events: readonly unknown[]): unknown {
  const generic = (x: unknown): boolean => /Connection is closed/i.test(String((x as Error)?.message ?? x));
  if (!generic(e)) return e;
  return events.find((x) => !generic(x)) ?? e;
}

/** A connection SELECTed to `db`, answering PING; a ConnectError naming the cause (within the connect timeout). */
export async function openConnection(t: Target, db = 0, timeouts: Timeouts = DEFAULT_TIMEOUTS): Promise<Redis> {
  const conn = new Redis(connectionOptions(t, db, timeouts));
  // ioredis rejects connect() with "Connection is closed."; the first 'error' event has the real cause.
  const causes: unknown[] = [];
  conn.on('error', (e: unknown) => void (causes.length < 10 && causes.push(e)));
  try {
    await within(
      (async () => {
        await conn.connect();
        if (db !== 0) await conn.select(db);
        if (t.readonly) await conn.call('READONLY');
        // AUTH's answer (WRONGPASS) may come after connect() resolved: PING makes it part of the connect.
        await conn.ping();
      })(),
      timeouts.connectMs,
      'connect timed out',
    );
  } catch (e) {
    // The 'error' event with the cause may come just after the rejection.
    await new Promise((r) => setImmediate(r));
    conn.disconnect();
    throw new ConnectError(connectFailure(t, causeOf(e, causes), timeouts));
  }
  return conn;
}
