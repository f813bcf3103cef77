/**
 * Key, field and channel names: built from pattern parts and typed params (every param validated),
 * parsed back into typed params, and turned into globs for PSUBSCRIBE and SCAN MATCH.
 */
import type { PartDesc, PlaceholderDesc } from './descriptor-types.js';
import { KeyspecValueError } from './errors.js';
import { enumRegex, enumSet, escapeRegex, whole } from './regex.js';

const derived = new WeakMap<PlaceholderDesc, string>();

/** The whole-match regex of a placeholder (an enum's is derived from its values once). */
export function placeholderRegex(p: PlaceholderDesc): string {
  if (p.regex !== undefined) return p.regex;
  let r = derived.get(p);
  if (r === undefined) {
    r = enumRegex(p.kind === 'enum' ? p.values : []);
    derived.set(p, r);
  }
  return r;
}

/** A placeholder's check, compiled once: a param's text in a name, or a KeyspecValueError. */
export type ParamCheck = (value: unknown, what: string) => string;

const checkers = new WeakMap<PlaceholderDesc, ParamCheck>();

/**
 * The check of a placeholder, compiled once per placeholder (its regex, enum set and the set of recently
 * validated values are captured): a hot key's string params are checked by a Set lookup instead of
 * running the placeholder's regex again (bounded). Generated key builders call these directly.
 */
export function paramCheck(p: PlaceholderDesc): ParamCheck {
  let c = checkers.get(p);
  if (c === undefined) {
    c = compileParamCheck(p);
    checkers.set(p, c);
  }
  return c;
}

function compileParamCheck(p: PlaceholderDesc): ParamCheck {
  if (p.kind === 'enum') {
    const values = enumSet(p.values);
    return (value, what) => {
      if (typeof value === 'string' && values.has(value)) return value;
      throw new KeyspecValueError(
        `${what}: {${p.name}} must be one of ${p.values.join(', ')}, got ${JSON.stringify(value)}`,
      );
    };
  }
  const re = whole(p.regex);
  const invalid = (value: unknown, what: string): KeyspecValueError =>
    new KeyspecValueError(`${what}: {${p.name}} must match /${p.regex}/, got ${JSON.stringify(value)}`);
  if (p.kind === 'integer') {
    const { min, max } = p;
    return (value, what) => {
      const s = typeof value === 'number' ? String(value) : value;
      if (typeof s !== 'string' || !re.test(s)) throw invalid(value, what);
      const n = Number(s);
      if ((min !== undefined && n < min) || (max !== undefined && n > max))
        throw new KeyspecValueError(
          `${what}: {${p.name}} must be between ${min ?? '-inf'} and ${max ?? 'inf'}, got ${s}`,
        );
      return s;
    };
  }
  const seen = new Set<string>();
  return (value, what) => {
    if (typeof value === 'string' && seen.has(value)) return value;
    const s = typeof value === 'number' ? String(value) : value;
    if (typeof s !== 'string' || !re.test(s)) throw invalid(value, what);
    if (seen.size >= 4096) seen.clear();
    seen.add(s);
    return s;
  };
}

/** A param's text in a name, or a KeyspecValueError naming the placeholder and what it expects. */
export function checkParam(p: PlaceholderDesc, value: unknown, what: string): string {
  return paramCheck(p)(value, what);
}

/** Builds a concrete name from pattern parts and params (an object of the pattern's params type). */
export function buildName(parts: readonly PartDesc[], params: object, what: string): string {
  const values = params as Readonly<Record<string, unknown>>;
  let out = '';
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    out += typeof p === 'string' ? p : paramCheck(p)(values[p.name], what);
  }
  return out;
}

interface Matcher {
  re: RegExp;
  groups: number[];
  placeholders: PlaceholderDesc[];
}
const matcherCache = new WeakMap<readonly PartDesc[], Matcher>();

function matcher(parts: readonly PartDesc[]): Matcher {
  let m = matcherCache.get(parts);
  if (!m) {
    let src = '^';
    const groups: number[] = [];
    const placeholders: PlaceholderDesc[] = [];
    let next = 1;
    for (const p of parts) {
      if (typeof p === 'string') src += escapeRegex(p);
      else {
        const regex = placeholderRegex(p);
        src += `(${regex})`;
        groups.push(next);
        placeholders.push(p);
        next += 1 + (new RegExp(`${regex}|`, 'u').exec('')!.length - 1);
      }
    }
    m = { re: new RegExp(`${src}$`, 'u'), groups, placeholders };
    matcherCache.set(parts, m);
  }
  return m;
}

/**
 * Parses a concrete name with pattern parts: the params (integers as numbers), or null. `P` is the
 * params type of the pattern the parts belong to.
 */
export function parseName<P extends object = Record<string, string | number>>(
  parts: readonly PartDesc[],
  name: string,
): P | null {
  const m = matcher(parts);
  const r = m.re.exec(name);
  if (!r) return null;
  const params: Record<string, string | number> = {};
  for (let i = 0; i < m.placeholders.length; i++) {
    const p = m.placeholders[i]!;
    const v = r[m.groups[i]!] ?? '';
    if (!whole(placeholderRegex(p)).test(v)) return null;
    if (p.kind === 'integer') {
      const n = Number(v);
      if ((p.min !== undefined && n < p.min) || (p.max !== undefined && n > p.max)) return null;
      params[p.name] = n;
    } else params[p.name] = v;
  }
  return params as P;
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}

/** A glob for PSUBSCRIBE / SCAN MATCH: literals escaped, placeholders without a param as `*`. */
export function globOf(parts: readonly PartDesc[], params: object = {}): string {
  const values = params as Readonly<Record<string, unknown>>;
  return parts
    .map((p) => {
      if (typeof p === 'string') return escapeGlob(p);
      const v = values[p.name];
      return v === undefined ? '*' : escapeGlob(checkParam(p, v, 'glob'));
    })
    .join('');
}
