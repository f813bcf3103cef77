/**
 * An index that rules out pairs of patterns which cannot match a common text, so the overlap check only
 * intersects automata for the pairs left (candidates). It must never rule out a pair that overlaps: each
 * test below is a necessary condition for an overlap.
 *
 * - Literal prefix: every text a pattern matches starts with its leading literal, so two patterns can
 *   overlap only if one leading literal is a prefix of the other (and a pattern that is all literal
 *   matches only itself: its literal must then equal the other's prefix or extend to it exactly).
 * - Literal suffix: the same from the end.
 * - First and last character: a literal's, or the characters a placeholder there can use (when it
 *   never matches empty text); the two sets must intersect.
 * - Segment shape: when no placeholder of a pattern can produce the delimiter (`:`), every text it
 *   matches has exactly as many delimiters as its literals, and the n-th delimited segment of the text
 *   is matched by the n-th segment of the pattern. Two such patterns overlap only if they have the same
 *   number of segments and, segment by segment, the prefix and suffix tests pass.
 *
 * Tries over those literals give, for each pattern, the set of patterns that pass one test; the smallest
 * such set is enumerated and each member is checked against all tests.
 */
import { CharSet } from 'refa';
import type { Pattern } from './model.ts';
/** A literal end of a pattern (or of one segment), and whether it is the whole of it. */
interface End {
    text: string;
    /** The pattern (segment) is this literal and nothing else. */
    exact: boolean;
}
interface Shape {
    lead: End;
    /** Trailing literal, reversed (so suffix tests are prefix tests). */
    trail: End;
    /** The characters its texts can start and end with, when known. */
    head?: CharSet;
    tail?: CharSet;
    /** Per delimited segment, when no placeholder can produce the delimiter. */
    segments?: Segment[];
}
/** Whether some text a placeholder regex matches can contain the character; true when unsure. */
export declare function regexCanProduce(regex: string, char: string): boolean;
export declare function shapeOf(pattern: Pattern, delimiter?: string): Shape;
/** Whether the index keeps the pair: false only when the two patterns cannot match a common text. */
export declare function mayOverlap(a: Shape, b: Shape): boolean;
type Segment = {
    lead: End;
    trail: End;
};
export interface CandidatePairs {
    /** Pairs [i, j] with i < j that may overlap, sorted by i then j. */
    pairs: [number, number][];
    /** n * (n - 1) / 2: what comparing every pair would take. */
    allPairs: number;
}
/**
 * Pairs of patterns that may overlap: a superset of the pairs that do, sorted by (i, j). A pair not
 * returned provably matches no common text.
 */
export declare function candidatePairs(patterns: readonly Pattern[], delimiter?: string): CandidatePairs;
export {};
//# sourceMappingURL=overlap-index.d.ts.map