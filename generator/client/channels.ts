/** Pub/sub channels: a params interface and a message union per channel, and their accessors. */
import type { PropertySignatureStructure, OptionalKind } from 'ts-morph';
import type { Spec } from '../../spec/index.ts';
import { originId } from '../../spec/index.ts';
import { propName } from '../names.ts';
import { doc, docLines, firstSentence, specLocation } from './docs.ts';
import { chain, quote } from './layout.ts';
import type { ChannelNames, ClientNames } from './naming.ts';
import { placeholderTsType } from './ts-types.ts';
import { typeAlias, type Declaration } from './key-types.ts';

export function channelTypes(names: ClientNames, c: ChannelNames): Declaration[] {
  const { channel } = c;
  return [
    {
      kind: 'interface',
      structure: {
        name: c.params,
        isExported: true,
        docs: [`Placeholders of channel \`${channel.pattern.text}\`.`],
        properties: channel.pattern.parts.flatMap((p) =>
          p.kind === 'placeholder' ? [{ name: propName(p.name), type: placeholderTsType(p.type, names.enums) }] : [],
        ),
      },
    },
    typeAlias(
      c.message,
      c.messageTypes.length ? chain('|', c.messageTypes) : 'never',
      `Messages on \`${channel.pattern.text}\`, by declared format.`,
    ),
  ];
}

/** The member of `Channels` for a channel. */
export function channelMember(spec: Spec, c: ChannelNames): OptionalKind<PropertySignatureStructure> {
  const { channel } = c;
  return {
    name: propName(c.prop),
    type: `${accessorOf(c)}<${c.params}, ${c.message}>`,
    docs: [
      doc(
        docLines(
          `Channel \`${channel.pattern.text}\`: ${firstSentence(channel.description) ?? channel.name}`,
          `Spec: ${specLocation(spec, originId.channel(channel.name))}`,
        ),
        2,
      ),
    ],
  };
}

/** The initializer of a channel accessor in `createKeyspace`. */
export function channelInit(c: ChannelNames): string {
  return `${propName(c.prop)}: new ${accessorOf(c)}(pool, ${quote(c.dbName)}, ${c.descriptor})`;
}

/** The runtime class of a channel's accessor: a sharded channel's subscribe needs every param (SSUBSCRIBE). */
export function accessorOf(c: ChannelNames): 'ChannelAccessor' | 'ShardedChannelAccessor' {
  return c.channel.sharded ? 'ShardedChannelAccessor' : 'ChannelAccessor';
}
