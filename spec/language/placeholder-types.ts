/**
 * Placeholder types: the built-ins and named types (`types:` / `where:`), each compiled to a whole-match
 * regex that the pattern matcher, the overlap analysis and the conformance checker share.
 */
import { JS, NFA } from 'refa';
import toRegexRange from 'to-regex-range';
import { HEX32_REGEX, INTEGER_REGEX, UUID_REGEX } from './format-regexes.ts';
import type { PlaceholderKind, PlaceholderType } from './model.ts';


function builtin(
  name: string,
  kind: PlaceholderKind,
  regex: string,
  description: string,
  examples: string[],
  extra: Partial<PlaceholderType> = {},
): PlaceholderType {
  return { name, kind, regex, description, examples, ...extra };
}

export const BUILTIN_TYPES: Readonly<Record<string, PlaceholderType>> = {
  text: builtin('text', 'text', '[\\s\\S]+', 'any non-empty text', ['some-text']),
  any: builtin('any', 'any', '[\\s\\S]*', 'any text, possibly empty', ['anything']),
  segment: builtin('segment', 'segment', '[^:]+', "non-empty text without ':'", ['segment']),
  int: builtin('int', 'integer', INTEGER_REGEX, 'a decimal integer', ['42']),
  uint: builtin('uint', 'integer', '[0-9]+', 'a non-negative decimal integer', ['42'], { min: 0 }),
  uuid: builtin('uuid', 'uuid', UUID_REGEX, 'a canonical lowercase UUID', ['0f8fad5b-d9cb-469f-a165-70867728950e']),
  hex32: builtin('hex32', 'hex32', HEX32_REGEX, '32 lowercase hex digits (uuid4().hex)', ['0f8fad5bd9cb469fa16570867728950e']),
  path: builtin('path', 'path', '/[\\s\\S]*', 'an absolute POSIX path', ['/srv/data/file']),
};

/** Raw named-type definition as written in YAML (already structurally checked). */
export interface RawNamedType {
  description?: string;
  examples?: (string | number | boolean)[];
  regex?: string;
  enum?: (string | number)[];
  integer?: { min?: number; max?: number };
  uuid?: true;
  hex32?: true;
  path?: true;
  text?: true;
  segment?: true;
  type?: string;
}

export const TYPE_KIND_KEYS = ['regex', 'enum', 'integer', 'uuid', 'hex32', 'path', 'text', 'segment', 'type'] as const;

export function escapeRegex(text: string): string {
  // Not '-': outside a character class `\\-` is a syntax error under the `u` flag.
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, (c) => `\\${c}`);
}

export function enumRegex(values: readonly string[]): string {
  const sorted = [...new Set(values)].sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0));
  return `(?:${sorted.map(escapeRegex).join('|')})`;
}

/**
 * Checks that a regex is usable in a pattern: valid JavaScript with the `u` flag, and a regular language
 * (no anchors, lookaround or backreferences), so that it can take part in the overlap analysis.
 * Returns an error message or undefined.
 */
export function regexProblem(source: string): string | undefined {
  try {
    new RegExp(source, 'u');
  } catch (e) {
    return (e as Error).message;
  }
  try {
    const { expression, maxCharacter } = JS.Parser.fromLiteral({ source, flags: 'u' }).parse({
      backreferences: 'throw',
      assertions: 'parse',
    });
    NFA.fromRegex(expression, { maxCharacter }, { assertions: 'throw' });
  } catch (e) {
    const msg = (e as Error).message;
    if (/assertion/i.test(msg)) return 'anchors and lookaround are not allowed (patterns are matched whole)';
    if (/backreference/i.test(msg)) return 'backreferences are not allowed';
    return msg;
  }
  return undefined;
}

/**
 * A regex for the decimal integers in [min, max] (either bound optional), written without leading
 * zeros, so that integer ranges take part in the overlap analysis exactly.
 */
export function integerRegex(min: number | undefined, max: number | undefined): string {
  const digits = (n: number): number => String(Math.abs(n)).length;
  if (min !== undefined && max !== undefined)
    return min > max ? '(?!)' : `(?:${toRegexRange(min, max, { capture: false, shorthand: false, relaxZeros: false })})`;
  if (min !== undefined && min >= 0) {
    // [min, 10^d - 1] or any number with more digits.
    const d = digits(min);
    const upper = 10 ** d - 1;
    return `(?:${toRegexRange(min, upper, { shorthand: false, relaxZeros: false })}|[1-9][0-9]{${d},})`;
  }
  if (max !== undefined && max < 0) {
    const d = digits(max);
    return `(?:${toRegexRange(-(10 ** d - 1), max, { shorthand: false, relaxZeros: false })}|-[1-9][0-9]{${d},})`;
  }
  if (min !== undefined) return `(?:${toRegexRange(min, -1, { shorthand: false, relaxZeros: false })}|0|[1-9][0-9]*)`;
  if (max !== undefined) return `(?:-[1-9][0-9]*|${toRegexRange(0, max, { shorthand: false, relaxZeros: false })})`;
  return '-?[0-9]+';
}

/** Number of capturing groups in a regex source. */
export function groupCount(source: string): number {
  const m = new RegExp(`${source}|`, 'u').exec('');
  return m ? m.length - 1 : 0;
}

/** Tests a value against a type: whole-match regex plus integer bounds. */
export function matchesType(type: PlaceholderType, value: string): boolean {
  if (!wholeRegex(type).test(value)) return false;
  if (type.kind === 'integer') {
    const n = Number(value);
    if (type.min !== undefined && n < type.min) return false;
    if (type.max !== undefined && n > type.max) return false;
  }
  return true;
}

const wholeCache = new WeakMap<PlaceholderType, RegExp>();
function wholeRegex(type: PlaceholderType): RegExp {
  let r = wholeCache.get(type);
  if (!r) {
    r = new RegExp(`^(?:${type.regex})$`, 'u');
    wholeCache.set(type, r);
  }
  return r;
}

/** Can this type match the empty string? */
export function matchesEmpty(type: PlaceholderType): boolean {
  return wholeRegex(type).test('');
}
