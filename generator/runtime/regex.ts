/** Compiled whole-match regexes and enum value sets, memoised. */

const regexCache = new Map<string, RegExp>();

/** `^(?:regex)$` with the `u` flag, compiled once per source. */
export function whole(regex: string): RegExp {
  let r = regexCache.get(regex);
  if (!r) {
    r = new RegExp(`^(?:${regex})$`, 'u');
    regexCache.set(regex, r);
  }
  return r;
}

const enumSets = new WeakMap<object, ReadonlySet<string>>();

/** The values of an enum as a set (memoised per values array). */
export function enumSet(values: readonly string[]): ReadonlySet<string> {
  let set = enumSets.get(values);
  if (!set) {
    set = new Set(values);
    enumSets.set(values, set);
  }
  return set;
}

export function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, (c) => `\\${c}`);
}

/** The regex of an enum: its values, longest first (as the spec compiles them). */
export function enumRegex(values: readonly string[]): string {
  const sorted = [...new Set(values)].sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0));
  return `(?:${sorted.map(escapeRegex).join('|')})`;
}
