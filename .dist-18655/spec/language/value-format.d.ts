import type { Pattern, PlaceholderType, ValueFormat } from './model.ts';
export declare const FORMAT_NAMES: readonly ["raw", "integer", "float", "epochSeconds", "epochMillis", "isoDatetime", "boolean", "json", "jsonpickle", "pickle", "bytes", "uuid", "hex32", "text", "empty"];
export interface FormatProblem {
    path: (string | number)[];
    message: string;
    rule: 'KS181' | 'KS182' | 'KS110' | 'KS114' | 'KS117' | 'KS113';
}
export interface FormatContext {
    resolveType(name: string): PlaceholderType | undefined;
    /** Declared (possibly broken, and then already reported) types are not "undefined". */
    isDeclared?(name: string): boolean;
    compileTemplate(text: string, path: (string | number)[]): Pattern | undefined;
}
export declare function jsonSchemaProblem(schema: object | boolean): string | undefined;
/** Converts a structurally valid raw format to the model. */
export declare function parseFormat(raw: unknown, ctx: FormatContext, problems: FormatProblem[], base?: (string | number)[]): ValueFormat;
/** Short human description, e.g. `epoch seconds`, `enum: 10 | 20`. */
export declare function describeFormat(f: ValueFormat): string;
/** Is an ISO-8601 datetime text a real date (the regex admits e.g. month 13)? */
export declare function isRealDate(s: string): boolean;
/**
 * Judges a concrete value (as Redis returns it, bytes) against a format. Returns undefined when it
 * conforms, else a short reason.
 */
export declare function judgeValue(f: ValueFormat, value: Buffer): string | undefined;
//# sourceMappingURL=value-format.d.ts.map