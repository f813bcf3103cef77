/** keyspec's spec language: the public library surface. */
export * from './language/model.ts';
export * from './language/diagnostics.ts';
export { loadSpec, type SpecHost, type LoadResult } from './language/build-model.ts';
export { validateSpecs, type ValidateOptions, type ValidateResult } from './language/validate.ts';
export { nodeHost } from './language/node-host.ts';
export { renderText, renderJson, summaryLine, type RenderOptions } from './language/render-diagnostics.ts';
export { PLAIN, paletteFor, type Palette } from './palette.ts';
export { EXIT, EXIT_HELP, type ExitCode } from './exit-codes.ts';
export { KEYSPEC_VERSION } from './version.ts';
export { resolveSpecImport } from './language/node-host.ts';
export { matchPattern, buildFromPattern, examplePattern, exampleFor, describeType, PatternParamError } from './language/pattern.ts';
export { findOverlap, sampleMatching } from './language/overlap.ts';
export { judgeTtl, describeTtl, writeSeconds, policyFor, formatDuration } from './language/ttl-policy.ts';
export { judgeValue, describeFormat } from './language/value-format.ts';
export { parseNotifyFlags, missingFlags, consumerFlags, formatFlags } from './language/notify-flags.ts';
