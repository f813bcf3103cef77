/**
 * `keyspec probe` on a Redis Cluster (issue 12): the scratch hash of a prefixed deployment is written
 * under its prefix on the master that owns its slot, the service (a test relay watching every master's
 * keyspace notifications, as a cluster-aware service must) answers, and nothing is left behind.
 */
import { once } from 'node:events';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { WebSocketServer } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProbe } from './run-probe.ts';
import { keySlot } from '../../spec/index.ts';
import { haveRedisCli, startTestCluster, type TestCluster } from '../../testing/redis/cluster.ts';

const SPEC = join(import.meta.dirname, '..', '..', 'testing', 'fixtures', 'cluster-probe.yaml');

describe.runIf(haveRedisCli)('probe on a cluster', () => {
  let cluster: TestCluster;
  let wss: WebSocketServer;
  const subs: Redis[] = [];
  const written: string[] = [];
  beforeAll(async () => {
    cluster = await startTestCluster({ config: { 'notify-keyspace-events': 'Kh' } });
    wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await once(wss, 'listening');
    wss.on('connection', (socket, req) => {
      const runid = decodeURIComponent((req.url ?? '/').slice(1));
      const channel = `__keyspace@0__:lock:{${runid}}`;
      for (const m of cluster.masters) {
        const sub = new Redis(m.url);
        subs.push(sub);
        void sub.subscribe(channel);
        sub.on('message', (_c: string, event: string) => {
          if (event !== 'hset') return;
          written.push(`${m.port}`);
          socket.send(JSON.stringify({ type: 'preflight' }));
        });
      }
    });
  }, 90_000);
  afterAll(async () => {
    for (const s of subs) s.disconnect();
    wss?.close();
    await cluster?.stop();
  });

  it('writes the prefixed scratch hash on the owning master, passes, and leaves nothing', async () => {
    const port = (wss.address() as { port: number }).port;
    const r = await runProbe({ spec: SPEC, url: cluster.masters[0]!.url, services: [`preflight=ws://127.0.0.1:${port}`], timeoutMs: 5000 });
    expect(r.findings).toEqual([]);
    expect(r.summary.probes!.map((p) => p.state)).toEqual(['pass']);
    // The hset was seen on exactly one master: the one that owns the slot of lock:{keyspec-probe}.
    expect(new Set(written).size).toBe(1);
    const slot = keySlot('lock:{keyspec-probe}');
    const admin = new Redis(cluster.masters[0]!.url);
    const ranges = (await admin.cluster('SLOTS')) as unknown as [number, number, [string, number]][];
    admin.disconnect();
    const own = ranges.find(([a, b]) => slot >= a && slot <= b)!;
    expect(written[0]).toBe(String(own[2][1]));
    expect(await cluster.client().exists('lock:{keyspec-probe}')).toBe(0);
  });
});
