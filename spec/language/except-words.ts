/**
 * `except:` on a placeholder type: the type's texts minus a few words (`regex: '[^:]+'` with
 * `except: [meta, id, wait]` is "one segment other than these words"). The difference is compiled into
 * the type's regex, so every consumer that works from `type.regex` (the linear matcher, the overlap
 * analysis, the checker, the generated client, diff's pattern inclusion) is exact without knowing about
 * `except`.
 *
 * A regex that is one character class repeated (`[^:]+`, `[a-z0-9]*`, `\w+`) gets a trie-shaped regex
 * whose alternatives start with distinct characters, so a backtracking engine runs it in linear time;
 * any other regex gets the minimal DFA of the difference, written back as a regex.
 */
import { CharSet, DFA, JS, NFA } from 'refa';
import { escapeRegex } from './placeholder-types.ts';

const MAX_CHAR = 0x10ffff;

function charSource(c: number): string {
  return /[0-9A-Za-z_:.@#]/u.test(String.fromCodePoint(c)) ? String.fromCodePoint(c) : `\\u{${c.toString(16)}}`;
}

/** A character class, written negated (`[^:im]`) when that is shorter. */
function classSource(chars: CharSet): string {
  const ranges = (set: CharSet): string =>
    set.ranges.map((r) => (r.min === r.max ? charSource(r.min) : `${charSource(r.min)}-${charSource(r.max)}`)).join('');
  const negated = chars.negate();
  return negated.ranges.length < chars.ranges.length ? `[^${ranges(negated)}]` : `[${ranges(chars)}]`;
}

/** `[class]+` or `[class]*` as parsed by refa, else undefined. */
function repeatedClass(source: string): { chars: CharSet; min: 0 | 1 } | undefined {
  const { expression } = JS.Parser.fromLiteral({ source, flags: 'u' }).parse();
  if (expression.alternatives.length !== 1) return undefined;
  const elements = expression.alternatives[0]!.elements;
  if (elements.length !== 1) return undefined;
  const q = elements[0]!;
  if (q.type !== 'Quantifier' || q.max !== Infinity || (q.min !== 0 && q.min !== 1)) return undefined;
  if (q.alternatives.length !== 1 || q.alternatives[0]!.elements.length !== 1) return undefined;
  const c = q.alternatives[0]!.elements[0]!;
  if (c.type !== 'CharacterClass') return undefined;
  return { chars: c.characters, min: q.min };
}

function codePoints(word: string): number[] {
  return [...word].map((c) => c.codePointAt(0)!);
}

/** The strings of `[chars]{min,}` that are not in `words` (all of which the class matches). */
function trieRegex(chars: CharSet, min: 0 | 1, words: readonly string[]): string {
  const any = classSource(chars);
  const node = (prefix: string, rest: readonly number[][]): string => {
    const canEnd = prefix.length >= min && !rest.some((w) => w.length === 0);
    const longer = rest.filter((w) => w.length > 0);
    if (longer.length === 0) return canEnd ? `${any}*` : `${any}+`;
    const firsts = [...new Set(longer.map((w) => w[0]!))].sort((a, b) => a - b);
    const others = chars.without(CharSet.fromCharacters(chars.maximum, firsts));
    const alts: string[] = [];
    if (!others.isEmpty) alts.push(`${classSource(others)}${any}*`);
    for (const c of firsts) {
      const ch = String.fromCodePoint(c);
      const inner = node(
        prefix + ch,
        longer.filter((w) => w[0] === c).map((w) => w.slice(1)),
      );
      alts.push(`${escapeRegex(ch)}${inner}`);
    }
    const body = alts.length === 1 && !canEnd ? alts[0]! : `(?:${alts.join('|')})`;
    return canEnd ? `${body}?` : body;
  };
  return node('', words.map(codePoints));
}

function dfaOf(source: string): DFA {
  const { expression, maxCharacter } = JS.Parser.fromLiteral({ source, flags: 'u' }).parse();
  return DFA.fromFA(NFA.fromRegex(expression, { maxCharacter }, { assertions: 'throw' }));
}

/** Does the regex (whole-match) accept this word? */
export function regexAccepts(source: string, word: string): boolean {
  return dfaOf(source).test(codePoints(word));
}

/**
 * The regex of `base` minus the given words (each of which `base` accepts; the caller reports the
 * others). Words are deduplicated; no words gives `base` unchanged. Throws (refa's TooManyNodesError)
 * when the difference of an irregular-shaped regex is too large to write out.
 */
export function exceptRegex(base: string, words: readonly string[]): string {
  const unique = [...new Set(words)];
  if (unique.length === 0) return base;
  const id = JSON.stringify([base, unique]);
  let r = cache.get(id);
  if (r === undefined) {
    r = difference(base, unique);
    if (cache.size > 200) cache.clear();
    cache.set(id, r);
  }
  return r;
}

/** Built once per base and words: a library imported twice, or validated again, reuses it. */
const cache = new Map<string, string>();

function difference(base: string, unique: readonly string[]): string {
  const cls = repeatedClass(base);
  if (cls) return trieRegex(cls.chars, cls.min, unique);
  const a = dfaOf(base);
  a.minimize();
  const w = DFA.fromWords(unique.map(codePoints), { maxCharacter: MAX_CHAR });
  w.complement();
  const d = DFA.fromIntersection(a, w);
  d.minimize();
  return JS.toLiteral(d.toRegex({ maxNodes: 50_000 }), { flags: { unicode: true } }).source;
}
