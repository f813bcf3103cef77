/** Keyspace notifications: PSUBSCRIBE to the events on keys of one pattern, parsed back into params. */
import type { PartDesc } from './descriptor-types.js';
import { globOf, parseName } from './names.js';
import type { ConnectionPool } from './pool.js';
import type { Subscription } from './channels.js';

export interface KeyspaceEvent<P> {
  /** The Redis event name, e.g. `hset`, `expired`, `del`. */
  event: string;
  key: string;
  params: P;
}

export class NotificationAccessor<P extends object> {
  constructor(
    private readonly pool: ConnectionPool,
    private readonly dbName: string,
    private readonly db: number,
    private readonly keyParts: readonly PartDesc[] | undefined,
    private readonly channel: 'keyspace' | 'keyevent',
  ) {}

  /**
   * PSUBSCRIBE to `__keyspace@<db>__:<glob>` (or `__keyevent@<db>__:*`) on a dedicated connection and
   * call the handler with each event on a key of the watched pattern.
   */
  async subscribe(params: Partial<P>, handler: (e: KeyspaceEvent<P>) => void): Promise<Subscription> {
    const sub = this.pool.subscriber(this.dbName);
    const prefix = `__${this.channel}@${this.db}__:`;
    const keyspace = this.channel === 'keyspace';
    const glob = keyspace ? prefix + (this.keyParts ? globOf(this.keyParts, params) : '*') : `${prefix}*`;
    sub.on('pmessage', (_p: string, ch: string, msg: string) => {
      const key = keyspace ? ch.slice(prefix.length) : msg;
      const event = keyspace ? msg : ch.slice(prefix.length);
      const parsed = this.keyParts ? parseName<P>(this.keyParts, key) : ({} as P);
      if (parsed) handler({ event, key, params: parsed });
    });
    await sub.psubscribe(glob);
    return { close: () => this.pool.release(sub) };
  }
}
