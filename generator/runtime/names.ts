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

/**
 * Recently validated values per placeholder (bounded): a hot key's params are checked by a Set lookup
 * instead of running the placeholder's regex again.
 */
const validated = new WeakMap<PlaceholderDesc, Set<string>>();

/** A param's text in a name, or a KeyspecValueError naming the placeholder and what it expects. */
export function checkParam(p: PlaceholderDesc, value: unknown, what: string): string {
  if (typeof value === 'string' && p.kind !== 'integer') {
    const seen = p.kind === 'enum' ? enumSet(p.values) : validated.get(p);
    if (seen !== undefined && seen.has(value)) return value;
  }
  const s = typeof value === 'number' ? String(value) : value;
  if (typeof s !== 'string' || p.kind === 'enum' || !whole(p.regex).test(s)) {
    const expected = p.kind === 'enum' ? `be one of ${p.values.join(', ')}` : `match /${p.regex}/`;
    throw new KeyspecValueError(`${what}: {${p.name}} must ${expected}, got ${JSON.stringify(value)}`);
  }
  if (p.kind === 'integer') {
    const n = Number(s);
    if ((p.min !== undefined && n < p.min) || (p.max !== undefined && n > p.max)) {
      const range = `between ${p.min ?? '-inf'} and ${p.max ?? 'inf'}`;
      throw new KeyspecValueError(`${what}: {${p.name}} must be ${range}, got ${s}`);
    }
  } else {
    let seen = validated.get(p);
    if (!seen) validated.set(p, (seen = new Set()));
    if (seen.size >= 4096) seen.clear();
    seen.add(s);
  }
  return s;
}

/** Builds a concrete name from pattern parts and params (an object of the pattern's params type). */
export function buildName(parts: readonly PartDesc[], params: object, what: string): string {
  const values = params as Readonly<Record<string, unknown>>;
  let out = '';
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    out += typeof p === 'string' ? p : checkParam(p, values[p.name], what);
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
