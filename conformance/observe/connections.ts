/**
 * The observer's connections, all named `keyspec-observe`: a resilient command connection, the
 * subscriber, MONITOR (opt in) and one connection per database for the settled TTL reads.
 */
import { Redis } from 'ioredis';
import { connectionOptions } from '../redis/connect.ts';
import type { Target } from '../redis/connection.ts';
import { DEFAULT_TIMEOUTS, type Timeouts } from '../redis/errors.ts';
import { closeConnection } from '../redis/close.ts';

export const OWN_NAME = 'keyspec-observe';

export class ObserverConnections {
  private readonly all: (Redis | undefined)[] = [];
  private readonly perDb = new Map<number, Redis>();
  /** Connection errors seen (the cause of a failed start: ioredis' own rejection says only "Connection is closed."). */
  readonly errors: unknown[] = [];
  private closed = false;

  constructor(
    private readonly target: Target,
    private readonly timeouts: Timeouts = DEFAULT_TIMEOUTS,
  ) {}

  /** A new connection; `resilient` ones reconnect (and resubscribe) after a Redis restart. */
  open(db = 0, resilient = false): Redis {
    const base = connectionOptions(this.target, db, this.timeouts);
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
