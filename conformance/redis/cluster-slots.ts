/**
 * Redis Cluster topology and slot bookkeeping for `check`: the topology from CLUSTER NODES
 * (masters, replicas, owned slots, slots being migrated or imported), and the ledger that makes a scan
 * during a slot migration count every key exactly once (see CHECKS.md, "Redis Cluster").
 */
import type { Redis } from 'ioredis';

/** The slot rule is the spec language's (spec/language/hash-slot.ts), shared with the validator. */
export { crc16, keySlot, SLOT_COUNT as SLOTS } from '../../spec/index.ts';
import { keySlot, SLOT_COUNT as SLOTS } from '../../spec/index.ts';
import { keyFingerprint } from '../findings/key-fingerprint.ts';

export interface ClusterNode {
  id: string;
  host: string;
  port: number;
  role: 'master' | 'replica';
  /** A replica's master id. */
  masterId: string | null;
  /** Slots this master owns, as [from, to] ranges. */
  ranges: [number, number][];
  /** Slots this node is migrating to another node. */
  migrating: number[];
  /** Slots this node is importing from another node. */
  importing: number[];
  /** Flagged fail / pfail / handshake / noaddr: not used. */
  failing: boolean;
}

export interface Topology {
  nodes: ClusterNode[];
  /** Per slot, the id of the master that owns it ('' when no master owns it). */
  owner: string[];
}

/** Parses CLUSTER NODES (`<id> <ip:port@cport[,hostname]> <flags> <master> ... <slots...>`). */
export function parseClusterNodes(text: string, fallbackHost: string): Topology {
  const nodes: ClusterNode[] = [];
  const owner = new Array<string>(SLOTS).fill('');
  for (const line of text.split('\n')) {
    const f = line.trim().split(' ');
    if (f.length < 8) continue;
    const [id, addr, flags, master] = f as [string, string, string, string];
    const hp = addr.split('@')[0]!;
    const i = hp.lastIndexOf(':');
    const host = hp.slice(0, i).replace(/^\[|\]$/g, '') || fallbackHost;
    const port = Number(hp.slice(i + 1));
    const fl = flags.split(',');
    const n: ClusterNode = {
      id,
      host,
      port,
      role: fl.includes('master') ? 'master' : 'replica',
      masterId: master === '-' ? null : master,
      ranges: [],
      migrating: [],
      importing: [],
      failing: fl.some((x) => x === 'fail' || x === 'fail?' || x === 'handshake' || x === 'noaddr'),
    };
    for (const s of f.slice(8)) {
      const mig = /^\[(\d+)->-/.exec(s);
      const imp = /^\[(\d+)-<-/.exec(s);
      if (mig) n.migrating.push(Number(mig[1]));
      else if (imp) n.importing.push(Number(imp[1]));
      else {
        const [a, b] = s.split('-');
        const from = Number(a);
        const to = b === undefined ? from : Number(b);
        if (!Number.isInteger(from) || !Number.isInteger(to)) continue;
        n.ranges.push([from, to]);
        for (let x = from; x <= to; x++) owner[x] = id;
      }
    }
    nodes.push(n);
  }
  return { nodes, owner };
}

export async function readTopology(conn: Redis, fallbackHost: string): Promise<Topology> {
  return parseClusterNodes(String(await conn.call('CLUSTER', 'NODES')), fallbackHost);
}

export function slotCount(n: ClusterNode): number {
  return n.ranges.reduce((a, [x, y]) => a + y - x + 1, 0);
}

/** Slots being moved (migrating on one node or importing on another). */
export function movingSlots(t: Topology): Set<number> {
  const out = new Set<number>();
  for (const n of t.nodes) for (const s of [...n.migrating, ...n.importing]) out.add(s);
  return out;
}

/** Slots whose owner differs between two topologies. */
export function changedSlots(a: Topology, b: Topology): Set<number> {
  const out = new Set<number>();
  for (let s = 0; s < SLOTS; s++) if (a.owner[s] !== b.owner[s]) out.add(s);
  return out;
}

/**
 * Which keys a cluster scan has counted, and which slots must be settled after it. A key is counted at
 * most once however many nodes return it (a key that migrates mid-scan can be returned by the SCAN of
 * its old node and of its new one); a key whose probe was redirected (MOVED/ASK: it left the node
 * between SCAN and TYPE, or it sits in a slot the node is still importing) is not counted there, and
 * its slot is settled after the node scans: the keys of that slot are read again on the node that then
 * holds them (CLUSTER GETKEYSINSLOT) and the ones not counted yet are judged.
 */
export class SlotLedger {
  private readonly counted = new Set<number>();
  /** Slots to read again after the node scans. */
  readonly unsettled = new Set<number>();
  /** Probes redirected with MOVED or ASK. */
  redirected = 0;
  /** Keys counted in the settle pass. */
  settled = 0;

  /** True when the key was not counted yet (it is now). */
  claim(name: string): boolean {
    const h = keyFingerprint(name);
    if (this.counted.has(h)) return false;
    this.counted.add(h);
    return true;
  }

  has(name: string): boolean {
    return this.counted.has(keyFingerprint(name));
  }

  /** The key was redirected: not counted here; its slot is settled later. */
  redirect(name: string, key: Buffer): void {
    this.counted.delete(keyFingerprint(name));
    this.unsettled.add(keySlot(key));
    this.redirected++;
  }

  get size(): number {
    return this.counted.size;
  }
}
