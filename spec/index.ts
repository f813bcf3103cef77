/** keyspec's spec language: the public library surface. */
export * from './language/model.ts';
export * from './language/diagnostics.ts';
export { loadSpec, type SpecHost, type LoadResult } from './language/build-model.ts';
export { validateSpecs, type ValidateOptions, type ValidateResult } from './language/validate.ts';
export { nodeHost } from './language/node-host.ts';
export { renderText, renderJson, summaryLine } from './language/render-diagnostics.ts';
export { matchPattern, buildFromPattern, examplePattern, exampleFor, describeType, PatternParamError } from './language/pattern.ts';
export { findOverlap, sampleMatching } from './language/overlap.ts';
export { judgeTtl, describeTtl, writeSeconds, policyFor, formatDuration } from './language/ttl-policy.ts';
export { judgeValue, describeFormat } from './language/value-format.ts';
export { parseNotifyFlags, missingFlags, consumerFlags, formatFlags } from './language/notify-flags.ts';
export { originId, originOf } from './language/origins.ts';
export { indexSpec, fieldsOf, allowsAdditionalFields, matchOrder, shadowEdges, fieldRef, type SpecIndex } from './language/spec-index.ts';
export { modelJson, modelDocument, MODEL_VERSION, type ModelDocument } from './language/model-json.ts';
