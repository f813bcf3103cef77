/**
 * The WEPPcloud status relay: a WebSocket service that streams one Redis pub/sub channel per socket,
 * reproducing `services/status2` (rogerlew/wepppy; the Go successor of the Tornado
 * `wepppy/microservices/status.py`).
 *
 * - URL: `ws://host:port/<runid>:<channel>` (e.g. `/busy-beaver:wepp`, `/spring-burns:batch`); the path
 *   must match the service's regex `^[A-Za-z0-9_.;-]+:[A-Za-z0-9_.-]+$`, else HTTP 400.
 * - Each socket gets its own Redis subscription (status2: "each connection maintains its own Redis
 *   PubSub"), on a dedicated connection, to `<runid>:<channel>`; a slow socket can never hold up
 *   another one.
 * - Every message is forwarded unchanged as `{"type":"status","data":"<message>"}`.
 * - Heartbeat, write deadline and `{"type":"hangup"}`: see relay-server.ts.
 *
 * Channels that fit the spec's `status` channel (`{runid}:{channel}`, which also covers
 * `<batch_name>:batch`) are subscribed through the generated client's channel accessor
 * (`ks.channels.status.subscribe`). The real service accepts a wider set of names than the spec
 * declares (upper case, dots); for those it still relays, so this relay falls back to a plain
 * SUBSCRIBE on a duplicate of the generated client's status connection.
 */
import type { WebSocket } from 'ws';
import { createKeyspace, KeyspecValueError, type Keyspace } from '../../generated/weppcloud/client.ts';
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

/** The path regex of status2 (`channelPattern`). */
export const STATUS_PATH = /^[A-Za-z0-9_.;-]+:[A-Za-z0-9_.-]+$/;

/**
 * Deliberately broken behaviour for probe tests: `wrong-frame` sends `{"type":"status","message":…}`
 * instead of `data`; `no-frame` subscribes but never forwards anything (heartbeats still flow).
 */
export type BrokenRelay = 'wrong-frame' | 'no-frame';

export interface StatusRelayOptions extends RelayListenOptions {
  /** Redis URL (any /db path is replaced by DB 2, the status connection's database). */
  redisUrl?: string;
  /** An existing generated keyspace to subscribe through (left open on stop). */
  keyspace?: Keyspace;
  /** `CLIENT SETNAME` of the relay's Redis connections (default `status`). */
  clientName?: string;
  brokenRelay?: BrokenRelay;
  log?: RelayLogger;
}

class StatusConnection extends RelayConnection {
  constructor(
    ws: WebSocket,
    heartbeat: Required<HeartbeatOptions>,
    log: RelayLogger,
    private readonly ks: Keyspace,
    private readonly runid: string,
    private readonly channel: string,
    private readonly broken: BrokenRelay | undefined,
  ) {
    super(ws, heartbeat, log);
  }

  private forward(message: string): void {
    if (this.broken === 'no-frame') return;
    const frame = this.broken === 'wrong-frame' ? { type: 'status', message } : { type: 'status', data: message };
    this.send(JSON.stringify(frame));
  }

  protected async open(): Promise<void> {
    await this.hold(await this.subscribe());
    this.log('info', 'redis subscribe established', { channel: `${this.runid}:${this.channel}` });
  }

  private async subscribe(): Promise<Unsubscribe> {
    // One dedicated subscriber connection per socket (as status2 does); closing the subscription
    // releases it from the keyspace's pool.
    try {
      return await this.ks.channels.status.subscribe({ runid: this.runid, channel: this.channel }, (_parsed, raw) => this.forward(raw));
    } catch (e) {
      if (!(e instanceof KeyspecValueError)) throw e;
      // A channel the real service relays but the spec does not declare: subscribe plainly.
      const name = `${this.runid}:${this.channel}`;
      return this.rawSubscription(this.ks.client('status'), (conn) => {
        conn.on('message', (ch: string, msg: string) => ch === name && this.forward(msg));
        return conn.subscribe(name);
      });
    }
  }
}

export interface StatusRelay extends RunningRelay {
  /** The WebSocket URL for one run channel, e.g. `ws://127.0.0.1:9002/busy-beaver:wepp`. */
  urlFor(runid: string, channel: string): string;
}

export async function startStatusRelay(options: StatusRelayOptions): Promise<StatusRelay> {
  if (!options.keyspace && !options.redisUrl) throw new Error('startStatusRelay: give redisUrl or keyspace');
  const owned = options.keyspace === undefined;
  const ks =
    options.keyspace ?? createKeyspace({ url: options.redisUrl!, redisOptions: { connectionName: options.clientName ?? 'status' } });
  const heartbeat = heartbeatDefaults(options);
  const log = options.log ?? silentLogger;
  try {
    const relay = await listenRelay(
      {
        accept: (path) => (STATUS_PATH.test(path) ? path : null),
        create: (ws, path) => {
          const i = path.indexOf(':');
          return new StatusConnection(ws, heartbeat, log, ks, path.slice(0, i), path.slice(i + 1), options.brokenRelay);
        },
      },
      options,
      log,
      async () => {
        if (owned) await ks.quit();
      },
    );
    return {
      ...relay,
      urlFor: (runid, channel) => `${relay.url}/${encodeURIComponent(`${runid}:${channel}`).replace(/%3A/gi, ':').replace(/%3B/gi, ';')}`,
    };
  } catch (e) {
    if (owned) await ks.quit();
    throw e;
  }
}
