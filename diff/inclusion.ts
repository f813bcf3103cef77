/**
 * Language inclusion of two patterns (key, field or channel patterns): is every text the old pattern
 * matches still matched by the new one, and the other way round? Each pattern is a regular language, so
 * A ⊆ B is decided as A ∩ ¬B = ∅ on automata (refa), the same automata the overlap check builds.
 */
import { DFA, isDisjointWith, JS, NFA } from 'refa';
import type { Pattern } from '../spec/index.ts';
import { escapeRegex } from '../spec/language/placeholder-types.ts';

/** How the new pattern's language relates to the old one's. */
export type Inclusion = 'same' | 'narrowed' | 'widened' | 'changed' | 'undecided';

/** Automaton states a DFA may have before the question is given up as too large to decide. */
const DFA_LIMIT = 20_000;

function nfaOf(pattern: Pattern): NFA {
  const source = pattern.parts.map((p) => (p.kind === 'literal' ? escapeRegex(p.text) : `(?:${p.type.regex})`)).join('');
  const { expression, maxCharacter } = JS.Parser.fromLiteral({ source, flags: 'u' }).parse();
  return NFA.fromRegex(expression, { maxCharacter }, { assertions: 'throw' });
}

/** a ⊆ b: no text matches a and not b. */
function subset(a: NFA, b: NFA): boolean {
  const notB = DFA.fromFA(b, new DFA.LimitedNodeFactory(DFA_LIMIT));
  notB.complement();
  return isDisjointWith(a, notB, 200_000);
}

/** Identical text and identical placeholder regexes: the same language without any automaton work. */
export function samePattern(a: Pattern, b: Pattern): boolean {
  if (a.parts.length !== b.parts.length) return false;
  return a.parts.every((p, i) => {
    const q = b.parts[i]!;
    if (p.kind === 'literal') return q.kind === 'literal' && q.text === p.text;
    return q.kind === 'placeholder' && q.type.regex === p.type.regex;
  });
}

/** narrowed: new ⊂ old; widened: old ⊂ new; changed: neither contains the other; same: equal languages. */
export function compareLanguages(oldP: Pattern, newP: Pattern): Inclusion {
  if (samePattern(oldP, newP)) return 'same';
  try {
    const o = nfaOf(oldP);
    const n = nfaOf(newP);
    const oldInNew = subset(o, n);
    const newInOld = subset(n, o);
    if (oldInNew && newInOld) return 'same';
    if (newInOld) return 'narrowed';
    if (oldInNew) return 'widened';
    return 'changed';
  } catch {
    return 'undecided';
  }
}
