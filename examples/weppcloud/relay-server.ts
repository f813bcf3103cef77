/**
 * What WEPPcloud's two WebSocket services (status2 and preflight2, `services/*2/internal/server/
 * server.go` in rogerlew/wepppy) share, reproduced on Node's http server and the `ws` package:
 *
 * - routes: `GET /health` answers `OK`; `/metrics` and `/` are 404; every other path is a WebSocket
 *   endpoint whose one path segment names what to watch (validated with the service's own regex,
 *   else HTTP 400);
 * - heartbeat: the server sends `{"type":"ping"}` every ping interval (default 5 s); a client frame
 *   `{"type":"pong"}` or `{"type":"init"}` (any case) marks the socket alive; when a ping goes out and
 *   nothing was heard for longer than the pong timeout (default 75 s) the socket is dropped;
 * - every write has a deadline (default 2 s); a write that misses it drops the socket;
 * - whenever the server ends a socket (pong timeout, Redis failure, shutdown) it sends
 *   `{"type":"hangup"}` and closes with 1000 "closing".
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Redis } from 'ioredis';
import { WebSocketServer, WebSocket, type RawData } from 'ws';

export const PING_FRAME = '{"type":"ping"}';
export const HANGUP_FRAME = '{"type":"hangup"}';

export interface HeartbeatOptions {
  /** Interval between `{"type":"ping"}` frames (default 5000 ms, the services' default). */
  pingIntervalMs?: number;
  /** Drop a socket when no pong/init arrived for longer than this when a ping goes out (default 75000 ms). */
  pongTimeoutMs?: number;
  /** Deadline of one WebSocket write (default 2000 ms). */
  writeTimeoutMs?: number;
}

export interface RelayListenOptions extends HeartbeatOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Interface to bind (default 127.0.0.1). */
  host?: string;
}

export type RelayLogger = (level: 'debug' | 'info' | 'warn', message: string, fields?: Record<string, unknown>) => void;

export const silentLogger: RelayLogger = () => {};

/** A Redis subscription held for one socket. */
export interface Unsubscribe {
  close(): Promise<void>;
}

/** One accepted WebSocket: heartbeat, timed writes, hangup. Subclasses attach the Redis side. */
export abstract class RelayConnection {
  private sub: Unsubscribe | undefined;
  private closedEarly = false;
  private lastSeen = Date.now();
  private pingTimer: NodeJS.Timeout | undefined;
  private closing = false;
  private closedResolve!: () => void;
  /** Settles once the socket is closed and `cleanup()` has run. */
  readonly closed: Promise<void> = new Promise((resolve) => (this.closedResolve = resolve));

  constructor(
    protected readonly ws: WebSocket,
    protected readonly heartbeat: Required<HeartbeatOptions>,
    protected readonly log: RelayLogger,
  ) {}

  /** Wires the socket; then `open()` attaches the Redis side. */
  start(): void {
    this.ws.on('message', (data: RawData, isBinary: boolean) => {
      if (isBinary) return;
      this.onClientMessage(data.toString());
    });
    this.ws.on('error', (e: Error) => this.log('debug', 'socket error', { error: e.message }));
    this.ws.on('close', () => void this.finish());
    this.pingTimer = setInterval(() => this.tick(), this.heartbeat.pingIntervalMs);
    this.open().catch((e: unknown) => {
      this.log('warn', 'connection failed', { error: e instanceof Error ? e.message : String(e) });
      void this.hangup();
    });
  }

  /** Subscribe to Redis and send whatever the service sends first. */
  protected abstract open(): Promise<void>;

  /**
   * Keeps a subscription until the socket closes. False (and the subscription closed) when the socket
   * closed while it was being made.
   */
  protected async hold(sub: Unsubscribe): Promise<boolean> {
    if (this.closedEarly) {
      await sub.close();
      return false;
    }
    this.sub = sub;
    return true;
  }

  /** A plain subscription on its own connection, for channels outside the spec the real service still serves. */
  protected async rawSubscription(client: Redis, setup: (conn: Redis) => Promise<unknown>): Promise<Unsubscribe> {
    const conn = client.duplicate();
    conn.on('error', (err: Error) => this.log('debug', 'redis error', { error: err.message }));
    await setup(conn);
    return { close: async () => void (await conn.quit().catch(() => conn.disconnect())) };
  }

  /** Releases the Redis side (runs once, after the socket closed). */
  private async cleanup(): Promise<void> {
    this.closedEarly = true;
    const sub = this.sub;
    this.sub = undefined;
    await sub?.close();
  }

  private onClientMessage(text: string): void {
    let msg: unknown;
    try {
      msg = JSON.parse(text);
    } catch {
      this.log('warn', 'invalid client message');
      return;
    }
    const type = msg !== null && typeof msg === 'object' ? (msg as Record<string, unknown>).type : undefined;
    if (typeof type === 'string' && (type.toLowerCase() === 'pong' || type.toLowerCase() === 'init')) this.lastSeen = Date.now();
    // Anything else is ignored, for forward compatibility.
  }

  private tick(): void {
    this.send(PING_FRAME);
    if (Date.now() - this.lastSeen > this.heartbeat.pongTimeoutMs) {
      this.log('info', 'pong timeout exceeded');
      void this.hangup();
    }
  }

  /** Sends one text frame with the write deadline; a missed deadline drops the socket. */
  protected send(text: string): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    const deadline = setTimeout(() => {
      this.log('warn', 'write deadline exceeded; dropping socket');
      this.ws.terminate();
    }, this.heartbeat.writeTimeoutMs);
    this.ws.send(text, (err?: Error) => {
      clearTimeout(deadline);
      if (err) this.ws.terminate();
    });
  }

  /** Ends the socket from the server side: `{"type":"hangup"}`, then close 1000. */
  async hangup(): Promise<void> {
    if (!this.closing) {
      this.closing = true;
      if (this.ws.readyState === WebSocket.OPEN) {
        this.send(HANGUP_FRAME);
        this.ws.close(1000, 'closing');
      }
      // A peer that never completes the closing handshake is cut off after the write deadline.
      const hard = setTimeout(() => this.ws.terminate(), this.heartbeat.writeTimeoutMs);
      hard.unref();
      void this.closed.finally(() => clearTimeout(hard));
      if (this.ws.readyState === WebSocket.CLOSED) void this.finish();
    }
    await this.closed;
  }

  private finished = false;
  private async finish(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    this.closing = true;
    if (this.pingTimer) clearInterval(this.pingTimer);
    try {
      await this.cleanup();
    } catch (e) {
      this.log('debug', 'cleanup failed', { error: e instanceof Error ? e.message : String(e) });
    }
    this.closedResolve();
  }
}

export interface RelayRoute<C extends RelayConnection> {
  /** Validates the path (without the leading `/`) and returns the parameter, or null for HTTP 400. */
  accept(path: string): string | null;
  create(ws: WebSocket, param: string): C;
}

export interface RunningRelay {
  /** `ws://host:port` (append `/<what>` to connect). */
  url: string;
  port: number;
  /** Open connections right now. */
  connections(): number;
  /** Hangs up every socket, stops listening and closes the HTTP server. */
  stop(): Promise<void>;
}

/** Starts an HTTP + WebSocket server for one route. */
export async function listenRelay<C extends RelayConnection>(
  route: RelayRoute<C>,
  options: RelayListenOptions,
  log: RelayLogger,
  onStop: () => Promise<void>,
): Promise<RunningRelay> {
  const live = new Set<C>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const server: Server = createServer((req, res) => {
    const path = pathOf(req);
    if (path === 'health') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('OK');
      return;
    }
    if (path === '' || path === 'metrics' || route.accept(path) === null) {
      res
        .writeHead(path === '' || path === 'metrics' ? 404 : 400, { 'content-type': 'text/plain' })
        .end(path === '' || path === 'metrics' ? 'not found' : 'invalid path');
      return;
    }
    res.writeHead(426, { 'content-type': 'text/plain', upgrade: 'websocket' }).end('upgrade required');
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = pathOf(req);
    const param = path === '' || path === 'health' || path === 'metrics' ? null : route.accept(path);
    if (param === null || req.method !== 'GET') {
      const status =
        param === null
          ? path === '' || path === 'health' || path === 'metrics'
            ? '404 Not Found'
            : '400 Bad Request'
          : '405 Method Not Allowed';
      socket.end(`HTTP/1.1 ${status}\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      const conn = route.create(ws, param);
      live.add(conn);
      void conn.closed.then(() => live.delete(conn));
      conn.start();
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  let stopping: Promise<void> | undefined;
  return {
    url: `ws://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    connections: () => live.size,
    stop() {
      stopping ??= (async () => {
        await Promise.all([...live].map((c) => c.hangup()));
        await new Promise<void>((resolve) => wss.close(() => resolve()));
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await onStop();
      })();
      return stopping;
    },
  };
}

/** The request path without the leading and trailing `/`, percent-decoded. */
function pathOf(req: IncomingMessage): string {
  const raw = (req.url ?? '/').split('?')[0] ?? '/';
  let path: string;
  try {
    path = decodeURIComponent(raw);
  } catch {
    path = raw;
  }
  return path.replace(/^\//, '').replace(/\/$/, '');
}

export function heartbeatDefaults(o: HeartbeatOptions): Required<HeartbeatOptions> {
  return {
    pingIntervalMs: o.pingIntervalMs ?? 5000,
    pongTimeoutMs: o.pongTimeoutMs ?? 75000,
    writeTimeoutMs: o.writeTimeoutMs ?? 2000,
  };
}
