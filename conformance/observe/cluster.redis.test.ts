/**
 * `observe` on a Redis Cluster (3 masters, testing/redis/cluster.ts): keyspace notifications are
 * node-local, so every master is subscribed to; every write made through a cluster client is seen,
 * from every master; a master without the notify flags is named; pub/sub through the cluster is seen
 * once; MONITOR runs on every master.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { loadSpec, nodeHost, type Spec } from '../../spec/index.ts';
import { keySlot } from '../redis/cluster-slots.ts';
import { runObserve, type RunObserveOptions } from './run-observe.ts';
import { haveRedisCli, startTestCluster, type TestCluster } from '../../testing/redis/cluster.ts';
import { WeppcloudFixture } from '../../testing/fixtures/weppcloud-fixture.ts';

const root = join(import.meta.dirname, '..', '..');
const spec: Spec = loadSpec(join(root, 'spec', 'weppcloud.yaml'), nodeHost(root)).spec!;

async function observeDuring(url: string, traffic: () => Promise<unknown>, extra: Partial<RunObserveOptions> = {}) {
  const controller = new AbortController();
  let trafficDone: Promise<unknown> = Promise.resolve();
  const result = runObserve({
    spec,
    url,
    env: {},
    durationSeconds: 60,
    settleMs: 150,
    signal: controller.signal,
    onReady: () => {
      trafficDone = traffic().finally(() => setTimeout(() => controller.abort(), 500));
    },
    ...extra,
  });
  const r = await result;
  await trafficDone;
  return r;
}

describe.runIf(haveRedisCli)('keyspec observe on a Redis Cluster', () => {
  let tc: TestCluster;
  beforeAll(async () => {
    tc = await startTestCluster({ masters: 3, config: { 'notify-keyspace-events': 'KEA' } });
  }, 120_000);
  afterAll(async () => tc?.stop());

  /** 300 run locks (one HSET each: one hset event each) written through the cluster client. */
  const locks = (seed: number): string[][] => {
    const f = new WeppcloudFixture({ seed });
    const out: string[][] = [];
    for (let i = 0; i < 300; i++) for (const k of f.run(i)) if (k.pattern === 'lock.run') out.push(k.commands[0]!.map(String));
    return out;
  };

  it('sees every write made through the cluster, from every master, and reports the nodes', async () => {
    const writes = locks(11);
    expect(writes).toHaveLength(300);
    // The keys fall on every master.
    const owners = new Set<number>();
    const admin = new Redis(tc.masters[0]!.url);
    for (const [, key] of writes) {
      const slot = keySlot(key!);
      const slots = (await admin.call('CLUSTER', 'SLOTS')) as [number, number, [string, number]][];
      owners.add(slots.find(([a, b]) => slot >= a && slot <= b)![2][1]);
    }
    admin.disconnect();
    expect(owners.size).toBe(3);
    const client = tc.client();
    const r = await observeDuring(tc.masters[1]!.url, async () => {
      for (const [cmd, ...args] of writes) await client.call(cmd!, ...args);
      await client.publish('unknown-channel-x', 'hello');
    });
    client.disconnect();
    expect(r.summary.server.cluster).toBe(true);
    expect(r.report!.target.cluster).toBe(true);
    expect(r.report!.target.nodes.sort()).toEqual(tc.masters.map((m) => `${m.host}:${m.port}`).sort());
    expect(r.summary.observe!.events).toBe(300);
    expect(r.summary.observe!.keysJudged).toBe(300);
    // PUBLISH reaches every node, and is counted once.
    expect(r.summary.observe!.messages).toBe(1);
    expect(r.findings.filter((f) => f.id === 'channel.undeclared').map((f) => f.channel)).toEqual(['unknown-channel-x']);
    expect(r.findings.filter((f) => f.id === 'observe.events.unverifiable')).toEqual([]);
  }, 60_000);

  it('names a master that publishes no keyspace events', async () => {
    const odd = tc.masters[2]!;
    const c = new Redis(odd.url);
    try {
      await c.config('SET', 'notify-keyspace-events', '');
      const r = await observeDuring(tc.masters[0]!.url, async () => undefined);
      const f = r.findings.filter((x) => x.id === 'observe.events.unverifiable');
      expect(f).toHaveLength(1);
      expect(f[0]!.message).toContain(`on master ${odd.host}:${odd.port}: `);
    } finally {
      await c.config('SET', 'notify-keyspace-events', 'KEA');
      c.disconnect();
    }
  }, 60_000);

  it('--monitor: MONITOR on every master sees every command', async () => {
    const writes = locks(12);
    const client = tc.client();
    const r = await observeDuring(
      tc.masters[0]!.url,
      async () => {
        for (const [cmd, ...args] of writes) await client.call(cmd!, ...args);
      },
      { monitor: true },
    );
    client.disconnect();
    // Each write counted once per source: 300 notifications and the 300 HSETs in the MONITOR streams,
    // whichever master each ran on.
    expect(r.summary.observe!.events).toBe(600);
    expect(r.summary.observe!.commands).toBeGreaterThanOrEqual(300);
    expect(r.findings.filter((f) => f.severity === 'error')).toEqual([]);
  }, 60_000);
});
