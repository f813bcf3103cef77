/** A WebSocket client for the reference relays' tests: it records every frame it receives. */
import { WebSocket, type RawData } from 'ws';
import { waitFor } from '../wait.ts';

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
