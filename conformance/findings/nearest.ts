/**
 * Why an unmatched key matches nothing: the nearest declared pattern of its database (the one sharing the
 * longest literal prefix with the key, then the one a left-to-right walk follows furthest) and what
 * differs, e.g. "queue `m4` is not one of [default, batch]". Cheap: one walk per pattern, linear in the
 * key; computed only for the keys a report shows.
 */
import type { PatternPart, PlaceholderType } from '../../spec/language/model.ts';
import { matchesType } from '../../spec/language/placeholder-types.ts';
import type { CompiledDb } from '../judging/compile.ts';

export interface Nearest {
  /** The nearest pattern's text, e.g. `rq:queue:{queue}`. */
  pattern: string;
  /** Its id, e.g. `jobs.rq.queue`. */
  id: string;
  /** What differs, one short phrase. */
  differs: string;
}

const clip = (s: string): string => (s.length > 40 ? `${s.slice(0, 39)}…` : s);

function typeText(t: PlaceholderType): string {
  if (t.kind === 'enum') return `one of [${(t.values ?? []).join(', ')}]`;
  if (t.kind === 'integer') return `an integer${t.min !== undefined ? ` >= ${t.min}` : ''}${t.max !== undefined ? ` <= ${t.max}` : ''}`;
  return `a ${t.name}`;
}

/** Walks a key along a pattern's parts: how far it got and, where it stopped, why. */
function walk(parts: readonly PatternPart[], key: string): { reached: number; differs: string | null } {
  let at = 0;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if (p.kind === 'literal') {
      if (key.startsWith(p.text, at)) {
        at += p.text.length;
        continue;
      }
      // How much of the literal still matched: the point where the key leaves the pattern.
      let k = 0;
      while (k < p.text.length && key[at + k] === p.text[k]) k++;
      const found = key.slice(at);
      return {
        reached: at + k,
        differs:
          found === ''
            ? `the key ends where \`${clip(p.text)}\` is expected`
            : `\`${clip(p.text)}\` expected at offset ${at}, found \`${clip(found)}\``,
      };
    }
    const next = parts[i + 1];
    let end = key.length;
    if (next?.kind === 'literal') {
      const j = key.indexOf(next.text, at);
      if (j >= 0) end = j;
    }
    const value = key.slice(at, end);
    if (!matchesType(p.type, value))
      return {
        reached: at,
        differs: value === '' ? `${p.name} is empty` : `${p.name} \`${clip(value)}\` is not ${typeText(p.type)}`,
      };
    at = end;
  }
  if (at < key.length) return { reached: at, differs: `extra text \`${clip(key.slice(at))}\` after the pattern` };
  return { reached: at, differs: null };
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/** The nearest declared pattern of `db` to an unmatched key, or null when the database declares none. */
export function nearestPattern(db: CompiledDb | undefined, key: string): Nearest | null {
  if (!db || db.keys.length === 0) return null;
  let best: { score: number; reached: number; ck: CompiledDb['keys'][number]; differs: string | null } | undefined;
  for (const ck of db.keys) {
    const score = commonPrefix(key, ck.prefix);
    if (best && score < best.score) continue;
    const w = walk(ck.key.pattern.parts, key);
    if (!best || score > best.score || w.reached > best.reached) best = { score, reached: w.reached, ck, differs: w.differs };
  }
  if (!best) return null;
  return {
    pattern: best.ck.key.pattern.text,
    id: best.ck.id,
    // A key the walk accepts fails on what the walk cannot see (e.g. a placeholder that took too much).
    differs: best.differs ?? `matches its shape but not its placeholders' types`,
  };
}
