/**
 * Patterns: literal text plus typed placeholders, e.g. `readme:client:{runid}:{config}:{uuid:hex32}`.
 * Parsing the text, compiling to a regex, building a key from params and parsing a key back.
 */
import type { Pattern, PatternPart, PlaceholderType } from './model.ts';
/** A placeholder as written, before its type is resolved. */
export interface RawPlaceholder {
    name: string;
    /** Explicit type (`{name:type}`), else undefined (the type is named like the placeholder). */
    typeRef?: string;
    /** Offset of `{` in the pattern text. */
    offset: number;
}
export type RawPart = {
    kind: 'literal';
    text: string;
} | ({
    kind: 'placeholder';
} & RawPlaceholder);
export interface PatternSyntaxError {
    message: string;
    offset: number;
}
/** Splits pattern text into literal and placeholder parts. `{{` and `}}` are literal braces. */
export declare function parsePatternText(text: string): {
    parts: RawPart[];
    errors: PatternSyntaxError[];
};
/** Compiles resolved parts into a Pattern. */
export declare function compilePattern(text: string, parts: PatternPart[]): Pattern;
/** A reusable `testPattern` for one pattern (the checker keeps one per key pattern). */
export declare function patternMatcher(pattern: Pattern): {
    test(text: string): boolean;
};
/** Does a text match a pattern (its regex and the integer bounds of its placeholders)? Linear time. */
export declare function testPattern(pattern: Pattern, text: string): boolean;
/**
 * Parses a concrete key (or field, channel, message) with a pattern: its params, or null if it does not
 * match. Where a text can be split in more than one way, each placeholder, left to right, takes the
 * longest value that leaves a match for the rest. Linear time in the length of the text.
 */
export declare function matchPattern(pattern: Pattern, text: string): Record<string, string> | null;
export declare class PatternParamError extends Error {
    readonly placeholder: string;
    readonly value: unknown;
    readonly type: PlaceholderType;
    constructor(placeholder: string, value: unknown, type: PlaceholderType);
}
/** Builds a concrete key from params. Throws PatternParamError on a missing or ill-typed param. */
export declare function buildFromPattern(pattern: Pattern, params: Readonly<Record<string, string | number>>): string;
export declare function describeType(type: PlaceholderType): string;
/** An example value for a type: its first example, else something that matches its regex. */
export declare function exampleFor(type: PlaceholderType): string;
/** An example of the whole pattern built from its placeholder types' examples. */
export declare function examplePattern(pattern: Pattern): string;
//# sourceMappingURL=pattern.d.ts.map