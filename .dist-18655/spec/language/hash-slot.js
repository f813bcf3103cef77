/**
 * Redis Cluster's key-to-slot rule: CRC16 (XMODEM: polynomial 0x1021, initial value 0, no reflection)
 * of the key's hash tag, modulo 16384. The hash tag is the text between the first `{` and the first `}`
 * after it, when that text is not empty; otherwise the whole key is hashed. Keys are byte strings:
 * a JavaScript string is hashed as its UTF-8 bytes.
 */
export const SLOT_COUNT = 16384;
const TABLE = (() => {
    const t = new Uint16Array(256);
    for (let i = 0; i < 256; i++) {
        let c = i << 8;
        for (let j = 0; j < 8; j++)
            c = c & 0x8000 ? ((c << 1) ^ 0x1021) & 0xffff : (c << 1) & 0xffff;
        t[i] = c;
    }
    return t;
})();
/** CRC16/XMODEM of bytes [start, end). */
export function crc16(bytes, start = 0, end = bytes.length) {
    let crc = 0;
    for (let i = start; i < end; i++)
        crc = ((crc << 8) & 0xffff) ^ TABLE[((crc >> 8) ^ bytes[i]) & 0xff];
    return crc;
}
const LEFT = 0x7b; // '{'
const RIGHT = 0x7d; // '}'
/** The byte range that is hashed: the non-empty hash tag, else the whole key. */
export function hashedRange(bytes) {
    const open = bytes.indexOf(LEFT);
    if (open >= 0) {
        const close = bytes.indexOf(RIGHT, open + 1);
        if (close > open + 1)
            return { start: open + 1, end: close };
    }
    return { start: 0, end: bytes.length };
}
const encoder = new TextEncoder();
function bytesOf(key) {
    return typeof key === 'string' ? encoder.encode(key) : key;
}
/** The hash slot of a key, as `CLUSTER KEYSLOT` computes it. */
export function keySlot(key) {
    const bytes = bytesOf(key);
    const { start, end } = hashedRange(bytes);
    return crc16(bytes, start, end) % SLOT_COUNT;
}
/** The hash tag of a key (the text that is hashed when it is not the whole key), or undefined. */
export function hashTagOf(key) {
    const open = key.indexOf('{');
    if (open < 0)
        return undefined;
    const close = key.indexOf('}', open + 1);
    return close > open + 1 ? key.slice(open + 1, close) : undefined;
}
//# sourceMappingURL=hash-slot.js.map