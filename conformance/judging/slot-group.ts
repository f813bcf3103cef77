/**
 * `key.slot`: a key of a slot group should hash by its whole tag value. The spec's patterns are
 * validated to put the tag placeholder right after the key's first `{` (KS200), so keys of a group with
 * the same value always share a slot; but a value that holds a `}` (which a tag type may allow, KS205)
 * ends the hash tag early, and then keys of different values that share the text before it share a
 * slot too. Only the live key names show whether such values exist.
 */
import { crc16, hashTagOf, keySlot, matchPattern, SLOT_COUNT } from '../../spec/index.ts';
import type { CompiledKey } from './compile.ts';

export interface SlotProblem {
  tagValue: string;
  /** What Redis hashes instead: the key's hash tag. */
  hashedBy: string;
  slot: number;
  groupSlot: number;
}

/** The slot fault of a matched key of a slot group, or undefined (in its group's slot, or not in a group). */
export function slotFault(ck: CompiledKey, key: string): SlotProblem | undefined {
  const tag = ck.slotTag;
  if (tag === undefined) return undefined;
  const value = matchPattern(ck.key.pattern, key.slice(ck.namePrefix.length))?.[tag];
  if (value === undefined) return undefined;
  const slot = keySlot(key);
  const groupSlot = crc16(Buffer.from(value, 'utf8')) % SLOT_COUNT;
  const hashedBy = hashTagOf(key) ?? key;
  return hashedBy === value ? undefined : { tagValue: value, hashedBy, slot, groupSlot };
}
