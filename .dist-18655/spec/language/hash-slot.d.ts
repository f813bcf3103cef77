/**
 * Redis Cluster's key-to-slot rule: CRC16 (XMODEM: polynomial 0x1021, initial value 0, no reflection)
 * of the key's hash tag, modulo 16384. The hash tag is the text between the first `{` and the first `}`
 * after it, when that text is not empty; otherwise the whole key is hashed. Keys are byte strings:
 * a JavaScript string is hashed as its UTF-8 bytes.
 */
export declare const SLOT_COUNT = 16384;
/** CRC16/XMODEM of bytes [start, end). */
export declare function crc16(bytes: Uint8Array, start?: number, end?: number): number;
/** The byte range that is hashed: the non-empty hash tag, else the whole key. */
export declare function hashedRange(bytes: Uint8Array): {
    start: number;
    end: number;
};
/** The hash slot of a key, as `CLUSTER KEYSLOT` computes it. */
export declare function keySlot(key: string | Uint8Array): number;
/** The hash tag of a key (the text that is hashed when it is not the whole key), or undefined. */
export declare function hashTagOf(key: string): string | undefined;
//# sourceMappingURL=hash-slot.d.ts.map