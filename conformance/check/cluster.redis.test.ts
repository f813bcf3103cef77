/**
 * Redis Cluster (3 masters, one replica each, testing/redis/cluster.ts): every master is scanned on its
 * own connection, per-database and per-node figures are the sums of DBSIZE, a multi-database spec gets
 * `cluster.databases` and no `pattern.unseen` noise, `--replicas` scans the replicas, a node whose
 * `notify-keyspace-events` differs is named, and a slot migration during the scan loses or
 * double-counts no key.
 */
import { join } from 'node:path';
import type { Cluster } from 'ioredis';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from './run-check.ts';
import { keySlot } from '../redis/cluster-slots.ts';
import { renderReport } from '../reports/render.ts';
import { haveRedisCli, startTestCluster, waitForReplicas, type TestCluster } from '../../testing/redis/cluster.ts';
import { WeppcloudFixture } from '../../testing/fixtures/weppcloud-fixture.ts';

const SPEC = join(import.meta.dirname, '..', '..', 'spec', 'weppcloud.yaml');

describe.runIf(haveRedisCli)('Redis Cluster', () => {
  let tc: TestCluster;
  let cluster: Cluster;
  let written = 0;
  const planted: string[] = [];
  beforeAll(async () => {
    tc = await startTestCluster({ masters: 3, replicas: true, config: { 'notify-keyspace-events': 'Kh' } });
    cluster = tc.client();
    const f = new WeppcloudFixture({ seed: 3 });
    for (let i = 0; i < 300; i++) {
      for (const k of f.run(i)) {
        for (const [cmd, ...args] of k.commands) await cluster.call(String(cmd), ...args);
        written++;
      }
    }
    // Unmatched keys spread over every master's slots.
    for (let i = 0; i < 30; i++) {
      planted.push(`legacy:thing:${i}`);
      await cluster.set(`legacy:thing:${i}`, '1');
    }
    await cluster.hset('planted-run-field', 'attrs:loaded', 'true', 'bogus', '1');
    written += 31;
    await waitForReplicas(tc);
  }, 120_000);
  afterAll(async () => {
    await tc?.stop();
  });

  const dbsizes = async (nodes: { url: string }[]): Promise<number[]> => {
    const out: number[] = [];
    for (const n of nodes) {
      const c = new Redis(n.url);
      out.push(await c.dbsize());
      c.disconnect();
    }
    return out;
  };

  it('scans every master once: per-database and per-node figures are the sums of DBSIZE; violations on every node', async () => {
    const res = await runCheck({ spec: SPEC, url: tc.masters[1]!.url, sampleRate: 1, dbs: [0] });
    const sizes = await dbsizes(tc.masters);
    const total = sizes.reduce((a, b) => a + b, 0);
    expect(total).toBe(written);
    expect(res.summary.server.cluster).toBe(true);
    expect(res.report!.target.nodes).toHaveLength(3);
    expect(res.summary.keys.scanned).toBe(written);
    const db0 = res.summary.databases.find((d) => d.db === 0)!;
    expect(db0.size).toBe(total);
    expect(db0.scanned).toBe(total);
    expect(db0.unmatched).toBe(30);
    const nodes = res.summary.nodes!;
    expect(nodes.map((n) => n.role)).toEqual(['master', 'master', 'master']);
    expect(nodes.reduce((a, n) => a + n.slots, 0)).toBe(16384);
    expect(nodes.map((n) => n.size).sort()).toEqual([...sizes].sort());
    for (const n of nodes) {
      expect(n.scanned).toBe(n.size);
      expect(n.unmatched).toBeGreaterThan(0); // planted violations on every node
      expect(n.version).toMatch(/^\d+\.\d+/);
      expect(n.notify).toBeTruthy();
    }
    expect(nodes.reduce((a, n) => a + n.unmatched, 0)).toBe(30);
    const errors = res.findings.filter((f) => f.severity === 'error');
    expect(
      errors
        .filter((f) => f.id === 'key.unmatched')
        .map((f) => f.key)
        .sort(),
    ).toEqual([...planted].sort());
    expect(errors.filter((f) => f.id !== 'key.unmatched').map((f) => [f.id, f.key])).toEqual([['hash.field.unknown', 'planted-run-field']]);
    expect(res.summary.patterns.find((p) => p.pattern === 'lock.run')!.seen).toBe(301);
    // The renderers show the summed figures and every node.
    const text = renderReport('text', res.report!);
    expect(text).toContain(`databases: 0 (lock): ${total.toLocaleString('en-US')}`);
    for (const n of nodes) expect(text).toContain(`node ${n.address} (master, `);
    const md = renderReport('markdown', res.report!);
    expect(md).toContain('### Cluster nodes');
    for (const n of nodes) expect(md).toContain(`| \`${n.address}\` | master |`);
    const junit = renderReport('junit', res.report!);
    for (const n of nodes) expect(junit).toContain(`on ${n.address}`);
  });

  it('a multi-database spec: cluster.databases names the databases a cluster cannot have; no pattern.unseen for them', async () => {
    const res = await runCheck({ spec: SPEC, url: tc.masters[0]!.url, sampleRate: 0 });
    const f = res.findings.filter((x) => x.id === 'cluster.databases');
    expect(f).toHaveLength(1);
    expect(f[0]!.severity).toBe('error');
    expect(f[0]!.message).toMatch(/only database 0/);
    expect(f[0]!.message).toMatch(/databases 2 \(.*\), 9 .*15/);
    expect(f[0]!.message).toContain('deployment.databases: per-endpoint | prefixed | native');
    expect(f[0]!.message).toContain('--db 0');
    expect(res.findings.filter((x) => x.id === 'pattern.unseen' && x.db !== 0)).toEqual([]);
    expect(res.summary.databases.map((d) => d.db)).toEqual([0]);
    expect(res.summary.keys.scanned).toBe(written);
    expect(res.exitCode).toBe(1);
    // With --db 0: no such finding.
    const only0 = await runCheck({ spec: SPEC, url: tc.masters[0]!.url, sampleRate: 0, dbs: [0] });
    expect(only0.findings.some((x) => x.id === 'cluster.databases')).toBe(false);
  });

  it('--replicas scans one replica of each master (READONLY), and finds the same', async () => {
    const res = await runCheck({ spec: SPEC, url: tc.masters[0]!.url, sampleRate: 1, dbs: [0], replicas: true });
    const nodes = res.summary.nodes!;
    expect(nodes.map((n) => n.role)).toEqual(['replica', 'replica', 'replica']);
    const replicaAddrs = tc.replicas.map((r) => `${r.host}:${r.port}`).sort();
    expect(nodes.map((n) => n.address).sort()).toEqual(replicaAddrs);
    expect(new Set(nodes.map((n) => n.master)).size).toBe(3);
    expect(res.summary.keys.scanned).toBe(written);
    for (const n of nodes) expect(n.scanned).toBe(n.size);
    expect(res.findings.filter((f) => f.id === 'key.unmatched')).toHaveLength(30);
  });

  it('a master whose notify-keyspace-events differs is named (one finding for that node)', async () => {
    const odd = tc.masters[2]!;
    const c = new Redis(odd.url);
    try {
      await c.config('SET', 'notify-keyspace-events', '');
      const res = await runCheck({ spec: SPEC, url: tc.masters[0]!.url, sampleRate: 0, dbs: [0] });
      const f = res.findings.filter((x) => x.id === 'server.notify');
      expect(f).toHaveLength(1);
      expect(f[0]!.message).toContain(`${odd.host}:${odd.port}`);
      const chk = res.summary.server.checks.find((x) => x.id === 'server.notify')!;
      expect(chk.state).toBe('fail');
      expect(chk.actual).toMatch(/^differs per node: /);
      const node = res.summary.nodes!.find((n) => n.address === `${odd.host}:${odd.port}`)!;
      expect(node.notify).toBe('');
      expect(node.checks.find((x) => x.id === 'server.notify')!.state).toBe('fail');
      expect(res.summary.nodes!.filter((n) => n.checks.find((x) => x.name === 'notify-keyspace-events')!.state === 'pass')).toHaveLength(2);
    } finally {
      await c.config('SET', 'notify-keyspace-events', 'Kh');
      c.disconnect();
    }
  });

  it('a slot migration during the scan loses and double-counts no key', async () => {
    const before = await runCheck({ spec: SPEC, url: tc.masters[0]!.url, sampleRate: 0, dbs: [0] });
    expect(before.summary.keys.scanned).toBe(written);
    // Every slot holding keys, by master.
    const ids = new Map<string, string>();
    const owner = new Map<number, string>();
    for (const m of tc.masters) {
      const c = new Redis(m.url);
      ids.set(`${m.port}`, String(await c.call('CLUSTER', 'MYID')));
      c.disconnect();
    }
    const admin = new Redis(tc.masters[0]!.url);
    for (const line of String(await admin.call('CLUSTER', 'NODES'))
      .trim()
      .split('\n')) {
      const f = line.split(' ');
      const port = f[1]!.split('@')[0]!.split(':')[1]!;
      for (const r of f.slice(8)) {
        const [a, b] = r.split('-').map(Number);
        for (let s = a!; s <= (b ?? a!); s++) owner.set(s, port);
      }
    }
    admin.disconnect();
    const slotsWithKeys = new Map<string, number[]>();
    const f = new WeppcloudFixture({ seed: 3 });
    const keyNames = new Set<string>();
    for (let i = 0; i < 300; i++) for (const k of f.run(i)) keyNames.add(k.key);
    for (const k of keyNames) {
      const s = keySlot(k);
      const p = owner.get(s)!;
      const list = slotsWithKeys.get(p) ?? [];
      if (!list.includes(s)) list.push(s);
      slotsWithKeys.set(p, list);
    }
    const ports = tc.masters.map((m) => String(m.port));
    // Moves: slots of master 0 to master 1, of master 2 to master 0 (a node scanned later gets keys of
    // one scanned earlier and the other way round).
    const moves: { slot: number; from: string; to: string }[] = [];
    for (const [from, to] of [
      [ports[0]!, ports[1]!],
      [ports[2]!, ports[0]!],
    ] as const)
      for (const slot of (slotsWithKeys.get(from) ?? []).slice(0, 40)) moves.push({ slot, from, to });
    const conn = (port: string): Redis => new Redis({ host: '127.0.0.1', port: Number(port) });
    const migrate = async (): Promise<number> => {
      let moved = 0;
      const cs = new Map(ports.map((p) => [p, conn(p)]));
      try {
        for (const m of moves) {
          const src = cs.get(m.from)!;
          const dst = cs.get(m.to)!;
          await dst.call('CLUSTER', 'SETSLOT', String(m.slot), 'IMPORTING', ids.get(m.from)!);
          await src.call('CLUSTER', 'SETSLOT', String(m.slot), 'MIGRATING', ids.get(m.to)!);
          for (;;) {
            const keys = (await src.call('CLUSTER', 'GETKEYSINSLOT', String(m.slot), '10')) as string[];
            if (!keys.length) break;
            await src.call('MIGRATE', '127.0.0.1', m.to, '', '0', '5000', 'KEYS', ...keys);
            moved += keys.length;
            await new Promise((r) => setTimeout(r, 5));
          }
          for (const c of cs.values()) await c.call('CLUSTER', 'SETSLOT', String(m.slot), 'NODE', ids.get(m.to)!);
        }
      } finally {
        for (const c of cs.values()) c.disconnect();
      }
      return moved;
    };
    // A slow scan (small pages, few commands per second) with the migration under way.
    const check = runCheck({ spec: SPEC, url: tc.masters[0]!.url, sampleRate: 0, dbs: [0], count: 10, maxOps: 500, concurrency: 1 });
    let checkDone = false;
    void check.then(() => (checkDone = true));
    await new Promise((r) => setTimeout(r, 150));
    const moved = await migrate();
    // The migration ran while the scan was under way.
    expect(checkDone).toBe(false);
    const res = await check;
    expect(moved).toBeGreaterThan(50);
    expect(res.findings.filter((x) => x.id === 'check.error')).toEqual([]);
    expect(res.summary.keys.scanned).toBe(written);
    expect(res.summary.databases[0]!.scanned).toBe(written);
    expect(
      res.findings
        .filter((x) => x.id === 'key.unmatched')
        .map((x) => x.key)
        .sort(),
    ).toEqual([...planted].sort());
    const seen = (r: typeof res): [string, number][] => r.summary.patterns.map((p) => [p.pattern, p.seen]);
    expect(seen(res)).toEqual(seen(before));
    expect(res.summary.nodes!.reduce((a, n) => a + n.scanned, 0)).toBe(written);
    // And the cluster as it is now: per-node figures match DBSIZE again.
    const after = await runCheck({ spec: SPEC, url: tc.masters[0]!.url, sampleRate: 0, dbs: [0] });
    const sizes = await dbsizes(tc.masters);
    expect(after.summary.nodes!.map((n) => n.size).sort()).toEqual(sizes.sort());
    expect(after.summary.keys.scanned).toBe(written);
  }, 120_000);

  it('a slot still migrating at the end: cluster.migrating names it and counts the keys not checked', async () => {
    const ids = new Map<number, string>();
    for (const m of tc.masters) {
      const c = new Redis(m.url);
      ids.set(m.port, String(await c.call('CLUSTER', 'MYID')));
      c.disconnect();
    }
    const cl = tc.client();
    // Four keys in one slot (a hash tag), then half of them moved to another master, the slot left migrating.
    const keys = ['{migrating}:a', '{migrating}:b', '{migrating}:c', '{migrating}:d'];
    for (const k of keys) await cl.set(k, '1');
    const slot = keySlot(keys[0]!);
    const admin = new Redis(tc.masters[0]!.url);
    const slots = (await admin.call('CLUSTER', 'SLOTS')) as [number, number, [string, number]][];
    admin.disconnect();
    const ownerPort = slots.find(([a, b]) => slot >= a && slot <= b)![2][1];
    const toPort = tc.masters.find((m) => m.port !== ownerPort)!.port;
    const from = new Redis({ host: '127.0.0.1', port: ownerPort });
    const to = new Redis({ host: '127.0.0.1', port: toPort });
    try {
      await to.call('CLUSTER', 'SETSLOT', String(slot), 'IMPORTING', ids.get(ownerPort)!);
      await from.call('CLUSTER', 'SETSLOT', String(slot), 'MIGRATING', ids.get(toPort)!);
      await from.call('MIGRATE', '127.0.0.1', String(toPort), '', '0', '5000', 'KEYS', keys[0]!, keys[1]!);
      const res = await runCheck({ spec: SPEC, url: tc.masters[0]!.url, sampleRate: 0, dbs: [0] });
      const f = res.findings.filter((x) => x.id === 'cluster.migrating');
      expect(f).toHaveLength(1);
      expect(f[0]!.severity).toBe('warning');
      expect(f[0]!.message).toContain(`slot ${slot} was still being migrated`);
      expect(f[0]!.message).toContain('2 keys already on the importing node were not checked');
      // The two keys still on the source are counted, once.
      expect(res.summary.keys.scanned).toBe(written + 2);
      // The migration finished: the cluster is whole again, and every key is counted.
      await from.call('MIGRATE', '127.0.0.1', String(toPort), '', '0', '5000', 'KEYS', keys[2]!, keys[3]!);
      for (const m of tc.masters) {
        const c = new Redis(m.url);
        await c.call('CLUSTER', 'SETSLOT', String(slot), 'NODE', ids.get(toPort)!);
        c.disconnect();
      }
      const whole = await runCheck({ spec: SPEC, url: tc.masters[0]!.url, sampleRate: 0, dbs: [0] });
      expect(whole.findings.some((x) => x.id === 'cluster.migrating')).toBe(false);
      expect(whole.summary.keys.scanned).toBe(written + 4);
    } finally {
      from.disconnect();
      to.disconnect();
    }
  }, 60_000);
});
