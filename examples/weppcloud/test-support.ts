/**
 * Helpers for the examples' tests: a throwaway Redis configured like WEPPcloud's, a WebSocket client
 * that records frames, a pub/sub capture, and a keyspace scan.
 */
import { Redis } from 'ioredis';
import { WebSocket, type RawData } from 'ws';
import { startEmbeddedRedis, type EmbeddedRedis } from '../../conformance/redis/embedded-redis.ts';

/** A throwaway Redis with WEPPcloud's `notify-keyspace-events Kh`. */
export function startWeppcloudRedis(): Promise<EmbeddedRedis> {
  return startEmbeddedRedis({ config: { 'notify-keyspace-events': 'Kh' } });
}

export async function waitFor<T>(probe: () => T | undefined, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Polls an async condition until it holds. */
export async function until(cond: () => Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** PUBSUB NUMSUB of one channel. */
export async function numsub(redis: Redis, channel: string): Promise<number> {
  const res = (await redis.pubsub('NUMSUB', channel)) as [string, number | string];
  return Number(res[1]);
}

export type Frame = Record<string, unknown>;

/** A WebSocket client that keeps every frame it receives (parsed as JSON when possible). */
export class FrameClient {
  readonly frames: (Frame | string)[] = [];
  closeCode: number | undefined;
  private readonly closedPromise: Promise<void>;

  private constructor(
    readonly ws: WebSocket,
    autoPong: boolean,
  ) {
    ws.on('message', (data: RawData) => {
      const text = data.toString();
      let frame: Frame | string = text;
      try {
        const parsed: unknown = JSON.parse(text);
        if (parsed !== null && typeof parsed === 'object') frame = parsed as Frame;
      } catch {
        // keep the raw text
      }
      this.frames.push(frame);
      if (autoPong && typeof frame === 'object' && frame.type === 'ping') ws.send('{"type":"pong"}');
    });
    this.closedPromise = new Promise((resolve) =>
      ws.on('close', (code: number) => {
        this.closeCode = code;
        resolve();
      }),
    );
  }

  static async connect(url: string, opts: { autoPong?: boolean } = {}): Promise<FrameClient> {
    const ws = new WebSocket(url);
    const client = new FrameClient(ws, opts.autoPong ?? true);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });
    return client;
  }

  of(type: string): Frame[] {
    return this.frames.filter((f): f is Frame => typeof f === 'object' && f.type === type);
  }

  waitForFrame(pred: (f: Frame) => boolean, what: string, timeoutMs = 5000): Promise<Frame> {
    return waitFor(() => this.frames.find((f): f is Frame => typeof f === 'object' && pred(f)), what, timeoutMs);
  }

  get isClosed(): boolean {
    return this.closeCode !== undefined;
  }

  closed(): Promise<void> {
    return this.closedPromise;
  }

  async close(): Promise<void> {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.close();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.closedPromise, new Promise((r) => (timer = setTimeout(r, 2000)))]);
    clearTimeout(timer);
    if (!this.isClosed) this.ws.terminate();
  }
}

export interface Captured {
  channel: string;
  message: string;
}

/** PSUBSCRIBE `*`: every pub/sub message on the server (keyspace notifications included). */
export class PubSubCapture {
  readonly messages: Captured[] = [];
  private constructor(private readonly sub: Redis) {}

  static async start(url: string): Promise<PubSubCapture> {
    const sub = new Redis(url);
    const cap = new PubSubCapture(sub);
    sub.on('pmessage', (_p: string, channel: string, message: string) => cap.messages.push({ channel, message }));
    await sub.psubscribe('*');
    return cap;
  }

  /** Waits until every message published before this call has arrived (a sentinel goes last). */
  async flush(url: string): Promise<void> {
    const sentinel = `__capture_flush__:${Math.random().toString(36).slice(2)}`;
    const pub = new Redis(url);
    try {
      await pub.publish(sentinel, 'flush');
    } finally {
      pub.disconnect();
    }
    await waitFor(() => (this.messages.some((m) => m.channel === sentinel) ? true : undefined), 'the capture sentinel');
  }

  /** Application messages (no keyspace notifications, no sentinels). */
  app(): Captured[] {
    return this.messages.filter(
      (m) => !m.channel.startsWith('__keyspace@') && !m.channel.startsWith('__keyevent@') && !m.channel.startsWith('__capture_flush__'),
    );
  }

  async stop(): Promise<void> {
    await this.sub.quit().catch(() => this.sub.disconnect());
  }
}

export interface ScannedKey {
  db: number;
  key: string;
  type: string;
  pttl: number;
}

/** Every key of every database (0-15) with its type and remaining TTL. */
export async function scanAll(url: string): Promise<ScannedKey[]> {
  const out: ScannedKey[] = [];
  for (let db = 0; db < 16; db++) {
    const r = new Redis(url, { db });
    try {
      const keys: string[] = [];
      let cursor = '0';
      do {
        const [next, batch] = await r.scan(cursor, 'COUNT', 500);
        cursor = next;
        keys.push(...batch);
      } while (cursor !== '0');
      for (const key of keys) out.push({ db, key, type: await r.type(key), pttl: await r.pttl(key) });
    } finally {
      r.disconnect();
    }
  }
  return out;
}
