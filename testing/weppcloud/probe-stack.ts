/**
 * A throwaway Redis with the two reference WEPPcloud relays of its own, for the probe tests; afterwards it
 * proves that no probe key was left in any database.
 */
import { Redis } from 'ioredis';
import { expect } from 'vitest';
import { startTestRedis, type TestRedis } from '../redis/throwaway-redis.ts';
import { startWeppcloudServices, type BrokenRelay, type WeppcloudServices } from './reference.ts';

export interface Stack {
  redis: TestRedis;
  services: WeppcloudServices;
  admin: Redis;
}

/** Every key in every database whose name contains `keyspec-probe`. */
export async function probeKeys(admin: Redis): Promise<string[]> {
  const info = await admin.info('keyspace');
  const dbs = [...info.matchAll(/^db(\d+):/gm)].map((m) => Number(m[1]));
  const found: string[] = [];
  for (const db of dbs) {
    const c = admin.duplicate({ db });
    try {
      let cursor = '0';
      do {
        const [next, keys] = await c.scan(cursor, 'MATCH', '*keyspec-probe*', 'COUNT', 1000);
        cursor = next;
        found.push(...keys.map((k) => `${db}:${k}`));
      } while (cursor !== '0');
    } finally {
      c.disconnect();
    }
  }
  return found;
}

/** Calls per command since the server started (INFO commandstats). */
export async function commandCalls(admin: Redis): Promise<Record<string, number>> {
  const text = await admin.info('commandstats');
  return Object.fromEntries([...text.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)].map((m) => [m[1]!, Number(m[2])]));
}

/** A Redis and the two relays of its own; afterwards, proves that no probe key was left anywhere. */
export async function withStack<T>(
  options: { brokenRelay?: BrokenRelay; pingIntervalMs?: number },
  fn: (s: Stack) => Promise<T>,
): Promise<T> {
  const redis = await startTestRedis({ config: { 'notify-keyspace-events': 'Kh' } });
  let services: WeppcloudServices | undefined;
  let admin: Redis | undefined;
  try {
    services = await startWeppcloudServices({
      redisUrl: redis.url,
      ...(options.brokenRelay ? { brokenRelay: options.brokenRelay } : {}),
      ...(options.pingIntervalMs ? { pingIntervalMs: options.pingIntervalMs } : {}),
    });
    admin = new Redis(redis.url);
    const result = await fn({ redis, services, admin });
    expect(await probeKeys(admin)).toEqual([]);
    return result;
  } finally {
    admin?.disconnect();
    await services?.stop();
    await redis.stop();
  }
}

export const both = (s: WeppcloudServices): string[] => [`status=${s.statusUrl}`, `preflight=${s.preflightUrl}`];
