import { type LoadOptions, type LoadResult, type SpecHost } from './builder.ts';
/** Loads, validates and builds a spec: the library entry point behind `keyspec validate`. */
export declare function loadSpec(entry: string, host: SpecHost, options?: LoadOptions): LoadResult;
//# sourceMappingURL=load-spec.d.ts.map