/**
 * Connections to the checked server: ioredis options that fail fast (no retries, no offline queue
 * surprises) and a connect that reports the redacted URL.
 */
import { Redis, type RedisOptions } from 'ioredis';
import type { Target } from './connection.ts';

export class ConnectError extends Error {}

export function connectionOptions(t: Target, db = 0): RedisOptions {
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
    connectTimeout: 5000,
    autoResubscribe: false,
  };
}

export async function openConnection(t: Target, db = 0): Promise<Redis> {
  const conn = new Redis(connectionOptions(t, db));
  conn.on('error', () => {});
  try {
    await conn.connect();
    if (db !== 0) await conn.select(db);
  } catch (e) {
    conn.disconnect();
    throw new ConnectError(`cannot connect to ${t.display}: ${(e as Error).message}`);
  }
  return conn;
}
