/** The spec builder's entry point; the stages live in ./build/. */
export { loadSpec } from './build/load-spec.ts';
export type { SpecHost, LoadResult } from './build/builder.ts';
