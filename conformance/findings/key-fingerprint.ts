/**
 * A 53-bit fingerprint of a key name, for telling whether a finding's key was seen already (SCAN may
 * return a key twice during a rehash) without keeping the name: one pass over the name, so its cost is
 * linear in the name's length, and a number, not the name, goes into the set. (V8 hashes a string longer
 * than 16,383 characters by its length alone, so a Set of long names degrades to comparing whole names.)
 * Two names share a fingerprint with a chance of about n² / 2^54 among n names: for the 10,000 names a
 * finding group keeps, about 1 in 3.6 * 10^8.
 */
import { hash } from 'node:crypto';

export function keyFingerprint(key: string): number {
  // A long name goes through the native hash (a few times faster per character than this loop).
  if (key.length > 512) {
    const d = hash('sha1', key, 'buffer');
    return d.readUInt32LE(0) * 0x200000 + (d.readUInt32LE(4) & 0x1fffff);
  }
  let a = 0x811c9dc5;
  let b = 0x9747b28c ^ key.length;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  a ^= a >>> 16;
  a = Math.imul(a, 0x85ebca6b);
  a ^= a >>> 13;
  b ^= b >>> 13;
  b = Math.imul(b, 0xc2b2ae35);
  b ^= b >>> 16;
  // 32 bits of one and 21 of the other: exact in a double.
  return (a >>> 0) * 0x200000 + ((b >>> 0) & 0x1fffff);
}
