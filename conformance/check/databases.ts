/** The databases a check covers: which hold keys on each node, and the scan of the declared ones. */
import type { Redis } from 'ioredis';
import type { CompiledSpec } from '../judging/compile.ts';
import type { Target } from '../redis/connection.ts';
import type { Scanner } from '../redis/scanner.ts';
import { connectionLost, DEFAULT_TIMEOUTS, type Timeouts } from '../redis/errors.ts';
import { discoverDatabases, type ServerState } from '../redis/server-facts.ts';
import { closeConnection } from '../redis/close.ts';

/** One database on one node, with its key count. */
export interface DbJob {
  node: Target;
  db: number;
  size: number;
}

export interface Databases {
  /** Keys per database, summed over the nodes (of the databases asked for). */
  sizes: Map<number, number>;
  declared: DbJob[];
  undeclared: DbJob[];
}

/** Opens a connection SELECTed to `db` on `node`, closed by the caller's run. */
export type OpenConnection = (node: Target, db: number) => Promise<Redis>;

/** Which databases hold keys on each node (a cluster node: DB 0 only), split into declared and undeclared. */
export async function findDatabases(
  main: Redis,
  nodes: readonly Target[],
  state: ServerState,
  compiled: CompiledSpec,
  wanted: ReadonlySet<number> | undefined,
  open: OpenConnection,
  timeouts: Timeouts = DEFAULT_TIMEOUTS,
): Promise<Databases> {
  const out: Databases = { sizes: new Map(), declared: [], undeclared: [] };
  for (const node of nodes) {
    let sizes: Map<number, number>;
    if (state.cluster) {
      const n = await (await open(node, 0)).dbsize();
      sizes = new Map(n > 0 ? [[0, n]] : []);
    } else {
      sizes = await discoverDatabases(main, node, state, timeouts);
    }
    for (const [db, size] of sizes) {
      if (wanted && !wanted.has(db)) continue;
      out.sizes.set(db, (out.sizes.get(db) ?? 0) + size);
      if (compiled.dbs.has(db)) out.declared.push({ node, db, size });
      else out.undeclared.push({ node, db, size });
    }
  }
  if (wanted) await checkWanted(main, nodes[0]!, state, compiled, wanted, out, open);
  return out;
}

/** A `--db` the server or the spec does not have: the check says so rather than passing on nothing. */
export class DatabaseChoiceError extends Error {}

/**
 * Every `--db` must name a database the server has (below its `databases` count; a cluster has only 0)
 * and the spec declares (or one holding keys, which are then `db.undeclared`): else a
 * `DatabaseChoiceError` naming both, never a silent CONFORMS on an empty selection.
 */
async function checkWanted(
  main: Redis,
  node: Target,
  state: ServerState,
  compiled: CompiledSpec,
  wanted: ReadonlySet<number>,
  found: Databases,
  open: OpenConnection,
): Promise<void> {
  const declared = [...compiled.dbs.keys()].sort((a, b) => a - b);
  let count: number | undefined = state.cluster ? 1 : undefined;
  if (count === undefined) {
    try {
      const r = (await main.config('GET', 'databases')) as string[];
      if (r.length >= 2 && /^[0-9]+$/.test(String(r[1]))) count = Number(r[1]);
    } catch (e) {
      if (connectionLost(e)) throw e; // CONFIG refused: SELECT tells below
    }
  }
  for (const db of [...wanted].sort((a, b) => a - b)) {
    if (found.sizes.has(db)) continue; // it holds keys: it exists (undeclared ones are db.undeclared)
    let exists = count === undefined ? undefined : db < count;
    if (exists === undefined) {
      try {
        await open(node, db);
        exists = true;
      } catch (e) {
        if (!/out of range|invalid DB index|DB index/i.test(String((e as Error)?.message ?? e))) throw e;
        exists = false;
      }
    }
    if (!exists)
      throw new DatabaseChoiceError(
        `--db ${db}: database ${db} does not exist on this server${count !== undefined ? ` (it has ${count}${state.cluster ? ': a cluster has only database 0' : `, 0..${count - 1}`})` : ''}`,
      );
    if (!compiled.dbs.has(db))
      throw new DatabaseChoiceError(
        `--db ${db}: the spec declares no database ${db} (it declares ${declared.join(', ') || 'none'}) and it holds no keys: nothing to check`,
      );
  }
}

/** Why one database's scan stopped early (opening its connection included). */
export interface ScanError {
  node: Target;
  db: number;
  error: unknown;
}

/**
 * Scans the declared databases, `concurrency` at once, biggest first, so that the scan does not end on
 * one big database alone (one connection leaves the server idle for a round trip per page; two or more
 * keep it busy). Every step of a database, opening its connection included, is inside its error path:
 * a failure is returned as a `ScanError`, never thrown. A lost connection (refused, closed, timed out)
 * stops the queue: the databases not started are returned as `notScanned`, not tried one by one.
 */
export async function scanDatabases(
  jobs: readonly DbJob[],
  concurrency: number,
  scanner: Scanner,
  compiled: CompiledSpec,
  open: OpenConnection,
  afterJob?: (job: DbJob) => Promise<void>,
): Promise<{ errors: ScanError[]; notScanned: DbJob[] }> {
  const queue = [...jobs].sort((x, y) => y.size - x.size);
  const errors: ScanError[] = [];
  let lost = false;
  const workers = Array.from({ length: Math.max(1, Math.min(concurrency, queue.length)) }, async () => {
    for (;;) {
      if (lost) return;
      const job = queue.shift();
      if (!job) return;
      let c: Redis | undefined;
      try {
        c = await open(job.node, job.db);
        await scanner.scanDb(c, compiled.dbs.get(job.db)!, `${job.node.host}:${job.node.port}`);
        await afterJob?.(job);
      } catch (e) {
        errors.push({ node: job.node, db: job.db, error: e });
        if (connectionLost(e) || !c) lost = true;
      } finally {
        closeConnection(c);
      }
    }
  });
  await Promise.all(workers);
  return { errors, notScanned: queue };
}
