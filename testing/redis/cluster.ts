/**
 * A throwaway Redis Cluster for tests: N masters (and optionally one replica each) started with
 * `startTestRedis` on free ports, joined with `redis-cli --cluster create`, and waited for until every
 * node reports `cluster_state:ok` (and every replica has finished its sync). `stop()` tears every node
 * down; a failure while starting tears down what was started before rethrowing.
 */
import { spawnSync } from 'node:child_process';
import { Cluster, Redis } from 'ioredis';
import { startTestRedis, type TestRedis } from './throwaway-redis.ts';

export interface TestClusterOptions {
  /** Masters (at least 3: redis-cli refuses fewer). */
  masters?: number;
  /** One replica per master. */
  replicas?: boolean;
  /** Extra redis-server config for every node. */
  config?: Record<string, string>;
}

export interface TestCluster {
  /** Every node, masters first (in the order redis-cli was given them). */
  nodes: TestRedis[];
  masters: TestRedis[];
  replicas: TestRedis[];
  /** A cluster client routed by slot (disconnect it, or let `stop()` do it). */
  client(): Cluster;
  stop(): Promise<void>;
}

/** Whether `redis-cli` (needed to create the cluster) is installed. */
export const haveRedisCli = spawnSync('redis-cli', ['--version']).status === 0;

async function waitFor(what: string, ok: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    if (await ok()) return;
    if (Date.now() > end) throw new Error(`test cluster: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function startTestCluster(options: TestClusterOptions = {}): Promise<TestCluster> {
  const masters = options.masters ?? 3;
  const perMaster = options.replicas ? 1 : 0;
  const nodes: TestRedis[] = [];
  const clients: Cluster[] = [];
  const stop = async (): Promise<void> => {
    for (const c of clients.splice(0)) c.disconnect();
    await Promise.allSettled(nodes.splice(0).map((n) => n.stop()));
  };
  try {
    for (let i = 0; i < masters * (1 + perMaster); i++)
      nodes.push(
        await startTestRedis({
          mode: 'local',
          config: { 'cluster-enabled': 'yes', 'cluster-node-timeout': '5000', ...(options.config ?? {}) },
        }),
      );
    const r = spawnSync(
      'redis-cli',
      ['--cluster', 'create', ...nodes.map((n) => `127.0.0.1:${n.port}`), '--cluster-replicas', String(perMaster), '--cluster-yes'],
      { encoding: 'utf8', timeout: 60_000 },
    );
    if (r.status !== 0) throw new Error(`redis-cli --cluster create failed: ${r.stderr}${r.stdout}`);
    const roles = new Map<TestRedis, string>();
    for (const n of nodes) {
      const c = new Redis(n.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
      try {
        await c.connect();
        await waitFor(`cluster_state:ok on ${n.port}`, async () => /cluster_state:ok/.test(String(await c.call('CLUSTER', 'INFO'))));
        // Every node knows every other node (the gossip has converged).
        await waitFor(`the full topology on ${n.port}`, async () => {
          const lines = String(await c.call('CLUSTER', 'NODES'))
            .trim()
            .split('\n');
          return lines.length === nodes.length && lines.every((l) => !/handshake|noaddr/.test(l));
        });
        const info = String(await c.info('replication'));
        const role = /role:(\w+)/.exec(info)?.[1] ?? 'master';
        roles.set(n, role);
        if (role === 'slave')
          await waitFor(`replica ${n.port} in sync`, async () => /master_link_status:up/.test(String(await c.info('replication'))));
      } finally {
        c.disconnect();
      }
    }
    const ms = nodes.filter((n) => roles.get(n) !== 'slave');
    const rs = nodes.filter((n) => roles.get(n) === 'slave');
    return {
      nodes,
      masters: ms,
      replicas: rs,
      client: () => {
        const c = new Cluster(
          ms.map((n) => ({ host: n.host, port: n.port })),
          { enableReadyCheck: true },
        );
        clients.push(c);
        return c;
      },
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** Waits until every replica has the keys of its master (DBSIZE equal), e.g. after writes. */
export async function waitForReplicas(cluster: TestCluster): Promise<void> {
  for (const rep of cluster.replicas) {
    const c = new Redis(rep.url);
    try {
      const info = String(await c.info('replication'));
      const port = Number(/master_port:(\d+)/.exec(info)?.[1]);
      const m = new Redis({ host: rep.host, port });
      try {
        await waitFor(`replica ${rep.port} caught up`, async () => (await c.dbsize()) === (await m.dbsize()));
      } finally {
        m.disconnect();
      }
    } finally {
      c.disconnect();
    }
  }
}
