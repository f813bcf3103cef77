/**
 * Placeholder types: the built-ins and named types (`types:` / `where:`), each compiled to a whole-match
 * regex that the pattern matcher, the overlap analysis and the conformance checker share.
 */
import { JS, NFA } from 'refa';
import { analyse } from 'scslre';
import { exponentialAmbiguity } from './ambiguity.ts';
import toRegexRange from 'to-regex-range';
import { HEX32_REGEX, INTEGER_REGEX, UUID_REGEX } from './format-regexes.ts';
import { matchesRegex } from './linear-match.ts';
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
  /** Words the type must not match (`regex: '[^:]+'`, `except: [meta, id]`). */
  except?: (string | number)[];
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

export interface BacktrackingProblem {
  message: string;
  hint: string;
}

/**
 * Does a (valid, regular) regex backtrack super-linearly in a backtracking engine such as V8's? keyspec
 * itself matches spec regexes in linear time (linear-match.ts), but the generated client, redis-cli
 * scripts and the user's own code run them as `RegExp`s, where `(a+)+` against `aaaa…!` never ends.
 * Found with scslre (attack strings that repeat one character; the regex is analysed as embedded in a
 * pattern, so any suffix may follow it), plus exponential ambiguity that scslre does not see, such as
 * `(a|a)*` (see `exponentialAmbiguity`).
 */
function scslreReports(source: string): ReturnType<typeof analyse>['reports'] {
  try {
    return analyse({ source, flags: 'u' }, { reportTypes: { Move: false }, assumeRejectingSuffix: true, maxReports: 8 }).reports;
  } catch {
    return [];
  }
}

const backtrackingCache = new Map<string, BacktrackingProblem | null>();

export function backtrackingProblem(source: string): BacktrackingProblem | undefined {
  let p = backtrackingCache.get(source);
  if (p === undefined) {
    p = analyseBacktracking(source) ?? null;
    if (backtrackingCache.size > 1000) backtrackingCache.clear();
    backtrackingCache.set(source, p);
  }
  return p ?? undefined;
}

function analyseBacktracking(source: string): BacktrackingProblem | undefined {
  const reports = scslreReports(source);
  const r = reports.find((x) => x.exponential) ?? reports[0];
  if (r) {
    const how = r.exponential ? 'exponentially' : 'polynomially';
    const input = `'${r.character.pick.repeat(3)}…' followed by a character it does not accept`;
    const candidate = r.fix()?.source;
    const fixed =
      candidate !== undefined && scslreReports(candidate).length === 0 && !exponentialAmbiguity(candidate) ? candidate : undefined;
    if (r.type === 'Self') {
      const inner = r.quant.raw;
      const parent = r.parentQuant;
      const group = parent.element;
      // `(a+)+` -> `a+`: a group that holds only the inner quantifier collapses to it.
      const only =
        (group.type === 'Group' || group.type === 'CapturingGroup') &&
        group.alternatives.length === 1 &&
        group.alternatives[0]!.elements.length === 1 &&
        group.alternatives[0]!.elements[0] === r.quant;
      const suggestion =
        fixed ?? (only ? `${r.quant.element.raw}${parent.raw.slice(group.raw.length)}` : parent.raw.replace(inner, r.quant.element.raw));
      return {
        message: `regex '${source}' can backtrack ${how}: ${r.parentQuant.raw} repeats ${inner}, which matches the same '${r.character.pick}'s in many ways (input like ${input})`,
        hint: `Let no character be matched by two nested quantifiers, e.g. write ${suggestion} instead of ${r.parentQuant.raw}.`,
      };
    }
    if (r.type === 'Trade') {
      return {
        message: `regex '${source}' can backtrack ${how}: ${r.startQuant.raw} and ${r.endQuant.raw} can both match '${r.character.pick}' (input like ${input})`,
        hint: fixed
          ? `Write '${fixed}', which accepts the same texts.`
          : `Make ${r.startQuant.raw} and ${r.endQuant.raw} match disjoint characters, or merge them into one quantifier.`,
      };
    }
  }
  const ambiguous = exponentialAmbiguity(source);
  if (ambiguous)
    return {
      message: `regex '${source}' can backtrack exponentially: ${ambiguous} can be matched in more than one way inside a repetition`,
      hint: 'Let the alternatives inside a repetition match different texts, e.g. write (?:a|b)* instead of (?:a|[ab])*.',
    };
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

/**
 * Does the type's regex alone enforce its integer bounds? True for every type keyspec builds (ranges
 * become `integerRegex`, `uint` is `[0-9]+` with min 0), so matching needs no split to check them.
 */
export function boundsInRegex(type: PlaceholderType): boolean {
  if (type.kind !== 'integer' || (type.min === undefined && type.max === undefined)) return true;
  if (type.regex === integerRegex(type.min, type.max)) return true;
  return type.min === 0 && type.max === undefined && type.regex === BUILTIN_TYPES['uint']!.regex;
}

/** Tests a value against a type: whole-match regex (in linear time) plus integer bounds. */
export function matchesType(type: PlaceholderType, value: string): boolean {
  if (!matchesRegex(type.regex, value)) return false;
  if (type.kind === 'integer') {
    const n = Number(value);
    if (type.min !== undefined && n < type.min) return false;
    if (type.max !== undefined && n > type.max) return false;
  }
  return true;
}

/** Can this type match the empty string? */
export function matchesEmpty(type: PlaceholderType): boolean {
  return matchesRegex(type.regex, '');
}
