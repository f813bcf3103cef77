/**
 * The connections of one keyspace: one lazily connected ioredis client per database, dedicated
 * subscriber connections, and the context its key accessors share.
 */
import { Redis } from 'ioredis';
import { resolveUrl, withDb, type Env, type KeyspaceOptions } from './connection.js';
import type { CodecDesc, DatabaseDesc, EnvDefault, KeyDesc } from './descriptor-types.js';
import { KeyspecValueError } from './errors.js';
import type { TtlAction, TtlOverrides } from './ttl.js';

/** Per-keyspace state shared by its key accessors: overrides, env, and memoised TTL lookups. */
export interface KeyContext {
  overrides: TtlOverrides;
  env: Env;
  /** TTL action per key id for policies that do not depend on a field (env and overrides are read once). */
  ttlCache: Map<string, TtlAction>;
  /** Codec per hash field name, per key descriptor (no longer read: a pattern's plan, plan.ts, holds them). */
  codecCache: WeakMap<KeyDesc, Map<string, CodecDesc>>;
}

/** QUIT a connection (or drop one that never connected); ended connections are left alone. */
async function close(c: Redis): Promise<void> {
  if (c.status === 'end') return;
  if (c.status === 'wait') {
    c.disconnect();
    return;
  }
  await c.quit().then(
    () => undefined,
    () => c.disconnect(),
  );
}

export class ConnectionPool {
  private readonly created = new Map<string, Redis>();
  private readonly subscribers = new Set<Redis>();
  /** The context key accessors of this keyspace share. */
  readonly keyContext: KeyContext;

  constructor(
    private readonly options: KeyspaceOptions,
    private readonly databases: Readonly<Record<string, DatabaseDesc>>,
    private readonly envDefaults: readonly EnvDefault[],
  ) {
    this.keyContext = {
      overrides: options.ttlOverrides ?? {},
      env: options.env ?? process.env,
      ttlCache: new Map(),
      codecCache: new WeakMap(),
    };
  }

  get env(): Env {
    return this.options.env ?? process.env;
  }

  /** The URL (password included) for a database name. */
  urlFor(dbName: string): string {
    const d = this.databases[dbName];
    if (!d) throw new KeyspecValueError(`unknown database '${dbName}'`);
    const explicit = this.options.urls?.[dbName] ?? this.options.url;
    if (explicit) return withDb(explicit, d.index);
    return resolveUrl(d.connection, d.index, this.env, this.envDefaults).url;
  }

  client(dbName: string): Redis {
    const given = this.options.clients?.[dbName];
    if (given) return given;
    let c = this.created.get(dbName);
    if (!c) {
      c = new Redis(this.urlFor(dbName), { lazyConnect: true, ...this.options.redisOptions });
      this.created.set(dbName, c);
    }
    return c;
  }

  /** A dedicated connection for SUBSCRIBE / PSUBSCRIBE (subscribed connections cannot run commands). */
  subscriber(dbName: string): Redis {
    const s = this.client(dbName).duplicate();
    this.subscribers.add(s);
    return s;
  }

  /** Closes a subscriber connection and forgets it. */
  async release(sub: Redis): Promise<void> {
    this.subscribers.delete(sub);
    await close(sub);
  }

  async quit(): Promise<void> {
    const all = [...this.created.values(), ...this.subscribers];
    this.created.clear();
    this.subscribers.clear();
    await Promise.all(all.map(close));
  }
}
