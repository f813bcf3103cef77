import type { LoadOptions, SpecHost } from './build/builder.ts';
import { type Diagnostic } from './diagnostics.ts';
import type { Spec } from './model.ts';
export interface ValidateOptions extends LoadOptions {
    /** Treat warnings as errors. */
    strict?: boolean;
}
export interface ValidateResult {
    specs: {
        file: string;
        spec?: Spec;
    }[];
    diagnostics: Diagnostic[];
    sources: Record<string, string>;
    errors: number;
    warnings: number;
    exitCode: 0 | 2;
}
export declare function validateSpecs(files: readonly string[], host: SpecHost, options?: ValidateOptions): ValidateResult;
//# sourceMappingURL=validate.d.ts.map