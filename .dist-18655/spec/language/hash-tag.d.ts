/**
 * Hash tags in key patterns: does every key of a pattern put the value of one placeholder, and only
 * it, in its hash tag (the first `{` ... `}` of the key, see hash-slot.ts)? Written in a pattern as
 * literal braces around the placeholder: `run:{{{runid}}}` (`{{` and `}}` are literal braces).
 * Where it does not, a counterexample: keys with the same tag value that land in different slots.
 */
import type { Pattern, PlaceholderType } from './model.ts';
/** A value of the type that contains `char`, or undefined if the type cannot contain it. */
export declare function valueContaining(type: PlaceholderType, char: string): string | undefined;
/** Why the keys of `pattern` are not hashed by the value of placeholder `tag` alone; undefined if they are. */
export interface TagFault {
    reason: string;
    /** Placeholder values that show it (e.g. a `{` inside a placeholder before the tag). */
    params: Record<string, string>;
}
export declare function tagFault(pattern: Pattern, tag: string): TagFault | undefined;
/** Why a tag's type breaks the hash tag: it can be empty (an error: `{}` hashes the whole key) or hold braces. */
export declare function tagTypeFault(type: PlaceholderType): {
    empty: boolean;
    value: string;
    reason: string;
} | undefined;
/** A few distinct values of a type, examples first. */
export declare function valuesOf(type: PlaceholderType, n?: number): string[];
/** A key of the pattern: given params, the rest from examples. Undefined if the params do not fit. */
export declare function keyOf(pattern: Pattern, params: Record<string, string>): string | undefined;
export interface Member {
    name: string;
    pattern: Pattern;
}
/** Two keys of the group with the same tag value in different slots, described; undefined if none was found. */
export declare function splitExample(bad: Member, fault: TagFault, others: readonly Member[], tag: string, tagType: PlaceholderType): string | undefined;
/**
 * The pattern with its tag placeholder wrapped in a hash tag (`locked:{runid}` -> `locked:{{{runid}}}`),
 * when that alone fixes it; undefined otherwise (e.g. an earlier placeholder can hold a `{`).
 */
export declare function taggedPatternText(pattern: Pattern, tag: string): string | undefined;
//# sourceMappingURL=hash-tag.d.ts.map