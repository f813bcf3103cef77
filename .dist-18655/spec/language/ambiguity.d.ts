/**
 * A short description of an exponentially ambiguous part (e.g. `'a'`), or undefined if there is none or
 * the regex is too large to analyse this way.
 */
export declare function exponentialAmbiguity(source: string): string | undefined;
//# sourceMappingURL=ambiguity.d.ts.map