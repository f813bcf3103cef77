/**
 * The throwaway Redis for tests: one `redis-server` (or testcontainers container) per suite, on a free port,
 * through the same `startEmbeddedRedis` that `keyspec check --embedded` uses. Tests start their servers
 * here and never touch the shared Redis on 6379.
 */
import { freePort, startEmbeddedRedis, type EmbeddedRedis, type EmbeddedRedisOptions } from '../../conformance/redis/embedded-redis.ts';

export type { EmbeddedRedis as TestRedis, EmbeddedRedisOptions as TestRedisOptions };
export { freePort };

/** A fresh, empty Redis; `stop()` it in `afterAll`. */
export function startTestRedis(options: EmbeddedRedisOptions = {}): Promise<EmbeddedRedis> {
  return startEmbeddedRedis(options);
}

/** A throwaway Redis configured as WEPPcloud's (`notify-keyspace-events Kh`). */
export function startWeppcloudRedis(): Promise<EmbeddedRedis> {
  return startTestRedis({ config: { 'notify-keyspace-events': 'Kh' } });
}
