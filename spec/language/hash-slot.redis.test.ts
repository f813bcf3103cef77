/**
 * hash-slot.ts against a real server: `CLUSTER KEYSLOT` on a cluster-enabled node (it answers without
 * slots assigned) for the table values and a few thousand random keys, tags and UTF-8 included.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRedis, type TestRedis } from '../../testing/redis/throwaway-redis.ts';
import { keySlot } from './hash-slot.ts';

let server: TestRedis;
let redis: Redis;

beforeAll(async () => {
  server = await startTestRedis({ config: { 'cluster-enabled': 'yes' } });
  redis = new Redis(server.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
}, 60_000);

afterAll(async () => {
  redis?.disconnect();
  await server?.stop();
});

async function serverSlot(key: string | Buffer): Promise<number> {
  return (await redis.call('CLUSTER', 'KEYSLOT', key)) as number;
}

/** A deterministic generator, so a failure can be reproduced. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const ALPHABET = ['a', 'b', 'z', '0', '9', ':', '-', '_', '{', '}', '{', '}', ' ', 'é', 'λ', '日', '😀'];

function randomKey(next: () => number): string {
  const n = Math.floor(next() * 24);
  let s = '';
  for (let i = 0; i < n; i++) s += ALPHABET[Math.floor(next() * ALPHABET.length)]!;
  return s;
}

describe('keySlot equals CLUSTER KEYSLOT', () => {
  it.each(['foo', 'bar', 'hello', '{user1000}.following', '{user1000}.followers', 'foo{}{bar}', 'foo{{bar}}zap', 'foo{bar}{zap}', 'λ{ü}'])(
    '%j',
    async (key) => {
      expect(keySlot(key)).toBe(await serverSlot(key));
    },
  );

  it('on 3,000 random keys (braces, UTF-8, empty tags)', async () => {
    const next = rng(12);
    const keys = Array.from({ length: 3000 }, () => randomKey(next));
    const pipeline = redis.pipeline();
    for (const k of keys) pipeline.call('CLUSTER', 'KEYSLOT', k);
    const replies = (await pipeline.exec())!;
    const mismatches = keys.flatMap((k, i) => (keySlot(k) === replies[i]![1] ? [] : [{ key: k, ours: keySlot(k), redis: replies[i]![1] }]));
    expect(mismatches).toEqual([]);
    // The sample does exercise tags: some keys hash only their tag.
    expect(keys.filter((k) => /\{[^}]+\}/.test(k)).length).toBeGreaterThan(300);
  });

  it('on 500 random byte strings', async () => {
    const next = rng(99);
    for (let i = 0; i < 500; i++) {
      const bytes = Buffer.from(Array.from({ length: Math.floor(next() * 16) }, () => Math.floor(next() * 256)));
      expect(keySlot(bytes), bytes.toString('hex')).toBe(await serverSlot(bytes));
    }
  });
});
