/**
 * Hash tags in key patterns: does every key of a pattern put the value of one placeholder, and only
 * it, in its hash tag (the first `{` ... `}` of the key, see hash-slot.ts)? Written in a pattern as
 * literal braces around the placeholder: `run:{{{runid}}}` (`{{` and `}}` are literal braces).
 * Where it does not, a counterexample: keys with the same tag value that land in different slots.
 */
import type { Pattern, PatternPart, PlaceholderType } from './model.ts';
import { sampleMatchingBoth } from './overlap.ts';
import { buildFromPattern, compilePattern, exampleFor } from './pattern.ts';
import { escapeRegex, matchesEmpty, matchesType } from './placeholder-types.ts';
import { keySlot } from './hash-slot.ts';

/** A value of the type that contains `char`, or undefined if the type cannot contain it. */
export function valueContaining(type: PlaceholderType, char: string): string | undefined {
  const v = sampleMatchingBoth(type.regex, `[^]*${escapeRegex(char)}[^]*`);
  return v !== undefined && matchesType(type, v) ? v : undefined;
}

/** Why the keys of `pattern` are not hashed by the value of placeholder `tag` alone; undefined if they are. */
export interface TagFault {
  reason: string;
  /** Placeholder values that show it (e.g. a `{` inside a placeholder before the tag). */
  params: Record<string, string>;
}

export function tagFault(pattern: Pattern, tag: string): TagFault | undefined {
  const parts = pattern.parts;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if (p.kind === 'placeholder') {
      if (p.name === tag) {
        const later = parts.slice(i + 1).some((q) => q.kind === 'literal' && q.text.includes('{'));
        return {
          reason: later
            ? `{${tag}} comes before the key's first '{', so it is not in the hash tag (write '{{{${tag}}}}')`
            : `the pattern has no literal '{', so the whole key is hashed, not {${tag}} alone (write '{{{${tag}}}}')`,
          params: {},
        };
      }
      // Prefer a value with a whole tag of its own ('{a}'), else any '{'.
      const both = sampleMatchingBoth(p.type.regex, '[^]*\\{[^}]+\\}[^]*');
      const v = both !== undefined && matchesType(p.type, both) ? both : valueContaining(p.type, '{');
      if (v !== undefined)
        return {
          reason: `{${p.name}} comes before the hash tag and its type ${p.type.name} can contain '{' (e.g. '${v}'), which would start another hash tag`,
          params: { [p.name]: v },
        };
      continue;
    }
    const j = p.text.indexOf('{');
    if (j < 0) continue;
    const next = parts[i + 1];
    const after = parts[i + 2];
    if (
      j === p.text.length - 1 &&
      next?.kind === 'placeholder' &&
      next.name === tag &&
      after?.kind === 'literal' &&
      after.text.startsWith('}')
    )
      return undefined;
    if (j < p.text.length - 1) {
      const close = p.text.indexOf('}', j + 1);
      const tagText = close > j + 1 ? `'${p.text.slice(j + 1, close)}'` : `text starting '${p.text.slice(j + 1)}'`;
      return { reason: `the key's first '{' is followed by the literal ${tagText}, so the hash tag is not {${tag}}`, params: {} };
    }
    if (next?.kind === 'placeholder' && next.name !== tag)
      return { reason: `the key's first '{...}' holds {${next.name}}, not {${tag}}`, params: {} };
    return { reason: `{${tag}} is not followed directly by the closing '}' of the hash tag`, params: {} };
  }
  return {
    reason: pattern.placeholders.includes(tag)
      ? `the pattern has no literal '{' before {${tag}}, so the whole key is hashed (write '{{{${tag}}}}')`
      : `the pattern has no hash tag, so the whole key is hashed`,
    params: {},
  };
}

/** Why a tag's type breaks the hash tag: it can be empty (an error: `{}` hashes the whole key) or hold braces. */
export function tagTypeFault(type: PlaceholderType): { empty: boolean; value: string; reason: string } | undefined {
  if (matchesEmpty(type))
    return { empty: true, value: '', reason: `its type ${type.name} can be empty, and a key with an empty '{}' is hashed whole` };
  for (const c of ['}', '{']) {
    // Prefer a value with text on both sides of the brace ('a}b').
    const around = sampleMatchingBoth(type.regex, `[^{}]+\\${c}[^{}]+`);
    const v = around !== undefined && matchesType(type, around) ? around : valueContaining(type, c);
    if (v !== undefined)
      return {
        empty: false,
        value: v,
        reason:
          c === '}'
            ? `its type ${type.name} can contain '}' (e.g. '${v}'): the hash tag then ends inside the value, so values that share the text before a '}' share a slot`
            : `its type ${type.name} can contain '{' (e.g. '${v}'): keys still share a slot, but a tag value with braces is easy to misread`,
      };
  }
  return undefined;
}

const CANDIDATES = ['busy-beaver', 'a', 'b', 'x', 'run1', '1', '2', '42', 'abc', 'x_y', '0123456789abcdef0123456789abcdef'];

/** A few distinct values of a type, examples first. */
export function valuesOf(type: PlaceholderType, n = 8): string[] {
  const out = new Set<string>();
  for (const v of [...type.examples, ...(type.values ?? []), exampleFor(type), ...CANDIDATES]) {
    if (out.size >= n) break;
    if (matchesType(type, v)) out.add(v);
  }
  return [...out];
}

/** A key of the pattern: given params, the rest from examples. Undefined if the params do not fit. */
export function keyOf(pattern: Pattern, params: Record<string, string>): string | undefined {
  const all: Record<string, string> = {};
  for (const part of pattern.parts) if (part.kind === 'placeholder') all[part.name] = params[part.name] ?? exampleFor(part.type);
  try {
    return buildFromPattern(pattern, all);
  } catch {
    return undefined;
  }
}

export interface Member {
  name: string;
  pattern: Pattern;
}

/** Two keys of the group with the same tag value in different slots, described; undefined if none was found. */
export function splitExample(
  bad: Member,
  fault: TagFault,
  others: readonly Member[],
  tag: string,
  tagType: PlaceholderType,
): string | undefined {
  const show = (k: string, m: string): string => `'${k}' (${m}) is in slot ${keySlot(k)}`;
  for (const v of valuesOf(tagType)) {
    const k1 = keyOf(bad.pattern, { ...fault.params, [tag]: v });
    if (k1 === undefined) continue;
    for (const o of others) {
      const k2 = keyOf(o.pattern, { [tag]: v });
      if (k2 !== undefined && keySlot(k2) !== keySlot(k1)) return `for ${tag} = '${v}', ${show(k1, bad.name)} but ${show(k2, o.name)}`;
    }
    // No other member to compare with: two keys of this one, differing elsewhere.
    for (const part of bad.pattern.parts) {
      if (part.kind !== 'placeholder' || part.name === tag || part.name in fault.params) continue;
      for (const w of valuesOf(part.type)) {
        const k2 = keyOf(bad.pattern, { ...fault.params, [tag]: v, [part.name]: w });
        if (k2 !== undefined && keySlot(k2) !== keySlot(k1)) return `for ${tag} = '${v}', ${show(k1, bad.name)} but ${show(k2, bad.name)}`;
      }
    }
    if (keySlot(k1) !== keySlot(v)) return `for ${tag} = '${v}', ${show(k1, bad.name)} but a key tagged '{${v}}' is in slot ${keySlot(v)}`;
  }
  return undefined;
}

/**
 * The pattern with its tag placeholder wrapped in a hash tag (`locked:{runid}` -> `locked:{{{runid}}}`),
 * when that alone fixes it; undefined otherwise (e.g. an earlier placeholder can hold a `{`).
 */
export function taggedPatternText(pattern: Pattern, tag: string): string | undefined {
  const at = pattern.parts.findIndex((p) => p.kind === 'placeholder' && p.name === tag);
  if (at < 0) return undefined;
  const parts: PatternPart[] = [
    ...pattern.parts.slice(0, at),
    { kind: 'literal', text: '{' },
    pattern.parts[at]!,
    { kind: 'literal', text: '}' },
    ...pattern.parts.slice(at + 1),
  ];
  const merged: PatternPart[] = [];
  for (const p of parts) {
    const last = merged[merged.length - 1];
    if (p.kind === 'literal' && last?.kind === 'literal') merged[merged.length - 1] = { kind: 'literal', text: last.text + p.text };
    else merged.push(p);
  }
  if (tagFault(compilePattern(pattern.text, merged), tag)) return undefined;
  // The written placeholder, `{runid}` or `{runid:type}`, found where the parts put it.
  const m = new RegExp(`(?<!\\{)\\{${tag}(?::[A-Za-z_][A-Za-z0-9_.-]*)?\\}`).exec(pattern.text);
  return m ? `${pattern.text.slice(0, m.index)}{{${m[0]}}}${pattern.text.slice(m.index + m[0].length)}` : undefined;
}
