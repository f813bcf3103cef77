/** Pub/sub helpers for tests: subscriber counts and a capture of every message on a server. */
import { Redis } from 'ioredis';
import { waitFor } from '../wait.ts';

/** PUBSUB NUMSUB of one channel. */
export async function numsub(redis: Redis, channel: string): Promise<number> {
  const res = (await redis.pubsub('NUMSUB', channel)) as [string, number | string];
  return Number(res[1]);
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
