/**
 * Regex matching in guaranteed linear time. Spec regexes (placeholder types, whole patterns, value
 * formats) are matched against input the checker reads from Redis (key, field and channel names,
 * values) and the validator reads from the spec (examples), so no backtracking engine may run them:
 * `(a+)+` against `aaaa…!` takes exponential time in V8. Instead the regex becomes an NFA (refa) that
 * is simulated as a lazily built DFA: each input character costs one table lookup once its DFA state
 * is cached, and at most one step over the NFA's states otherwise, whatever the regex.
 */
import { NFA } from 'refa';
export declare function nfaOfSource(source: string): NFA;
/** The NFA of a regex source, parsed once (callers must copy it before changing it). */
export declare function sharedNfa(source: string): NFA;
/** The NFA of a concatenation of literal texts and regex sources, composed without re-parsing. */
export declare function concatNfa(parts: readonly ({
    literal: string;
} | {
    regex: string;
})[]): NFA;
/**
 * A whole-match matcher for one regular language: a DFA built lazily from the NFA, state by state as the
 * input needs them. Code points below 128 go through a flat table (state * 128 + char -> next + 1).
 */
export declare class LinearMatcher {
    private readonly out;
    private readonly finals;
    /** DFA states: their sorted NFA state sets, keyed by the set. */
    private sets;
    private ids;
    private flags;
    private table;
    private other;
    constructor(nfa: NFA);
    static fromSource(source: string): LinearMatcher;
    private intern;
    /** The DFA state after `d` on code point `c`, computed from the NFA and cached. */
    private step;
    private reset;
    /** Does the regex match all of `text`? */
    test(text: string): boolean;
    /**
     * The ends `e` (code-unit offsets, ascending) such that the regex matches `text[from, e)`; `e` = `from`
     * first if the regex matches the empty string.
     */
    ends(text: string, from: number): number[];
    /**
     * Run backwards from the end of `text`: `starts[i]` is 1 iff the regex matches `text[i, length)`.
     * The matcher must have been built from the reversed NFA (see `reversedMatcher`).
     */
    startsFromEnd(text: string): Uint8Array;
}
/** A matcher for the reversed language of an NFA (for `startsFromEnd`); the NFA is reversed in place. */
export declare function reversedMatcher(nfa: NFA): LinearMatcher;
/** The matcher of a regex source (with the `u` flag), cached by source. */
export declare function matcherFor(source: string): LinearMatcher;
/** Whole-match test of a regex source (with the `u` flag) in linear time. */
export declare function matchesRegex(source: string, text: string): boolean;
//# sourceMappingURL=linear-match.d.ts.map