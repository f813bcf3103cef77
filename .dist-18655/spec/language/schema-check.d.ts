import { type Diagnostic } from './diagnostics.ts';
import { KEYSPEC_SCHEMA } from './precompiled-validators.ts';
import type { SourceFile } from './source.ts';
export { KEYSPEC_SCHEMA };
export declare function checkSchema(source: SourceFile, data?: unknown): Diagnostic[];
/** The closest candidate by edit distance, if it is close enough to be a plausible typo. */
export declare function closest(word: string, candidates: readonly string[]): string | undefined;
//# sourceMappingURL=schema-check.d.ts.map