/** The September-2025 -> today WEPPcloud diff weighed against a throwaway Redis holding note-shaped keys. */
import { dirname, join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSpec, nodeHost } from '../spec/index.ts';
import { startTestRedis, type TestRedis } from '../testing/redis/throwaway-redis.ts';
import { diffModels } from './diff-models.ts';
import { weighLive } from './live.ts';
import { WEPPCLOUD_SPEC, weppcloud202509 } from './testing/weppcloud-2025-09.ts';

describe('keyspec diff --url: WEPPcloud note-shaped keys', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startTestRedis();
    const cache = new Redis(redis.url, { db: 13 });
    // The note's cache keys (`<runid>:<file>`), with a TTL refreshed on load, and one of today's shape.
    await cache.set('03f60f2:wepp.nodb', '{"py/object": "wepppy.nodb.core.wepp.Wepp"}', 'EX', 259200);
    await cache.set('busy-beaver:climate.nodb', '{"py/object": "wepppy.nodb.core.climate.Climate"}', 'EX', 1000);
    await cache.set('/wc1/runs/bu/busy-beaver/wepp.nodb', '{"py/object": "wepppy.nodb.core.wepp.Wepp"}', 'EX', 259200);
    cache.disconnect();
    // Log levels as the note has them (names), and one as the code writes it.
    const levels = new Redis(redis.url, { db: 15 });
    await levels.set('loglevel:busy-beaver', 'debug');
    await levels.set('loglevel:rlew-unwitting-cane', '20');
    levels.disconnect();
  });
  afterAll(async () => redis?.stop());

  it('counts the note-shaped NoDb cache keys the real pattern no longer matches', async () => {
    const noteFile = join(dirname(WEPPCLOUD_SPEC), 'weppcloud-2025-09.yaml');
    const disk = nodeHost();
    const old = loadSpec(noteFile, {
      readFile: (f) => (f === noteFile ? weppcloud202509() : disk.readFile(f)),
      resolve: disk.resolve,
    }).spec!;
    const diff = diffModels(old, loadSpec(WEPPCLOUD_SPEC, disk).spec!);
    await weighLive(diff, { url: redis.url });
    const pattern = diff.changes.find((c) => c.rule === 'key.pattern.changed' && c.subject === 'db:nodb_cache/key:nodb/pattern');
    expect(pattern?.live).toMatchObject({ weighed: true, keys: 2, scanned: 3, complete: true });
    expect(pattern?.live?.weighed && [...pattern.live.samples].sort()).toEqual(['03f60f2:wepp.nodb', 'busy-beaver:climate.nodb']);
    const debug = diff.changes.find((c) => c.rule === 'enum.value.removed' && c.subject.endsWith('/enum:debug'));
    expect(debug?.live).toMatchObject({ weighed: true, keys: 1, samples: ['loglevel:busy-beaver'] });
    const info = diff.changes.find((c) => c.rule === 'enum.value.removed' && c.subject.endsWith('/enum:info'));
    expect(info?.live).toMatchObject({ weighed: true, keys: 0 });
    expect(diff.changes.find((c) => c.rule === 'key.added')?.live).toEqual({ weighed: false, reason: 'no live measure for this rule' });
  });
});
