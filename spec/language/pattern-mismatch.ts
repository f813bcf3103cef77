/**
 * Why a text does not match a pattern, in the pattern's terms: which literal part differs, or which
 * placeholder does not accept its part of the text. For example messages (KS116), where "does not
 * match" alone leaves the writer to find the difference.
 */
import type { Pattern, PlaceholderType } from './model.ts';
import { matchesType } from './placeholder-types.ts';

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Why `text` does not match `pattern` (assumed not to match), or undefined where no one part is to blame. */
export function whyNoMatch(pattern: Pattern, text: string): string | undefined {
  const placeholders = pattern.parts.filter((p) => p.kind === 'placeholder');
  if (placeholders.length === 0) return `the pattern is the literal '${pattern.text}'`;
  // The literal parts with anything between them: if even that fails, a literal part differs.
  const loose = new RegExp(`^${pattern.parts.map((p) => (p.kind === 'literal' ? escape(p.text) : '([^]*?)')).join('')}$`);
  const m = loose.exec(text);
  if (!m) {
    const literals = pattern.parts.filter((p) => p.kind === 'literal').map((p) => `'${p.text}'`);
    return `its literal parts (${literals.join(', ')}) are not all there, in that order`;
  }
  for (let i = 0; i < placeholders.length; i++) {
    const p = placeholders[i]!;
    const value = m[i + 1]!;
    if (!matchesType(p.type, value)) return `placeholder {${p.name}} (${describeType(p.type)}) does not accept '${value}'`;
  }
  return undefined;
}

function describeType(t: PlaceholderType): string {
  switch (t.kind) {
    case 'enum':
      return `${t.name}: one of ${(t.values ?? []).join(', ') || 'no values'}`;
    case 'integer':
      return `${t.name}: an integer${t.min !== undefined ? ` >= ${t.min}` : ''}${t.max !== undefined ? ` <= ${t.max}` : ''}`;
    default:
      return `${t.name}: /${t.regex}/`;
  }
}

/** `message`, followed by why the text does not match where one part is to blame. */
export function mismatch(message: string, pattern: Pattern, text: string): string {
  const why = whyNoMatch(pattern, text);
  return why ? `${message}: ${why}` : message;
}
