/**
 * Static overlap analysis: can two patterns match the same text? Each pattern is a regular language
 * (literals and placeholder-type regexes), so we intersect their automata (refa) and, when the
 * intersection is not empty, produce a shortest example that both match.
 */
import { getIntersectionWordSets, isDisjointWith, JS, NFA } from 'refa';
import { escapeRegex } from "./placeholder-types.js";
const nfaCache = new WeakMap();
const abstractCache = new WeakMap();
function nfaFromSource(source) {
    const { expression, maxCharacter } = JS.Parser.fromLiteral({ source, flags: 'u' }).parse();
    return NFA.fromRegex(expression, { maxCharacter }, { assertions: 'throw' });
}
function nfaOf(pattern) {
    let nfa = nfaCache.get(pattern);
    if (!nfa) {
        nfa = nfaFromSource(pattern.parts.map((p) => (p.kind === 'literal' ? escapeRegex(p.text) : `(?:${p.type.regex})`)).join(''));
        nfaCache.set(pattern, nfa);
    }
    return nfa;
}
/** All characters a regex can use, as a character class (`[...]`). */
function alphabetOf(regex) {
    const { expression } = JS.Parser.fromLiteral({ source: regex, flags: 'u' }).parse();
    let chars;
    const visit = (node) => {
        if (node.type === 'CharacterClass' && node.characters)
            chars = chars ? chars.union(node.characters) : node.characters;
        for (const a of node.alternatives ?? [])
            visit(a);
        for (const e of node.elements ?? [])
            visit(e);
    };
    visit(expression);
    if (!chars || chars.isEmpty)
        return '(?:)';
    const hex = (c) => `\\u{${c.toString(16)}}`;
    return `[${chars.ranges.map((r) => (r.min === r.max ? hex(r.min) : `${hex(r.min)}-${hex(r.max)}`)).join('')}]*`;
}
/**
 * A coarser automaton: each placeholder becomes "any number of the characters its type can use". It
 * accepts a superset of the pattern, with far fewer states, so disjoint abstractions prove disjoint
 * patterns cheaply.
 */
function abstractNfaOf(pattern) {
    let nfa = abstractCache.get(pattern);
    if (!nfa) {
        nfa = nfaFromSource(pattern.parts.map((p) => (p.kind === 'literal' ? escapeRegex(p.text) : alphabetOf(p.type.regex))).join(''));
        abstractCache.set(pattern, nfa);
    }
    return nfa;
}
function leadingLiteral(p) {
    const first = p.parts[0];
    return first?.kind === 'literal' ? first.text : '';
}
function trailingLiteral(p) {
    const last = p.parts[p.parts.length - 1];
    return last?.kind === 'literal' ? last.text : '';
}
/** Cheap test that proves two patterns disjoint by their fixed prefix or suffix; false means "unknown". */
export function provablyDisjointByLiterals(a, b) {
    const pa = leadingLiteral(a);
    const pb = leadingLiteral(b);
    const n = Math.min(pa.length, pb.length);
    if (pa.slice(0, n) !== pb.slice(0, n))
        return true;
    const sa = trailingLiteral(a);
    const sb = trailingLiteral(b);
    const m = Math.min(sa.length, sb.length);
    if (sa.slice(sa.length - m) !== sb.slice(sb.length - m))
        return true;
    return false;
}
const PREFERRED = 'abcdefghijklmnopqrstuvwxyz0123456789-_ABCDEFGHIJKLMNOPQRSTUVWXYZ./';
function pickChar(set) {
    for (const c of PREFERRED) {
        if (set.has(c.codePointAt(0)))
            return c;
    }
    for (const r of set.ranges) {
        const start = Math.max(r.min, 0x21);
        if (start <= r.max)
            return String.fromCodePoint(start);
    }
    return String.fromCodePoint(set.ranges[0].min);
}
/**
 * Returns a shortest example text that both patterns match, or undefined if they are disjoint.
 * The automaton work is bounded; a pair too complex to decide throws OverlapUndecidedError.
 */
export function findOverlap(a, b) {
    if (provablyDisjointByLiterals(a, b))
        return undefined;
    try {
        if (isDisjointWith(abstractNfaOf(a), abstractNfaOf(b), 200_000))
            return undefined;
        for (const wordSet of getIntersectionWordSets(nfaOf(a), nfaOf(b), 200_000)) {
            return wordSet.map(pickChar).join('');
        }
    }
    catch (e) {
        throw new OverlapUndecidedError(a, b, e.message);
    }
    return undefined;
}
export class OverlapUndecidedError extends Error {
    a;
    b;
    constructor(a, b, reason) {
        super(`cannot decide whether '${a.text}' and '${b.text}' overlap: ${reason}`);
        this.a = a;
        this.b = b;
    }
}
/** A short text matching a whole-match regex (for examples), or undefined if none exists. */
export function sampleMatching(regex) {
    const nfa = nfaFromSource(regex);
    for (const wordSet of nfa.wordSets()) {
        if (wordSet.length === 0)
            continue;
        return wordSet.map(pickChar).join('');
    }
    return nfa.isEmpty ? undefined : '';
}
/**
 * A short text that both whole-match regexes match (e.g. a type's regex and `[^]*\}[^]*`), or
 * undefined if none exists. Bounded like findOverlap; too complex to decide counts as none.
 */
export function sampleMatchingBoth(a, b) {
    try {
        for (const wordSet of getIntersectionWordSets(nfaFromSource(a), nfaFromSource(b), 200_000)) {
            return wordSet.map(pickChar).join('');
        }
    }
    catch {
        return undefined;
    }
    return undefined;
}
//# sourceMappingURL=overlap.js.map