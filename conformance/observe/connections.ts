/**
 * The observer's connections, all named `keyspec-observe`: a resilient command connection, the
 * subscriber, MONITOR (opt in) and one connection per database for the settled TTL reads.
 */
import { Cluster, Redis } from 'ioredis';
import { connectionOptions } from '../redis/connect.ts';
import { displayUrl, type Target } from '../redis/connection.ts';
import { DEFAULT_TIMEOUTS, type Timeouts } from '../redis/errors.ts';
import { closeConnection } from '../redis/close.ts';

export const OWN_NAME = 'keyspec-observe';

export class ObserverConnections {
  private readonly all: (Redis | Cluster | undefined)[] = [];
  private readonly perDb = new Map<number, Redis>();
  /** On a Redis Cluster: the slot-routed client the settled reads go through (a cluster has only DB 0). */
  private cluster: Cluster | undefined;
  /** Connection errors seen (the cause of a failed start: ioredis' own rejection says only "Connection is closed."). */
  readonly errors: unknown[] = [];
  private closed = false;

  constructor(
    private readonly target: Target,
    private readonly timeouts: Timeouts = DEFAULT_TIMEOUTS,
  ) {}

  /** The target at another node of the cluster (same credentials and TLS). */
  at(host: string, port: number): Target {
    return { ...this.target, host, port, display: displayUrl({ ...this.target, host, port }) };
  }

  /** From now on, `db()` reads go through a cluster client routed by slot, seeded with these nodes. */
  useCluster(nodes: { host: string; port: number }[]): void {
    const base = connectionOptions(this.target, 0, this.timeouts);
    const { host: _h, port: _p, db: _d, lazyConnect: _l, retryStrategy: _r, maxRetriesPerRequest: _m, ...redisOptions } = base;
    const c = new Cluster(nodes, {
      redisOptions: { ...redisOptions, connectionName: OWN_NAME },
      clusterRetryStrategy: (n: number) => Math.min(50 * 2 ** n, 1000),
      enableOfflineQueue: true,
    });
    c.on('error', (e: unknown) => void (this.errors.length < 10 && this.errors.push(e)));
    if (this.closed) queueMicrotask(() => c.disconnect());
    else this.all.push(c);
    this.cluster = c;
  }

  get isCluster(): boolean {
    return this.cluster !== undefined;
  }

  /** A new connection; `resilient` ones reconnect (and resubscribe) after a Redis restart. */
  open(db = 0, resilient = false, target: Target = this.target): Redis {
    const base = connectionOptions(target, db, this.timeouts);
    const conn = new Redis({
      ...base,
      connectionName: OWN_NAME,
      ...(resilient
        ? { retryStrategy: (n: number) => Math.min(50 * 2 ** n, 1000), maxRetriesPerRequest: null, autoResubscribe: true }
        : {}),
    });
    conn.on('error', (e: unknown) => void (this.errors.length < 10 && this.errors.push(e)));
    // Opened after closeAll (a start that timed out, going on): closed at once, never left reconnecting.
    if (this.closed) queueMicrotask(() => conn.disconnect());
    else this.all.push(conn);
    return conn;
  }

  /** The (resilient) connection SELECTed to `db`, opened on first use. */
  db(db: number): Redis {
    // The cluster client has the commands the settled reads use (call, pipeline, xrevrangeBuffer).
    if (this.cluster) return this.cluster as unknown as Redis;
    let c = this.perDb.get(db);
    if (!c) {
      c = this.open(db, true);
      this.perDb.set(db, c);
    }
    return c;
  }

  /** Keeps a connection derived from another one (MONITOR) to close it with the rest. */
  track(conn: Redis & { disconnect(): void }): void {
    if (this.closed) conn.disconnect();
    else this.all.unshift(conn);
  }

  closeAll(): void {
    this.closed = true;
    for (const c of this.all) closeConnection(c);
    this.all.length = 0;
    this.perDb.clear();
  }
}
