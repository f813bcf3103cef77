/**
 * `notify-keyspace-events` flags, compared as sets. CONFIG GET normalises and reorders them (KEA comes
 * back as AKE), `A` is an alias for `g$lshzxetd`, and `K` or `E` alone select nothing.
 */
/** Event class flags, in Redis's documented order. `m` (key miss) and `n` (new key) are not part of A. */
export declare const EVENT_CLASSES: readonly ["g", "$", "l", "s", "h", "z", "x", "e", "t", "d", "m", "n"];
export declare const ALL_ALIAS = "g$lshzxetd";
export declare const VALID_FLAGS: Set<string>;
export interface ParsedFlags {
    /** Sorted normalised flags: K and E first, then classes in EVENT_CLASSES order, A expanded. */
    flags: string[];
    invalid: string[];
}
export declare function parseNotifyFlags(raw: string): ParsedFlags;
export declare function hasClasses(flags: readonly string[]): boolean;
/** True when flags enable no events at all (no K/E, or no classes). */
export declare function selectsNothing(flags: readonly string[]): boolean;
/** Flags of `required` missing from `actual`. */
export declare function missingFlags(required: readonly string[], actual: readonly string[]): string[];
/** Flags a consumer needs: K or E for its channel, plus its event classes (A expanded). */
export declare function consumerFlags(channel: 'keyspace' | 'keyevent', events: readonly string[]): ParsedFlags;
export declare function formatFlags(flags: readonly string[]): string;
//# sourceMappingURL=notify-flags.d.ts.map