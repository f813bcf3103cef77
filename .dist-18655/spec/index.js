/** keyspec's spec language: the public library surface. */
export * from "./language/model.js";
export * from "./language/diagnostics.js";
export { loadSpec } from "./language/build/load-spec.js";
export { validateSpecs } from "./language/validate.js";
export { nodeHost } from "./language/node-host.js";
export { renderText, renderJson, summaryLine } from "./language/render-diagnostics.js";
export { PLAIN, paletteFor } from "./palette.js";
export { EXIT, EXIT_HELP } from "./exit-codes.js";
export { KEYSPEC_VERSION } from "./package-files.js";
export { resolveSpecImport } from "./language/node-host.js";
export { matchPattern, testPattern, patternMatcher, buildFromPattern, examplePattern, exampleFor, describeType, PatternParamError, } from "./language/pattern.js";
export { findOverlap, sampleMatching } from "./language/overlap.js";
export { judgeTtl, ttlProblem, describeTtl, writeSeconds, ttlWrite, policyFor, envTtlSeconds, withEnvOverrides, TtlEnvError, formatDuration, } from "./language/ttl-policy.js";
export { judgeValue, describeFormat, isRealDate } from "./language/value-format.js";
export * from "./language/format-regexes.js";
export { parseNotifyFlags, missingFlags, consumerFlags, formatFlags } from "./language/notify-flags.js";
export { originId, originOf } from "./language/origins.js";
export { indexSpec, fieldsOf, allowsAdditionalFields, matchOrder, shadowEdges, fieldRef } from "./language/spec-index.js";
export { modelJson, modelDocument, MODEL_VERSION } from "./language/model-json.js";
export { resolveConnection, ConnectionResolutionError, } from "./language/connection-resolution.js";
export { keySlot, crc16, hashTagOf, SLOT_COUNT } from "./language/hash-slot.js";
export { tagFault, tagTypeFault, keyOf } from "./language/hash-tag.js";
export { PROVIDERS, PROVIDER_INFO, SERVER_FEATURES } from "./language/providers.js";
//# sourceMappingURL=index.js.map