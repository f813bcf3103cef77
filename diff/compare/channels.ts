/** Pub/sub channels: removed, renamed (same channel, new name), pattern changed, messages changed. */
import type { Channel, MessageFormat } from '../../spec/index.ts';
import { originId } from '../../spec/index.ts';
import { compareLanguages } from '../inclusion.ts';
import { matchBy, type Collector } from './collector.ts';
import { compareFormat } from './formats.ts';

export function compareChannels(c: Collector): void {
  const m = matchBy<Channel>(c.oldSpec.channels, c.newSpec.channels, (ch) => ch.name);
  const added = [...m.added];
  for (const o of m.removed) {
    // The same Redis channel under another name: a rename, not a removal.
    const i = added.findIndex((n) => compareLanguages(o.pattern, n.pattern) === 'same');
    if (i >= 0) {
      const n = added.splice(i, 1)[0]!;
      c.emit('channel.renamed', `channel:${o.name}`, `channel '${o.name}' renamed to '${n.name}' ('${n.pattern.text}')`, {
        side: 'new',
        origin: originId.channel(n.name),
      });
      compareMessages(c, o, n);
    } else
      c.emit('channel.removed', `channel:${o.name}`, `channel '${o.name}' ('${o.pattern.text}') removed`, {
        side: 'old',
        origin: originId.channel(o.name),
      });
  }
  for (const n of added)
    c.emit('channel.added', `channel:${n.name}`, `channel '${n.name}' ('${n.pattern.text}') added`, {
      side: 'new',
      origin: originId.channel(n.name),
    });
  for (const [o, n] of m.kept) {
    if (compareLanguages(o.pattern, n.pattern) !== 'same')
      c.emit('channel.pattern.changed', `channel:${n.name}/pattern`, `channel '${n.name}': '${o.pattern.text}' -> '${n.pattern.text}'`, {
        side: 'new',
        origin: originId.channel(n.name),
      });
    // Old models (a `keyspec model` JSON written before `sharded` existed) lack the flag: not sharded.
    if ((o.sharded ?? false) !== (n.sharded ?? false))
      c.emit(
        'channel.sharded.changed',
        `channel:${n.name}/sharded`,
        `channel '${n.name}': ${o.sharded ? 'sharded (SPUBLISH)' : 'plain (PUBLISH)'} -> ${n.sharded ? 'sharded (SPUBLISH)' : 'plain (PUBLISH)'}`,
        { side: 'new', origin: originId.channel(n.name) },
      );
    compareMessages(c, o, n);
  }
}

function compareMessages(c: Collector, o: Channel, n: Channel): void {
  const m = matchBy<MessageFormat>(o.messages, n.messages, (x) => x.name);
  const sub = (x: MessageFormat): string => `channel:${n.name}/message:${x.name}`;
  for (const x of m.removed)
    c.emit('channel.message.removed', sub(x), `channel '${n.name}': message '${x.name}' removed`, {
      side: 'old',
      origin: originId.message(o.name, x.name),
    });
  for (const x of m.added)
    c.emit('channel.message.added', sub(x), `channel '${n.name}': message '${x.name}' added`, {
      side: 'new',
      origin: originId.message(n.name, x.name),
    });
  for (const [ox, nx] of m.kept)
    compareFormat(c, ox.format, nx.format, sub(nx), `channel '${n.name}' message '${nx.name}'`, 'channel.message.changed', {
      side: 'new',
      origin: originId.message(n.name, nx.name),
    });
}
