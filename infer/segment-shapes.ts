/**
 * Known id shapes of one key segment, masked before grouping (log-template mining found that masking
 * known shapes first matters more than the grouping algorithm): a segment of one of these shapes is a
 * placeholder of that shape whatever the other keys hold. Each shape says how it is written in a spec: a
 * built-in placeholder type, or a named type with its regex.
 */
import { UUID_REGEX } from '../spec/language/format-regexes.ts';

export interface Shape {
  /** The shape's name: also the placeholder's and the named type's name. */
  name: string;
  /** A built-in placeholder type (`uuid`, `hex32`, `uint`, `int`, `path`), when one fits exactly. */
  builtin?: string;
  /** Otherwise the named type's regex (whole-match, no anchors). */
  regex?: string;
  test(segment: string): boolean;
}

const UUID = new RegExp(`^${UUID_REGEX}$`);
const UUID_UPPER = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;
const HEX = /^[0-9a-f]+$/;
const UINT = /^(?:0|[1-9][0-9]*)$/;
const INT = /^-[1-9][0-9]*$/;
const ISO_DATE = /^[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])$/;
const BASE64 = /^[A-Za-z0-9+/_-]{16,}={0,2}$/;
const ABS_PATH = /^\/[^\s]*$/;

/** 2001-09-09 .. 2100-01-01, the range in which a 10- or 13-digit number is read as a timestamp. */
const EPOCH_MIN = 1_000_000_000;
const EPOCH_MAX = 4_102_444_800;

function hexOf(length: number): (s: string) => boolean {
  // Fixed-length hex with at least one digit and one letter (so `deadbeefcafebabe` words and pure
  // numbers stay what they are).
  return (s) => s.length === length && HEX.test(s) && /[0-9]/.test(s) && /[a-f]/.test(s);
}

/** The shapes, most specific first. */
export const SHAPES: readonly Shape[] = [
  { name: 'uuid', builtin: 'uuid', test: (s) => UUID.test(s) },
  { name: 'uuid_upper', regex: '[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}', test: (s) => UUID_UPPER.test(s) },
  { name: 'sha256', regex: '[0-9a-f]{64}', test: hexOf(64) },
  { name: 'sha1', regex: '[0-9a-f]{40}', test: hexOf(40) },
  { name: 'hex32', builtin: 'hex32', test: hexOf(32) },
  { name: 'object_id', regex: '[0-9a-f]{24}', test: hexOf(24) },
  { name: 'hex16', regex: '[0-9a-f]{16}', test: hexOf(16) },
  {
    name: 'epoch_ms',
    regex: '[0-9]{13}',
    test: (s) => s.length === 13 && UINT.test(s) && Number(s) >= EPOCH_MIN * 1000 && Number(s) < EPOCH_MAX * 1000,
  },
  {
    name: 'epoch_s',
    regex: '[0-9]{10}',
    test: (s) => s.length === 10 && UINT.test(s) && Number(s) >= EPOCH_MIN && Number(s) < EPOCH_MAX,
  },
  { name: 'uint', builtin: 'uint', test: (s) => s.length <= 15 && UINT.test(s) },
  { name: 'int', builtin: 'int', test: (s) => s.length <= 16 && INT.test(s) },
  { name: 'iso_date', regex: '[0-9]{4}-[0-9]{2}-[0-9]{2}', test: (s) => ISO_DATE.test(s) },
  { name: 'path', builtin: 'path', test: (s) => s.length > 1 && ABS_PATH.test(s) },
  {
    name: 'base64',
    regex: '[A-Za-z0-9+/_-]+={0,2}',
    // Mixed case and digits: a random token, not a word or a slug.
    test: (s) => BASE64.test(s) && /[a-z]/.test(s) && /[A-Z]/.test(s) && /[0-9]/.test(s),
  },
];

const BY_NAME = new Map(SHAPES.map((s) => [s.name, s]));

/** The first shape the segment has, or undefined (a literal or a generic placeholder). */
export function shapeOf(segment: string): Shape | undefined {
  if (segment.length < 1) return undefined;
  for (const s of SHAPES) if (s.test(segment)) return s;
  return undefined;
}

export function shapeNamed(name: string): Shape | undefined {
  return BY_NAME.get(name);
}

/**
 * The generic placeholder's regex for a set of values: one character class of what they hold (letters by
 * case, digits, every other character itself), repeated. Linear (one class, one quantifier), and it never
 * holds the delimiter, since segments do not.
 */
export function charClassRegex(chars: ReadonlySet<string>, minLength: number): string {
  let lower = false;
  let upper = false;
  let digit = false;
  const other: string[] = [];
  for (const c of chars) {
    if (c >= 'a' && c <= 'z') lower = true;
    else if (c >= 'A' && c <= 'Z') upper = true;
    else if (c >= '0' && c <= '9') digit = true;
    else other.push(c);
  }
  other.sort();
  // `-` last so it is literal; `]`, `\` and `^` escaped.
  const dash = other.includes('-');
  const rest = other.filter((c) => c !== '-').map((c) => (/[\]\\^[]/.test(c) ? `\\${c}` : c === ' ' ? ' ' : c));
  const cls = `${lower ? 'a-z' : ''}${upper ? 'A-Z' : ''}${digit ? '0-9' : ''}${rest.join('')}${dash ? '-' : ''}`;
  return `[${cls || '^:'}]${minLength === 0 ? '*' : '+'}`;
}
