/**
 * The key-to-slot rule on known values (from the Redis Cluster specification and `CLUSTER KEYSLOT`);
 * hash-slot.redis.test.ts compares it with a real server on thousands of random keys.
 */
import { describe, expect, it } from 'vitest';
import { crc16, hashTagOf, keySlot, SLOT_COUNT } from './hash-slot.ts';

describe('crc16 (XMODEM)', () => {
  it('gives the check value 0x31C3 for "123456789"', () => {
    expect(crc16(new TextEncoder().encode('123456789'))).toBe(0x31c3);
  });
  it('is 0 for no bytes', () => {
    expect(crc16(new Uint8Array())).toBe(0);
  });
});

describe('keySlot', () => {
  it.each([
    ['foo', 12182],
    ['bar', 5061],
    ['hello', 866],
    ['', 0],
    ['123456789', 0x31c3 % SLOT_COUNT],
  ])('CLUSTER KEYSLOT %j = %i', (key, slot) => {
    expect(keySlot(key)).toBe(slot);
  });

  it('hashes only the tag: {user1000}.following and {user1000}.followers share a slot', () => {
    expect(keySlot('{user1000}.following')).toBe(keySlot('{user1000}.followers'));
    expect(keySlot('{user1000}.following')).toBe(keySlot('user1000'));
  });

  it('hashes the whole key when the first {} is empty: foo{}{bar}', () => {
    expect(hashTagOf('foo{}{bar}')).toBeUndefined();
    expect(keySlot('foo{}{bar}')).toBe(crc16(new TextEncoder().encode('foo{}{bar}')) % SLOT_COUNT);
    expect(keySlot('foo{}{bar}')).not.toBe(keySlot('bar'));
  });

  it('takes the first { and the first } after it: foo{{bar}}zap hashes "{bar"', () => {
    expect(hashTagOf('foo{{bar}}zap')).toBe('{bar');
    expect(keySlot('foo{{bar}}zap')).toBe(crc16(new TextEncoder().encode('{bar')) % SLOT_COUNT);
  });

  it('takes the first tag only: foo{bar}{zap} hashes "bar"', () => {
    expect(hashTagOf('foo{bar}{zap}')).toBe('bar');
    expect(keySlot('foo{bar}{zap}')).toBe(keySlot('bar'));
  });

  it('ignores a } before the first {, and a { without a closing }', () => {
    expect(hashTagOf('a}b{c}d')).toBe('c');
    expect(hashTagOf('a{bc')).toBeUndefined();
    expect(keySlot('a{bc')).toBe(crc16(new TextEncoder().encode('a{bc')) % SLOT_COUNT);
  });

  it('hashes UTF-8 bytes, not UTF-16 code units', () => {
    const bytes = new TextEncoder().encode('λ{ü}');
    expect(keySlot('λ{ü}')).toBe(keySlot(bytes));
    expect(keySlot('ü')).toBe(crc16(new Uint8Array([0xc3, 0xbc])) % SLOT_COUNT);
  });
});
