import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { dockerReachable, startEmbeddedRedis, type EmbeddedRedis } from './embedded-redis.ts';

describe('embedded redis', () => {
  let server: EmbeddedRedis | undefined;
  afterAll(async () => server?.stop());

  it('starts a throwaway server with the requested config and stops it', async () => {
    server = await startEmbeddedRedis({ config: { 'notify-keyspace-events': 'Kh' } });
    expect(server.mode).toBe((await dockerReachable()) ? 'docker' : 'local');
    const client = new Redis(server.url);
    try {
      expect(await client.ping()).toBe('PONG');
      expect(await client.config('GET', 'notify-keyspace-events')).toEqual(['notify-keyspace-events', 'hK']);
      expect(server.port).not.toBe(6379);
    } finally {
      client.disconnect();
    }
    await server.stop();
    const after = new Redis(server.url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    after.on('error', () => {});
    await expect(after.connect()).rejects.toThrow();
    after.disconnect();
  });
});
