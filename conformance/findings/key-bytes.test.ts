import { describe, expect, it } from 'vitest';
import { decodeKeyName, hasRawBytes, keyNameBytes } from './key-bytes.ts';
import { escapeName, shellQuote } from './printable.ts';

describe('key names as bytes', () => {
  it('keeps every byte of a name that is not valid UTF-8, and gives it back', () => {
    const names = new Set<string>();
    for (let b = 0x80; b <= 0xff; b++) {
      const buf = Buffer.from([0x61, b, 0x5c, 0xc3, 0xa9]);
      const name = decodeKeyName(buf);
      expect(hasRawBytes(name)).toBe(true);
      expect(keyNameBytes(name).equals(buf)).toBe(true);
      names.add(name);
    }
    expect(names.size).toBe(128);
  });
  it('decodes valid UTF-8 as usual', () => {
    for (const t of ['weird:é', 'a\ufffdb', '😀', '']) {
      expect(decodeKeyName(Buffer.from(t))).toBe(t);
      expect(hasRawBytes(t)).toBe(false);
    }
    expect(keyNameBytes('😀').toString()).toBe('😀');
  });
  it('escapes the bytes as \\xNN, distinct from a C1 control character', () => {
    expect(escapeName(decodeKeyName(Buffer.from([0x77, 0xff, 0x5c])))).toBe('w\\xff\\\\');
    expect(escapeName('w\u0085')).toBe('w\\u0085');
    expect(shellQuote(decodeKeyName(Buffer.from([0x77, 0xff])))).toBe("$'w\\xff'");
  });
});
