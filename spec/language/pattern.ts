/**
 * Patterns: literal text plus typed placeholders, e.g. `readme:client:{runid}:{config}:{uuid:hex32}`.
 * Parsing the text, compiling to a regex, building a key from params and parsing a key back.
 */
import type { Pattern, PatternPart, PlaceholderType } from './model.ts';
import { sampleMatching } from './overlap.ts';
import { concatNfa, LinearMatcher, matcherFor, reversedMatcher } from './linear-match.ts';
import { boundsInRegex, escapeRegex, matchesType } from './placeholder-types.ts';

/** A placeholder as written, before its type is resolved. */
export interface RawPlaceholder {
  name: string;
  /** Explicit type (`{name:type}`), else undefined (the type is named like the placeholder). */
  typeRef?: string;
  /** Offset of `{` in the pattern text. */
  offset: number;
}

export type RawPart = { kind: 'literal'; text: string } | ({ kind: 'placeholder' } & RawPlaceholder);

export interface PatternSyntaxError {
  message: string;
  offset: number;
}

const PLACEHOLDER = /^\{([A-Za-z_][A-Za-z0-9_]*)(?::([A-Za-z_][A-Za-z0-9_.-]*))?\}/;

/** Splits pattern text into literal and placeholder parts. `{{` and `}}` are literal braces. */
export function parsePatternText(text: string): { parts: RawPart[]; errors: PatternSyntaxError[] } {
  const parts: RawPart[] = [];
  const errors: PatternSyntaxError[] = [];
  let literal = '';
  let i = 0;
  const flush = (): void => {
    if (literal) parts.push({ kind: 'literal', text: literal });
    literal = '';
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === '{' && text[i + 1] === '{') {
      literal += '{';
      i += 2;
    } else if (c === '}' && text[i + 1] === '}') {
      literal += '}';
      i += 2;
    } else if (c === '{') {
      const m = PLACEHOLDER.exec(text.slice(i));
      if (!m) {
        const close = text.indexOf('}', i);
        const inner = close < 0 ? text.slice(i) : text.slice(i, close + 1);
        errors.push({
          offset: i,
          message: close < 0 ? `unclosed '{' in pattern '${text}'` : `invalid placeholder '${inner}' in pattern '${text}'`,
        });
        i = close < 0 ? text.length : close + 1;
        continue;
      }
      flush();
      parts.push({ kind: 'placeholder', name: m[1]!, ...(m[2] ? { typeRef: m[2] } : {}), offset: i });
      i += m[0].length;
    } else if (c === '}') {
      errors.push({ offset: i, message: `unmatched '}' in pattern '${text}'` });
      i++;
    } else {
      literal += c;
      i++;
    }
  }
  flush();
  if (parts.length === 0) errors.push({ offset: 0, message: 'empty pattern' });
  return { parts, errors };
}

/** Compiles resolved parts into a Pattern. */
export function compilePattern(text: string, parts: PatternPart[]): Pattern {
  let regex = '^';
  for (const p of parts) {
    regex += p.kind === 'literal' ? escapeRegex(p.text) : `(${p.type.regex})`;
  }
  regex += '$';
  return {
    text,
    parts,
    regex,
    placeholders: parts.flatMap((p) => (p.kind === 'placeholder' ? [p.name] : [])),
  };
}

/**
 * Linear-time matching of a pattern (see linear-match.ts): the whole pattern as one automaton decides
 * membership; splitting a match into params uses one forward automaton per placeholder type and one
 * reversed automaton per suffix of the pattern, so no backtracking regex ever runs against the text.
 */
interface LinearPattern {
  whole: LinearMatcher;
  /** Whether membership alone decides (no integer placeholder with bounds the regex does not encode). */
  exact: boolean;
  /** Built on the first split: per part index j, the reversed matcher of parts j.. (j >= 1). */
  split?: { suffixes: (LinearMatcher | undefined)[]; types: (LinearMatcher | undefined)[] };
}

const linearCache = new WeakMap<Pattern, LinearPattern>();

function pieces(parts: readonly PatternPart[]): ({ literal: string } | { regex: string })[] {
  return parts.map((p) => (p.kind === 'literal' ? { literal: p.text } : { regex: p.type.regex }));
}

function linear(pattern: Pattern): LinearPattern {
  let lp = linearCache.get(pattern);
  if (!lp) {
    lp = {
      whole: new LinearMatcher(concatNfa(pieces(pattern.parts))),
      exact: pattern.parts.every((p) => p.kind === 'literal' || boundsInRegex(p.type)),
    };
    linearCache.set(pattern, lp);
  }
  return lp;
}

function splitter(pattern: Pattern, lp: LinearPattern): NonNullable<LinearPattern['split']> {
  if (!lp.split) {
    const parts = pattern.parts;
    lp.split = {
      suffixes: parts.map((_, j) => (j === 0 ? undefined : reversedMatcher(concatNfa(pieces(parts.slice(j)))))),
      types: parts.map((p) => (p.kind === 'placeholder' ? matcherFor(p.type.regex) : undefined)),
    };
  }
  return lp.split;
}

/** A reusable `testPattern` for one pattern (the checker keeps one per key pattern). */
export function patternMatcher(pattern: Pattern): { test(text: string): boolean } {
  const lp = linear(pattern);
  return lp.exact ? lp.whole : { test: (text) => lp.whole.test(text) && matchPattern(pattern, text) !== null };
}

/** Does a text match a pattern (its regex and the integer bounds of its placeholders)? Linear time. */
export function testPattern(pattern: Pattern, text: string): boolean {
  const lp = linear(pattern);
  if (!lp.whole.test(text)) return false;
  return lp.exact || matchPattern(pattern, text) !== null;
}

/**
 * Parses a concrete key (or field, channel, message) with a pattern: its params, or null if it does not
 * match. Where a text can be split in more than one way, each placeholder, left to right, takes the
 * longest value that leaves a match for the rest. Linear time in the length of the text.
 */
export function matchPattern(pattern: Pattern, text: string): Record<string, string> | null {
  const lp = linear(pattern);
  if (!lp.whole.test(text)) return null;
  const { suffixes, types } = splitter(pattern, lp);
  const parts = pattern.parts;
  // fits[j][i]: parts j.. match text[i..]. Part 0 from 0 is the whole match, known to hold.
  const fits = suffixes.map((m) => m?.startsFromEnd(text));
  const restFits = (j: number, i: number): boolean => (j === parts.length ? i === text.length : fits[j]![i] === 1);
  const params: Record<string, string> = {};
  let pos = 0;
  for (let j = 0; j < parts.length; j++) {
    const p = parts[j]!;
    if (p.kind === 'literal') {
      pos += p.text.length;
      continue;
    }
    const ends = types[j]!.ends(text, pos);
    let end = -1;
    for (let e = ends.length - 1; e >= 0; e--) {
      if (restFits(j + 1, ends[e]!)) {
        end = ends[e]!;
        break;
      }
    }
    if (end < 0) return null; // cannot happen: the whole text matched
    const value = text.slice(pos, end);
    if (!matchesType(p.type, value)) return null;
    params[p.name] = value;
    pos = end;
  }
  return params;
}

export class PatternParamError extends Error {
  constructor(
    readonly placeholder: string,
    readonly value: unknown,
    readonly type: PlaceholderType,
  ) {
    super(`placeholder {${placeholder}} must be ${describeType(type)}, got ${JSON.stringify(value)}`);
  }
}

/** Builds a concrete key from params. Throws PatternParamError on a missing or ill-typed param. */
export function buildFromPattern(pattern: Pattern, params: Readonly<Record<string, string | number>>): string {
  let out = '';
  for (const p of pattern.parts) {
    if (p.kind === 'literal') {
      out += p.text;
      continue;
    }
    const v: unknown = params[p.name];
    // A param is a string or a number (as the generated client's params types say); nothing else is text.
    const s = typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
    if (s === undefined || !matchesType(p.type, s)) throw new PatternParamError(p.name, v, p.type);
    out += s;
  }
  return out;
}

export function describeType(type: PlaceholderType): string {
  switch (type.kind) {
    case 'enum':
      return `one of ${(type.values ?? []).map((v) => `'${v}'`).join(', ')}`;
    case 'integer':
      return `an integer${type.min !== undefined ? ` >= ${type.min}` : ''}${type.max !== undefined ? ` <= ${type.max}` : ''}`;
    default:
      return `${type.name} (/${type.regex}/)`;
  }
}

/** An example value for a type: its first example, else something that matches its regex. */
export function exampleFor(type: PlaceholderType): string {
  if (type.examples.length > 0) return type.examples[0]!;
  if (type.values && type.values.length > 0) return type.values[0]!;
  if (type.kind === 'integer') return String(type.min ?? 1);
  return sampleMatching(type.regex) ?? type.name;
}

/** An example of the whole pattern built from its placeholder types' examples. */
export function examplePattern(pattern: Pattern): string {
  return pattern.parts.map((p) => (p.kind === 'literal' ? p.text : exampleFor(p.type))).join('');
}
