/**
 * Sharded pub/sub (`sharded: true`, Redis 7.0): SPUBLISHed messages reach only SSUBSCRIBErs, and
 * SSUBSCRIBE has no pattern form, so observe listens to the sharded channel names it can know: literal
 * channel patterns and each sharded channel's `examples`. On a cluster a shard channel lives on the
 * master that owns its hash slot, which is where it is SSUBSCRIBEd (another node answers MOVED).
 */
import type { Spec } from '../../spec/index.ts';
import type { ClusterNode } from '../redis/cluster-slots.ts';
import { keySlot } from '../redis/cluster-slots.ts';

/** The concrete names of the spec's sharded channels: literal patterns and examples, each once, in spec order. */
export function shardedChannelNames(spec: Spec): string[] {
  const out = new Set<string>();
  for (const ch of spec.channels) {
    if (!ch.sharded) continue;
    if (ch.pattern.placeholders.length === 0) out.add(ch.pattern.parts.map((p) => (p.kind === 'literal' ? p.text : '')).join(''));
    for (const ex of ch.examples) out.add(ex);
  }
  return [...out];
}

/** The names among `names` whose slot the master `node` owns. */
export function namesOwnedBy(node: Pick<ClusterNode, 'ranges'>, names: readonly string[]): string[] {
  return names.filter((n) => {
    const slot = keySlot(n);
    return node.ranges.some(([from, to]) => slot >= from && slot <= to);
  });
}

/** Sharded channels whose names observe cannot know (placeholders and no examples): reported once, as a note. */
export function unlistenedShardedChannels(spec: Spec): string[] {
  return spec.channels.filter((c) => c.sharded && c.pattern.placeholders.length > 0 && c.examples.length === 0).map((c) => c.name);
}
