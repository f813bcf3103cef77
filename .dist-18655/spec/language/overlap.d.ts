import type { Pattern } from './model.ts';
/** Cheap test that proves two patterns disjoint by their fixed prefix or suffix; false means "unknown". */
export declare function provablyDisjointByLiterals(a: Pattern, b: Pattern): boolean;
/**
 * Returns a shortest example text that both patterns match, or undefined if they are disjoint.
 * The automaton work is bounded; a pair too complex to decide throws OverlapUndecidedError.
 */
export declare function findOverlap(a: Pattern, b: Pattern): string | undefined;
export declare class OverlapUndecidedError extends Error {
    readonly a: Pattern;
    readonly b: Pattern;
    constructor(a: Pattern, b: Pattern, reason: string);
}
/** A short text matching a whole-match regex (for examples), or undefined if none exists. */
export declare function sampleMatching(regex: string): string | undefined;
/**
 * A short text that both whole-match regexes match (e.g. a type's regex and `[^]*\}[^]*`), or
 * undefined if none exists. Bounded like findOverlap; too complex to decide counts as none.
 */
export declare function sampleMatchingBoth(a: string, b: string): string | undefined;
//# sourceMappingURL=overlap.d.ts.map