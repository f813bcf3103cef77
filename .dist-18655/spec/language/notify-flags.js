/**
 * `notify-keyspace-events` flags, compared as sets. CONFIG GET normalises and reorders them (KEA comes
 * back as AKE), `A` is an alias for `g$lshzxetd`, and `K` or `E` alone select nothing.
 */
/** Event class flags, in Redis's documented order. `m` (key miss) and `n` (new key) are not part of A. */
export const EVENT_CLASSES = ['g', '$', 'l', 's', 'h', 'z', 'x', 'e', 't', 'd', 'm', 'n'];
export const ALL_ALIAS = 'g$lshzxetd';
export const VALID_FLAGS = new Set(['K', 'E', 'A', ...EVENT_CLASSES]);
const ORDER = ['K', 'E', ...EVENT_CLASSES];
export function parseNotifyFlags(raw) {
    const set = new Set();
    const invalid = [];
    for (const c of raw) {
        if (c === 'A')
            for (const a of ALL_ALIAS)
                set.add(a);
        else if (VALID_FLAGS.has(c))
            set.add(c);
        else if (!invalid.includes(c))
            invalid.push(c);
    }
    return { flags: ORDER.filter((f) => set.has(f)), invalid };
}
export function hasClasses(flags) {
    return flags.some((f) => f !== 'K' && f !== 'E');
}
/** True when flags enable no events at all (no K/E, or no classes). */
export function selectsNothing(flags) {
    return !(flags.includes('K') || flags.includes('E')) || !hasClasses(flags);
}
/** Flags of `required` missing from `actual`. */
export function missingFlags(required, actual) {
    const have = new Set(actual);
    return required.filter((f) => !have.has(f));
}
/** Flags a consumer needs: K or E for its channel, plus its event classes (A expanded). */
export function consumerFlags(channel, events) {
    return parseNotifyFlags((channel === 'keyspace' ? 'K' : 'E') + events.join(''));
}
export function formatFlags(flags) {
    return flags.join('');
}
//# sourceMappingURL=notify-flags.js.map