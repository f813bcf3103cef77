/**
 * `check` on a Redis Cluster: which nodes are scanned (every master, or one replica of each with
 * `--replicas`), each node's own server facts, and the settle pass after the node scans that makes a
 * slot migration during the scan lose or double-count no key (CHECKS.md, "Redis Cluster").
 */
import type { Redis } from 'ioredis';
import type { Spec } from '../../spec/index.ts';
import type { CompiledDb } from '../judging/compile.ts';
import { judgeServer, type ServerCheck } from '../judging/server.ts';
import {
  changedSlots,
  movingSlots,
  readTopology,
  slotCount,
  type ClusterNode,
  type SlotLedger,
  type Topology,
} from '../redis/cluster-slots.ts';
import { displayUrl, type Target } from '../redis/connection.ts';
import type { Scanner } from '../redis/scanner.ts';
import { readServer, type ServerState } from '../redis/server-facts.ts';
import type { OpenConnection } from './databases.ts';

/** One node a cluster check scans. */
export interface ScannedNode {
  target: Target;
  /** `host:port`. */
  address: string;
  id: string;
  role: 'master' | 'replica';
  /** A replica's master (`host:port`). */
  master: string | null;
  /** Slots served (a replica: its master's). */
  slots: number;
  dbsize: number;
  state?: ServerState;
  checks: ServerCheck[];
}

export const address = (t: { host: string; port: number }): string => `${t.host}:${t.port}`;

function targetOf(base: Target, n: ClusterNode, readonly: boolean): Target {
  const t: Target = { ...base, host: n.host, port: n.port, display: displayUrl({ ...base, host: n.host, port: n.port }) };
  if (readonly) t.readonly = true;
  else delete t.readonly;
  return t;
}

/**
 * The nodes to scan in `topology`: every master that owns slots, or (`replicas`) one healthy replica
 * of each, an Error naming a master without one.
 */
export function nodesToScan(topology: Topology, base: Target, replicas: boolean): ScannedNode[] {
  const masters = topology.nodes.filter((n) => n.role === 'master' && !n.failing && slotCount(n) > 0);
  return masters.map((m) => {
    const rep = replicas ? topology.nodes.find((n) => n.role === 'replica' && n.masterId === m.id && !n.failing) : undefined;
    if (replicas && !rep) throw new Error(`--replicas: master ${address(m)} has no healthy replica to scan (scan it without --replicas)`);
    const n = rep ?? m;
    return {
      target: targetOf(base, n, rep !== undefined),
      address: address(n),
      id: n.id,
      role: rep ? 'replica' : 'master',
      master: rep ? address(m) : null,
      slots: slotCount(m),
      dbsize: 0,
      checks: [],
    };
  });
}

/** Reads every scanned node's server facts and DBSIZE, and judges its server checks. */
export async function readNodes(nodes: ScannedNode[], spec: Spec, open: OpenConnection): Promise<void> {
  for (const n of nodes) {
    const c = await open(n.target, 0);
    n.state = await readServer(c, spec);
    n.checks = judgeServer(spec, n.state.facts);
    n.dbsize = await c.dbsize();
  }
}

/**
 * The server checks of a cluster: where every node agrees, the check as one node has it; where they
 * differ, the worst state, with each node's actual value (and `perNode` lists the failing nodes).
 */
export function mergeNodeChecks(nodes: readonly ScannedNode[]): {
  checks: ServerCheck[];
  perNode: { node: ScannedNode; check: ServerCheck }[];
} {
  const first = nodes[0]?.checks ?? [];
  const checks: ServerCheck[] = [];
  const perNode: { node: ScannedNode; check: ServerCheck }[] = [];
  const rank = { pass: 0, unverifiable: 1, fail: 2 } as const;
  for (let i = 0; i < first.length; i++) {
    const all = nodes.map((n) => ({ node: n, check: n.checks[i]! })).filter((x) => x.check);
    const same = all.every((x) => x.check.state === all[0]!.check.state && x.check.actual === all[0]!.check.actual);
    if (same) {
      checks.push(all[0]!.check);
      continue;
    }
    const worst = all.reduce((a, b) => (rank[b.check.state] > rank[a.check.state] ? b : a));
    checks.push({ ...worst.check, actual: `differs per node: ${all.map((x) => `${x.node.address} ${x.check.actual}`).join('; ')}` });
    for (const x of all) if (x.check.state !== 'pass') perNode.push(x);
  }
  return { checks, perNode };
}

export interface SettleResult {
  /** Slots read again after the node scans. */
  slots: number[];
  /** Slots still being migrated when the check ended (their keys on the importing node were not checked). */
  stillMoving: number[];
  /** Keys in those slots left on the importing node, not checked. */
  notChecked: number;
}

/**
 * After the node scans: the slots that moved (or were being moved) at any topology read, or whose probe
 * was redirected, are read again with CLUSTER COUNTKEYSINSLOT / GETKEYSINSLOT on every node then
 * serving them, and the keys not counted yet are judged. Waits up to `waitMs` for a migration still
 * under way to finish first.
 */
export async function settleSlots(o: {
  main: Redis;
  base: Target;
  replicas: boolean;
  snapshots: Topology[];
  ledger: SlotLedger;
  scanner: Scanner;
  db: CompiledDb;
  open: OpenConnection;
  waitMs?: number;
}): Promise<SettleResult> {
  const end = Date.now() + (o.waitMs ?? 10_000);
  let after = await readTopology(o.main, o.base.host);
  while (movingSlots(after).size && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 200));
    after = await readTopology(o.main, o.base.host);
  }
  const slots = new Set(o.ledger.unsettled);
  const all = [...o.snapshots, after];
  for (let i = 0; i < all.length; i++) {
    for (const s of movingSlots(all[i]!)) slots.add(s);
    if (i > 0) for (const s of changedSlots(all[i - 1]!, all[i]!)) slots.add(s);
  }
  const stillMoving = [...movingSlots(after)].sort((a, b) => a - b);
  const sorted = [...slots].sort((a, b) => a - b);
  let notChecked = 0;
  if (!sorted.length) return { slots: [], stillMoving, notChecked };
  const importing = new Set(after.nodes.flatMap((n) => n.importing.map((s) => `${n.id}/${s}`)));
  for (const node of nodesToScan(after, o.base, o.replicas)) {
    const c = await o.open(node.target, 0);
    const pl = c.pipeline();
    for (const s of sorted) pl.call('CLUSTER', 'COUNTKEYSINSLOT', String(s));
    const counts = ((await pl.exec()) ?? []).map(([e, n]) => (e ? 0 : Number(n)));
    for (let i = 0; i < sorted.length; i++) {
      if (!counts[i]) continue;
      const slot = sorted[i]!;
      const keys = (await c.callBuffer('CLUSTER', 'GETKEYSINSLOT', String(slot), String(counts[i]))) as Buffer[];
      await o.scanner.scanKeys(c, o.db, keys, node.address);
    }
  }
  // A slot still being imported: its keys already on the importing node answer MOVED there (the
  // source still owns the slot) and are not checked; counted here so the report says how many.
  for (const n of after.nodes) {
    if (!n.importing.length) continue;
    const c = await o.open({ ...o.base, host: n.host, port: n.port, display: displayUrl({ ...o.base, host: n.host, port: n.port }) }, 0);
    for (const s of n.importing)
      if (importing.has(`${n.id}/${s}`)) notChecked += Number(await c.call('CLUSTER', 'COUNTKEYSINSLOT', String(s)));
  }
  return { slots: sorted, stillMoving, notChecked };
}
