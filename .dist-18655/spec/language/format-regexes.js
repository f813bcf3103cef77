/**
 * The regexes of the built-in text formats, as whole-match sources (no anchors): the one source the
 * placeholder types, `judgeValue` and the generated client's codecs (through their descriptors) share.
 */
/** A canonical lowercase UUID. */
export const UUID_REGEX = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
/** 32 lowercase hex digits (`uuid4().hex`). */
export const HEX32_REGEX = '[0-9a-f]{32}';
/** An ISO-8601 datetime: date, `T` or space, hours and minutes, optional seconds, fraction and zone. */
export const ISO_DATETIME_REGEX = '\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?(?:Z|[+-]\\d{2}:?\\d{2})?';
/** Epoch seconds: up to 11 digits, an optional fraction. */
export const EPOCH_SECONDS_REGEX = '[0-9]{1,11}(?:\\.[0-9]+)?';
/** Epoch milliseconds: up to 14 digits. */
export const EPOCH_MILLIS_REGEX = '[0-9]{1,14}';
/** A decimal integer as Redis stores it. */
export const INTEGER_REGEX = '-?[0-9]+';
//# sourceMappingURL=format-regexes.js.map