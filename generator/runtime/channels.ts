/**
 * Pub/sub channels: messages built from and parsed with the channel's declared formats, PUBLISH, and
 * SUBSCRIBE / PSUBSCRIBE on a dedicated connection; a sharded channel (`sharded: true`) SPUBLISH and
 * SSUBSCRIBE (which has no pattern form).
 */
import type { ChannelDesc } from './descriptor-types.js';
import { encodeValue, storedValueError } from './codecs.js';
import { KeyspecValueError } from './errors.js';
import { buildName, globOf, parseName } from './names.js';
import type { ConnectionPool } from './pool.js';
import { whole } from './regex.js';

export type ParsedMessage = { name: string; params: Record<string, string | number>; json?: unknown; text: string };

export interface Subscription {
  /** Unsubscribes and closes the dedicated connection. */
  close(): Promise<void>;
}

/** Parses a message with the channel's declared formats, in declaration order; null when none fits. */
export function parseMessage(desc: ChannelDesc, text: string): ParsedMessage | null {
  for (const m of desc.messages) {
    if (m.kind === 'template') {
      const params = parseName(m.parts, text);
      if (params) return { name: m.name, params, text };
    } else if (m.kind === 'json') {
      try {
        return { name: m.name, params: {}, json: JSON.parse(text) as unknown, text };
      } catch {
        // not this format
      }
    } else if (m.kind === 'regex') {
      if (whole(m.regex).test(text)) return { name: m.name, params: {}, text };
    } else return { name: m.name, params: {}, text };
  }
  return null;
}

/** Builds a message text from a declared format and its params (template) or value (json/text). */
export function buildMessage(desc: ChannelDesc, name: string, input: unknown): string {
  const m = desc.messages.find((x) => x.name === name);
  if (!m) throw new KeyspecValueError(`channel ${desc.name}: no message format '${name}'`);
  const what = `channel ${desc.name}.${name}`;
  if (m.kind === 'template') return buildName(m.parts, input ?? {}, what);
  if (m.kind === 'json') return String(encodeValue(m.codec ?? { kind: 'json' }, input, what));
  if (typeof input !== 'string') throw new KeyspecValueError(`${what}: expected text`);
  if (m.kind === 'regex' && !whole(m.regex).test(input))
    throw new KeyspecValueError(`${what}: text does not match /${m.regex}/`);
  const reason = m.kind === 'text' && m.codec ? storedValueError(m.codec, input) : undefined;
  if (reason !== undefined) throw new KeyspecValueError(`${what}: ${reason}`);
  return input;
}

export class ChannelAccessor<P extends object, M extends { name: string }> {
  constructor(
    private readonly pool: ConnectionPool,
    private readonly dbName: string,
    private readonly desc: ChannelDesc,
  ) {}

  /** The concrete channel name. */
  name(params: P): string {
    return buildName(this.desc.parts, params, `channel ${this.desc.name}`);
  }

  /** PUBLISH (SPUBLISH: a sharded channel) a message built from a declared format; returns the receivers. */
  async publish(params: P, message: M): Promise<number> {
    const { name, ...rest }: { name: string } & Record<string, unknown> = message;
    const kind = this.desc.messages.find((m) => m.name === name)?.kind;
    const input = kind === 'template' ? rest : kind === 'json' ? rest.value : rest.text;
    const client = this.pool.client(this.dbName);
    const channel = this.name(params);
    const text = buildMessage(this.desc, name, input);
    if (this.desc.sharded) return (await client.spublish(channel, text)) as number;
    return client.publish(channel, text);
  }

  /**
   * Subscribes on a dedicated connection. With every param given, SUBSCRIBE to that channel; with
   * some left out, PSUBSCRIBE to the matching glob. A sharded channel SSUBSCRIBEs, which needs every
   * param (sharded pub/sub has no patterns). The handler gets the parsed message (null when it fits none
   * of the declared formats), the raw text and the channel's params.
   */
  async subscribe(
    params: Partial<P>,
    handler: (message: ParsedMessage | null, raw: string, channelParams: Record<string, string | number>) => void,
  ): Promise<Subscription> {
    const given: Readonly<Record<string, unknown>> = params;
    const exact = this.desc.parts.every((p) => typeof p === 'string' || given[p.name] !== undefined);
    if (this.desc.sharded && !exact)
      throw new KeyspecValueError(`channel ${this.desc.name} is sharded: SSUBSCRIBE has no patterns, give every param`);
    const sub = this.pool.subscriber(this.dbName);
    const deliver = (channel: string, raw: string): void => {
      const cp = parseName(this.desc.parts, channel);
      if (cp) handler(parseMessage(this.desc, raw), raw, cp);
    };
    if (this.desc.sharded) {
      const channel = buildName(this.desc.parts, params, `channel ${this.desc.name}`);
      sub.on('smessage', (ch: string, msg: string) => ch === channel && deliver(ch, msg));
      await sub.ssubscribe(channel);
    } else if (exact) {
      const channel = buildName(this.desc.parts, params, `channel ${this.desc.name}`);
      sub.on('message', (ch: string, msg: string) => ch === channel && deliver(ch, msg));
      await sub.subscribe(channel);
    } else {
      sub.on('pmessage', (_p: string, ch: string, msg: string) => deliver(ch, msg));
      await sub.psubscribe(globOf(this.desc.parts, params));
    }
    return { close: () => this.pool.release(sub) };
  }
}

/** A sharded channel (`sharded: true`): SPUBLISH, and SSUBSCRIBE to one channel, so every param is needed. */
export class ShardedChannelAccessor<P extends object, M extends { name: string }> extends ChannelAccessor<P, M> {
  /** SSUBSCRIBE to the channel of `params` on a dedicated connection (sharded pub/sub has no patterns). */
  override subscribe(
    params: P,
    handler: (message: ParsedMessage | null, raw: string, channelParams: Record<string, string | number>) => void,
  ): Promise<Subscription> {
    return super.subscribe(params, handler);
  }
}
