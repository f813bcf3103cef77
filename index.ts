/**
 * keyspec's library surface: the spec language (validate, load the model), the generator and the
 * conformance engines (check, observe, probe) with their reports. No CLI code is exported from here.
 */
export * from './spec/index.ts';
export * from './generator/index.ts';
export * from './conformance/index.ts';
/** A diagnostic's severity (spec validation). */
export type { Severity } from './spec/index.ts';
/** A finding's severity (conformance). */
export type { Severity as FindingSeverity } from './conformance/index.ts';
export * from './diff/index.ts';
export * from './infer/index.ts';
