/**
 * Key names as bytes. Redis key names are byte strings; keyspec judges them as text. A name that is valid
 * UTF-8 is its decoded string. A name that is not keeps every byte: each byte that is not part of a valid
 * UTF-8 sequence becomes the lone surrogate U+DC80..U+DCFF (0x80..0xff; the "surrogateescape" scheme), which
 * valid UTF-8 never decodes to, so two different byte names never give the same string, and the bytes come
 * back exactly (`keyNameBytes`). Such a name matches no pattern (patterns are Unicode text): `key.unmatched`.
 * Reports show it escaped (`weird:\xff`, `escapeName`), with its bytes in hex (`keyBytes`), and reproduce
 * lines send the real bytes (`shellQuote`).
 */
import { isUtf8 } from 'node:buffer';

/** A lone U+DC80..U+DCFF: a byte that was not valid UTF-8. */
const RAW_BYTE = /(?<![\ud800-\udbff])[\udc80-\udcff]/;
const RAW_BYTES = /(?<![\ud800-\udbff])[\udc80-\udcff]/g;

/** True when `decoded` (`buf` decoded as UTF-8) lost bytes: `buf` is not valid UTF-8. Cheap for valid names. */
export function isLossy(buf: Buffer, decoded: string): boolean {
  return decoded.includes('\uFFFD') && !isUtf8(buf);
}

/** The name of a key: its UTF-8 text, or (not valid UTF-8) the text with each invalid byte kept as U+DC00+byte. */
export function decodeKeyName(buf: Buffer): string {
  const s = buf.toString('utf8');
  return isLossy(buf, s) ? escapeKeyBytes(buf) : s;
}

/** Decodes valid UTF-8 sequences; every other byte becomes U+DC00+byte. */
export function escapeKeyBytes(b: Buffer): string {
  let out = '';
  let start = 0;
  let i = 0;
  while (i < b.length) {
    const n = sequenceLength(b, i);
    if (n > 0) {
      i += n;
      continue;
    }
    out += b.toString('utf8', start, i) + String.fromCharCode(0xdc00 + b[i]!);
    start = ++i;
  }
  return out + b.toString('utf8', start);
}

/** Length of the valid UTF-8 sequence starting at `i` (no overlongs, surrogates or > U+10FFFF), 0 if none. */
function sequenceLength(b: Buffer, i: number): number {
  const c = b[i]!;
  if (c < 0x80) return 1;
  const n = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
  if (n === 0 || i + n > b.length) return 0;
  let cp = c & (0x7f >> n);
  for (let k = 1; k < n; k++) {
    const d = b[i + k]!;
    if ((d & 0xc0) !== 0x80) return 0;
    cp = (cp << 6) | (d & 0x3f);
  }
  if (n === 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) return 0;
  if (n === 4 && (cp < 0x10000 || cp > 0x10ffff)) return 0;
  return n;
}

/** True when a name holds bytes that are not valid UTF-8 (see `decodeKeyName`). */
export function hasRawBytes(name: string): boolean {
  return RAW_BYTE.test(name);
}

/** The bytes of a name: the inverse of `decodeKeyName` (plain UTF-8 for a name without raw bytes). */
export function keyNameBytes(name: string): Buffer {
  if (!hasRawBytes(name)) return Buffer.from(name, 'utf8');
  const parts: Buffer[] = [];
  let start = 0;
  for (const m of name.matchAll(RAW_BYTES)) {
    parts.push(Buffer.from(name.slice(start, m.index), 'utf8'), Buffer.of(m[0].charCodeAt(0) - 0xdc00));
    start = m.index! + 1;
  }
  parts.push(Buffer.from(name.slice(start), 'utf8'));
  return Buffer.concat(parts);
}

/** What a command should send for a name: the name itself, or its bytes when it is not valid UTF-8. */
export function keyArg(name: string): string | Buffer {
  return hasRawBytes(name) ? keyNameBytes(name) : name;
}
