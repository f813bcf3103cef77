/** keyspec's spec language: the public library surface. */
export * from './language/model.ts';
export * from './language/diagnostics.ts';
export { loadSpec } from './language/build/load-spec.ts';
export type { SpecHost, LoadResult, LoadOptions, LoadProgress } from './language/build/builder.ts';
export { validateSpecs, type ValidateOptions, type ValidateResult } from './language/validate.ts';
export { nodeHost } from './language/node-host.ts';
export { renderText, renderJson, summaryLine, type RenderOptions } from './language/render-diagnostics.ts';
export { PLAIN, paletteFor, type Palette } from './palette.ts';
export { EXIT, EXIT_HELP, type ExitCode } from './exit-codes.ts';
export { KEYSPEC_VERSION } from './package-files.ts';
export { resolveSpecImport } from './language/node-host.ts';
export {
  matchPattern,
  testPattern,
  patternMatcher,
  buildFromPattern,
  examplePattern,
  exampleFor,
  describeType,
  PatternParamError,
} from './language/pattern.ts';
export { findOverlap, sampleMatching } from './language/overlap.ts';
export {
  judgeTtl,
  ttlProblem,
  describeTtl,
  writeSeconds,
  ttlWrite,
  policyFor,
  envTtlSeconds,
  withEnvOverrides,
  TtlEnvError,
  formatDuration,
  type TtlVerdict,
  type TtlProblemKind,
  type TtlWrite,
} from './language/ttl-policy.ts';
export { judgeValue, describeFormat, isRealDate, closedValues } from './language/value-format.ts';
export * from './language/format-regexes.ts';
export { parseNotifyFlags, missingFlags, consumerFlags, formatFlags } from './language/notify-flags.ts';
export { originId, originOf } from './language/origins.ts';
export { indexSpec, fieldsOf, allowsAdditionalFields, matchOrder, shadowEdges, fieldRef, type SpecIndex } from './language/spec-index.ts';
export { modelJson, modelDocument, MODEL_VERSION, type ModelDocument } from './language/model-json.ts';
export {
  resolveConnection,
  ConnectionResolutionError,
  type ResolvedConnection,
  type EnvDefaultOf,
} from './language/connection-resolution.ts';
export { keySlot, crc16, hashTagOf, SLOT_COUNT } from './language/hash-slot.ts';
export { tagFault, tagTypeFault, keyOf, type TagFault } from './language/hash-tag.ts';
export { PROVIDERS, PROVIDER_INFO, SERVER_FEATURES, type ProviderInfo } from './language/providers.ts';
export { matchClientName, decodeName, encodeName, NAME_ENCODINGS } from './language/client-name.ts';
