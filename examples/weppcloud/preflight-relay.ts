/**
 * The WEPPcloud preflight relay: a WebSocket service that pushes a run's preflight checklist whenever
 * its RedisPrep hash changes, reproducing `services/preflight2` (rogerlew/wepppy; the Go successor of
 * the Tornado `wepppy/microservices/preflight.py`).
 *
 * - URL: `ws://host:port/<runid>` (e.g. `/busy-beaver`); the run id must match the service's regex
 *   `^[A-Za-z0-9_.;-]+$`, else HTTP 400.
 * - Per socket: PSUBSCRIBE `__keyspace@0__:<runid>` (the generated client's
 *   `ks.notifications.preflightRunHash`), then push once on connect and again after every keyspace
 *   event on the run hash (`hset`, `hdel`, `del`, ...), each time after an HGETALL of the hash.
 * - Frame: `{"type":"preflight","checklist":{...},"lock_statuses":{<relpath>:bool},"last_modified":N}`
 *   (keys sorted, `last_modified` omitted when the hash has no usable timestamp); see checklist.ts.
 *   A frame identical to the last one sent on the socket is not sent again, as in the real service.
 * - Heartbeat, write deadline and `{"type":"hangup"}`: see relay-server.ts. A failed HGETALL on
 *   connect ends the socket (hangup); a failed refresh later is logged and skipped.
 *
 * The hash is read raw (HGETALL on the generated client's DB 0 connection, key built by
 * `keys.lock.run`) rather than through the typed `getAll()`: the typed read drops undeclared fields
 * and throws on a malformed value, while the real service computes from the raw strings (a malformed
 * timestamp just makes its comparison false, and every `locked:*` field counts).
 */
import type { WebSocket } from 'ws';
import { createKeyspace, keys, KeyspecValueError, type Keyspace } from '../../generated/weppcloud/client.ts';
import { preflightFrame, sameFrame, type PreflightFrame } from './checklist.ts';
import {
  heartbeatDefaults,
  listenRelay,
  RelayConnection,
  silentLogger,
  type HeartbeatOptions,
  type RelayListenOptions,
  type RelayLogger,
  type RunningRelay,
  type Unsubscribe,
} from './relay-server.ts';

/** The path regex of preflight2 (`runIDPattern`). */
export const PREFLIGHT_PATH = /^[A-Za-z0-9_.;-]+$/;

export interface PreflightRelayOptions extends RelayListenOptions {
  /** Redis URL (any /db path is replaced by DB 0, where the run hashes live). */
  redisUrl?: string;
  keyspace?: Keyspace;
  /** `CLIENT SETNAME` of the relay's Redis connections (default `preflight`). */
  clientName?: string;
  log?: RelayLogger;
}

class PreflightConnection extends RelayConnection {
  private last: PreflightFrame | undefined;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    ws: WebSocket,
    heartbeat: Required<HeartbeatOptions>,
    log: RelayLogger,
    private readonly ks: Keyspace,
    private readonly runid: string,
  ) {
    super(ws, heartbeat, log);
  }

  private get hashKey(): string {
    try {
      return keys.lock.run({ runid: this.runid });
    } catch (e) {
      if (e instanceof KeyspecValueError) return this.runid; // outside the spec's run id type
      throw e;
    }
  }

  /** HGETALL, recompute, send unless unchanged. */
  private async pushUpdate(): Promise<void> {
    const prep = await this.ks.client('lock').hgetall(this.hashKey);
    const frame = preflightFrame(prep);
    if (this.last && sameFrame(this.last, frame)) return;
    this.last = frame;
    this.send(JSON.stringify(frame));
  }

  /** Refreshes run one after another, in event order. */
  private onEvent(): void {
    this.chain = this.chain.then(() =>
      this.pushUpdate().catch((e: unknown) =>
        this.log('warn', 'failed to broadcast update', { error: e instanceof Error ? e.message : String(e) }),
      ),
    );
  }

  protected async open(): Promise<void> {
    if (!(await this.hold(await this.subscribe()))) return;
    // The first push goes through the same chain, so it cannot overtake an event's refresh; unlike
    // those, a failure here ends the socket.
    let initial!: Promise<void>;
    this.chain = this.chain.then(() => (initial = this.pushUpdate()).catch(() => undefined));
    await this.chain;
    await initial;
  }

  private async subscribe(): Promise<Unsubscribe> {
    // One dedicated subscriber connection per socket; closing the subscription releases it.
    try {
      return await this.ks.notifications.preflightRunHash.subscribe({ runid: this.runid }, () => this.onEvent());
    } catch (e) {
      if (!(e instanceof KeyspecValueError)) throw e;
      const pattern = `__keyspace@0__:${this.runid.replace(/[*?[\]\\]/g, (c) => `\\${c}`)}`;
      return this.rawSubscription(this.ks.client('lock'), (conn) => {
        conn.on('pmessage', (p: string) => p === pattern && this.onEvent());
        return conn.psubscribe(pattern);
      });
    }
  }
}

export interface PreflightRelay extends RunningRelay {
  /** The WebSocket URL for a run, e.g. `ws://127.0.0.1:9001/busy-beaver`. */
  urlFor(runid: string): string;
}

export async function startPreflightRelay(options: PreflightRelayOptions): Promise<PreflightRelay> {
  if (!options.keyspace && !options.redisUrl) throw new Error('startPreflightRelay: give redisUrl or keyspace');
  const owned = options.keyspace === undefined;
  const ks =
    options.keyspace ?? createKeyspace({ url: options.redisUrl!, redisOptions: { connectionName: options.clientName ?? 'preflight' } });
  const heartbeat = heartbeatDefaults(options);
  const log = options.log ?? silentLogger;
  try {
    const relay = await listenRelay(
      {
        accept: (path) => (PREFLIGHT_PATH.test(path) ? path : null),
        create: (ws, runid) => new PreflightConnection(ws, heartbeat, log, ks, runid),
      },
      options,
      log,
      async () => {
        if (owned) await ks.quit();
      },
    );
    return { ...relay, urlFor: (runid) => `${relay.url}/${encodeURIComponent(runid).replace(/%3B/gi, ';')}` };
  } catch (e) {
    if (owned) await ks.quit();
    throw e;
  }
}
