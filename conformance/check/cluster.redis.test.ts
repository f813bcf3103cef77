/**
 * Redis Cluster: every master is scanned on its own connection and keys are probed per key (no
 * cross-slot script), so nothing is missed or counted twice.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Cluster, Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from './run-check.ts';
import { startTestRedis, type TestRedis } from '../../testing/redis/throwaway-redis.ts';
import { WeppcloudFixture } from '../../testing/fixtures/weppcloud-fixture.ts';

const SPEC = join(import.meta.dirname, '..', '..', 'spec', 'weppcloud.yaml');
const haveCli = spawnSync('redis-cli', ['--version']).status === 0;

describe.runIf(haveCli)('Redis Cluster', () => {
  const nodes: TestRedis[] = [];
  let cluster: Cluster;
  let written = 0;
  beforeAll(async () => {
    for (let i = 0; i < 3; i++)
      nodes.push(await startTestRedis({ mode: 'local', config: { 'cluster-enabled': 'yes', 'notify-keyspace-events': 'Kh' } }));
    const r = spawnSync(
      'redis-cli',
      ['--cluster', 'create', ...nodes.map((n) => `127.0.0.1:${n.port}`), '--cluster-replicas', '0', '--cluster-yes'],
      { encoding: 'utf8' },
    );
    expect(r.status, r.stderr + r.stdout).toBe(0);
    // Wait until every node agrees the cluster is up.
    for (const n of nodes) {
      const c = new Redis(n.url);
      for (let t = 0; t < 100 && !/cluster_state:ok/.test(String(await c.call('CLUSTER', 'INFO'))); t++)
        await new Promise((res) => setTimeout(res, 100));
      c.disconnect();
    }
    cluster = new Cluster(nodes.map((n) => ({ host: n.host, port: n.port })));
    const f = new WeppcloudFixture({ seed: 3 });
    for (let i = 0; i < 300; i++) {
      for (const k of f.run(i)) {
        for (const [cmd, ...args] of k.commands) await cluster.call(String(cmd), ...args);
        written++;
      }
    }
    await cluster.set('legacy:thing', '1');
    await cluster.hset('planted-run-field', 'attrs:loaded', 'true', 'bogus', '1');
    written += 2;
  }, 60_000);
  afterAll(async () => {
    cluster?.disconnect();
    for (const n of nodes) await n.stop();
  });

  it('scans every master once and finds exactly the planted violations', async () => {
    const res = await runCheck({ spec: SPEC, url: nodes[1]!.url, sampleRate: 1, dbs: [0] });
    expect(res.summary.server.cluster).toBe(true);
    expect(res.report!.target.nodes).toHaveLength(3);
    expect(res.summary.keys.scanned).toBe(written);
    const errors = res.findings.filter((f) => f.severity === 'error');
    expect(errors.map((f) => [f.id, f.key]).sort()).toEqual([
      ['hash.field.unknown', 'planted-run-field'],
      ['key.unmatched', 'legacy:thing'],
    ]);
    expect(res.summary.patterns.find((p) => p.pattern === 'lock.run')!.seen).toBe(301);
  });
});
