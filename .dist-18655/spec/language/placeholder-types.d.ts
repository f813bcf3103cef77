import type { PlaceholderType } from './model.ts';
export declare const BUILTIN_TYPES: Readonly<Record<string, PlaceholderType>>;
/** Raw named-type definition as written in YAML (already structurally checked). */
export interface RawNamedType {
    description?: string;
    examples?: (string | number | boolean)[];
    regex?: string;
    enum?: (string | number)[];
    integer?: {
        min?: number;
        max?: number;
    };
    uuid?: true;
    hex32?: true;
    path?: true;
    text?: true;
    segment?: true;
    type?: string;
}
export declare const TYPE_KIND_KEYS: readonly ["regex", "enum", "integer", "uuid", "hex32", "path", "text", "segment", "type"];
export declare function escapeRegex(text: string): string;
export declare function enumRegex(values: readonly string[]): string;
/**
 * Checks that a regex is usable in a pattern: valid JavaScript with the `u` flag, and a regular language
 * (no anchors, lookaround or backreferences), so that it can take part in the overlap analysis.
 * Returns an error message or undefined.
 */
export declare function regexProblem(source: string): string | undefined;
export interface BacktrackingProblem {
    message: string;
    hint: string;
}
export declare function backtrackingProblem(source: string): BacktrackingProblem | undefined;
/**
 * A regex for the decimal integers in [min, max] (either bound optional), written without leading
 * zeros, so that integer ranges take part in the overlap analysis exactly.
 */
export declare function integerRegex(min: number | undefined, max: number | undefined): string;
/**
 * Does the type's regex alone enforce its integer bounds? True for every type keyspec builds (ranges
 * become `integerRegex`, `uint` is `[0-9]+` with min 0), so matching needs no split to check them.
 */
export declare function boundsInRegex(type: PlaceholderType): boolean;
/** Tests a value against a type: whole-match regex (in linear time) plus integer bounds. */
export declare function matchesType(type: PlaceholderType, value: string): boolean;
/** Can this type match the empty string? */
export declare function matchesEmpty(type: PlaceholderType): boolean;
//# sourceMappingURL=placeholder-types.d.ts.map