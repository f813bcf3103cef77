/**
 * Pub/sub traffic: every message is on a declared channel and fits one of its formats; channels that
 * require subscribers and were seen in traffic have one (`PUBSUB NUMSUB` at the end).
 */
import type { Redis } from 'ioredis';
import type { Spec } from '../../spec/index.ts';
import type { Collector } from '../findings/collector.ts';
import { hasPlaceholders, matchChannel, matchMessage } from '../judging/observe-rules.ts';

export class ChannelTraffic {
  /** Messages seen. */
  messages = 0;
  /** Concrete channel names seen per `requireSubscribers` channel. */
  private readonly seen = new Map<string, Set<string>>();
  private readonly reported = new Set<string>();

  constructor(
    private readonly spec: Spec,
    private readonly collector: Collector,
  ) {}

  /** One message; `sharded`: it came by SSUBSCRIBE (it was SPUBLISHed), else by PSUBSCRIBE (PUBLISH). */
  onPublish(channel: string, msg: Buffer, sharded = false): void {
    this.messages++;
    const m = matchChannel(this.spec.channels, channel);
    if (!m) {
      if (this.reported.size < 10_000 && !this.reported.has(channel)) {
        this.reported.add(channel);
        this.collector.add({
          ...this.collector.finding(
            'channel.undeclared',
            null,
            null,
            null,
            `a message was published on ${JSON.stringify(channel)}, which matches no declared channel`,
            'a declared channel',
            channel,
            ['SUBSCRIBE', channel],
          ),
          channel,
        });
      }
      return;
    }
    if (m.channel.sharded !== sharded) {
      const how = sharded ? 'SPUBLISHed (sharded pub/sub)' : 'PUBLISHed';
      const want = m.channel.sharded ? 'SPUBLISH: the channel is sharded' : 'PUBLISH: the channel is not sharded';
      this.collector.add({
        ...this.collector.finding(
          'channel.sharded',
          m.channel.connectionDb ?? null,
          `channel.${m.channel.name}`,
          null,
          `a message was ${how} on ${JSON.stringify(channel)}, but ${m.channel.name} expects ${want}; its ${m.channel.sharded ? 'SSUBSCRIBE' : 'SUBSCRIBE'}rs never get it`,
          m.channel.sharded ? 'SPUBLISH' : 'PUBLISH',
          sharded ? 'SPUBLISH' : 'PUBLISH',
          [sharded ? 'SSUBSCRIBE' : 'SUBSCRIBE', channel],
        ),
        channel,
      });
    }
    if (m.channel.requireSubscribers) {
      let seen = this.seen.get(m.channel.name);
      if (!seen) this.seen.set(m.channel.name, (seen = new Set()));
      if (seen.size < 1000) seen.add(channel);
    }
    if (matchMessage(m.channel, msg) === undefined) {
      const text = msg.toString('utf8');
      this.collector.add({
        ...this.collector.finding(
          'channel.message',
          m.channel.connectionDb ?? null,
          `channel.${m.channel.name}`,
          null,
          `a message on ${JSON.stringify(channel)} fits none of ${m.channel.name}'s formats (${m.channel.messages.map((x) => x.name).join(', ')}): ${JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}...` : text)}`,
          m.channel.messages.map((x) => x.name).join(' | '),
          text.length > 200 ? `${text.slice(0, 197)}...` : text,
          [m.channel.sharded ? 'SSUBSCRIBE' : 'SUBSCRIBE', channel],
        ),
        channel,
      });
    }
  }

  /**
   * `channel.subscribers`: a `requireSubscribers` channel seen in traffic (or without placeholders) has
   * nobody subscribed. A sharded channel is counted with `PUBSUB SHARDNUMSUB`, less observe's own
   * SSUBSCRIBE (`ownSharded`: the names observe listens to).
   */
  async checkSubscribers(cmd: Redis, ownSharded: ReadonlySet<string> = new Set()): Promise<void> {
    for (const ch of this.spec.channels) {
      if (!ch.requireSubscribers) continue;
      const literal = ch.pattern.parts.map((p) => (p.kind === 'literal' ? p.text : '')).join('');
      const names = hasPlaceholders(ch.pattern) ? [...(this.seen.get(ch.name) ?? [])] : [literal];
      if (names.length === 0) continue;
      let counts: (string | number)[];
      try {
        counts = (ch.sharded ? await cmd.call('PUBSUB', 'SHARDNUMSUB', ...names) : await cmd.pubsub('NUMSUB', ...names)) as (
          string | number
        )[];
      } catch {
        continue;
      }
      for (let i = 0; i + 1 < counts.length; i += 2) {
        const own = ch.sharded && ownSharded.has(String(counts[i])) ? 1 : 0;
        if (Number(counts[i + 1]) - own > 0) continue;
        const name = String(counts[i]);
        this.collector.add({
          ...this.collector.finding(
            'channel.subscribers',
            ch.connectionDb ?? null,
            `channel.${ch.name}`,
            null,
            `nobody is subscribed to ${JSON.stringify(name)} (${ch.name} requires subscribers: ${ch.subscribers.join(', ') || 'declared'})`,
            `≥ 1 subscriber (${ch.subscribers.join(', ')})`,
            '0',
            ['PUBSUB', ch.sharded ? 'SHARDNUMSUB' : 'NUMSUB', name],
          ),
          channel: name,
        });
      }
    }
  }
}
