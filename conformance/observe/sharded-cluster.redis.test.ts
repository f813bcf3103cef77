/**
 * Sharded pub/sub on a Redis Cluster (3 masters, testing/redis/cluster.ts): a shard channel lives on the
 * master owning its slot, so observe SSUBSCRIBEs each known name there, and hears SPUBLISHes made through
 * a cluster client whichever master owns them.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { keySlot } from '../redis/cluster-slots.ts';
import { runObserve } from './run-observe.ts';
import { haveRedisCli, startTestCluster, type TestCluster } from '../../testing/redis/cluster.ts';

const root = join(import.meta.dirname, '..', '..');
const APP = join(root, 'testing', 'fixtures', 'redis8-app.yaml');

describe.runIf(haveRedisCli)('observe and sharded channels on a Redis Cluster', () => {
  let tc: TestCluster;
  beforeAll(async () => {
    tc = await startTestCluster({ masters: 3, config: { 'notify-keyspace-events': 'KEA' } });
  }, 120_000);
  afterAll(async () => tc?.stop());

  it('SSUBSCRIBEs each sharded name at its slot owner and judges what is SPUBLISHed there', async () => {
    const names = ['room:{attic}', 'lobby', 'room:{kitchen}'];
    // The names live on three different masters.
    const owners = await Promise.all(
      names.map(async (n) => {
        const r = new Redis(tc.masters[0]!.url);
        try {
          const slots = (await r.call('CLUSTER', 'SLOTS')) as [number, number, [string, number]][];
          const s = keySlot(n);
          return slots.find(([from, to]) => s >= from && s <= to)![2][1];
        } finally {
          r.disconnect();
        }
      }),
    );
    expect(new Set(owners).size).toBe(3);
    const client = tc.client();
    const controller = new AbortController();
    let done: Promise<unknown> = Promise.resolve();
    const res = await runObserve({
      spec: APP,
      url: tc.masters[0]!.url,
      env: {},
      durationSeconds: 60,
      settleMs: 150,
      signal: controller.signal,
      onReady: () => {
        done = (async () => {
          await client.spublish('room:{attic}', 'free text');
          await client.spublish('room:{kitchen}', 'more free text');
          await client.spublish('lobby', 'say hello');
          await client.spublish('lobby', 'no template fits this');
        })().finally(() => setTimeout(() => controller.abort(), 600));
      },
    });
    await done;
    const bad = res.findings.filter((f) => f.id === 'channel.message');
    expect(bad.map((f) => f.channel)).toEqual(['lobby']);
    expect(res.findings.filter((f) => f.id === 'check.error' || f.id === 'channel.undeclared')).toEqual([]);
    expect(res.summary.observe?.messages).toBe(4);
  }, 120_000);
});
