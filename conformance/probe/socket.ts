/** The WebSocket side of a probe: open the service's socket and buffer its frames until the close. */
import { WebSocket, type RawData } from 'ws';

export interface Received {
  at: number;
  value: unknown;
}

/** Frames of one socket, and a way to wait for the next one (or the close). */
export class FrameBuffer {
  readonly frames: Received[] = [];
  private closedWith: { code: number; reason: string } | undefined;
  private waiters = new Set<() => void>();

  push(value: unknown): void {
    this.frames.push({ at: performance.now(), value });
    this.wake();
  }

  /** How the socket closed, if it did (a method, so that it is re-read after every await). */
  closed(): { code: number; reason: string } | undefined {
    return this.closedWith;
  }

  close(code: number, reason: string): void {
    this.closedWith ??= { code, reason };
    this.wake();
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }

  /** Resolves on the next frame or close, or at `until` (a performance.now() time). */
  wait(until: number): Promise<void> {
    if (this.closedWith) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, until - performance.now()));
      this.waiters.add(done);
    });
  }
}

function frameValue(data: RawData): unknown {
  const buf = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
  const text = buf.toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export function openSocket(url: string, timeoutMs: number, frames: FrameBuffer): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    let ws: WebSocket;
    try {
      ws = new WebSocket(url, { handshakeTimeout: Math.max(timeoutMs, 100) });
    } catch (e) {
      reject(e as Error);
      return;
    }
    let opened = false;
    ws.on('message', (data: RawData) => frames.push(frameValue(data)));
    ws.on('close', (code: number, reason: Buffer) => frames.close(code, reason.toString()));
    ws.on('error', (e: Error) => {
      if (!opened) reject(e);
    });
    ws.once('open', () => {
      opened = true;
      resolve(ws);
    });
  });
}

export async function closeSocket(ws: WebSocket | undefined, frames: FrameBuffer): Promise<void> {
  if (!ws || ws.readyState === WebSocket.CLOSED) return;
  const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
  try {
    ws.close(1000, 'keyspec probe done');
  } catch {
    ws.terminate();
  }
  const timer = setTimeout(() => ws.terminate(), 1000);
  await closed;
  clearTimeout(timer);
  frames.close(1000, 'closed by keyspec');
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
