/** keyspec's conformance checker: the library surface. */
export { runCheck, requiredConfig, loadCheckedSpec, redactReport, CHECK_EXIT, type RunCheckOptions, type CheckResult } from './check.ts';
export { renderReport, REPORT_FORMATS, type ReportFormat } from './render-report.ts';
export { compileSpec, matchKey, matchField, keyMatches, type CompiledSpec, type CompiledDb, type CompiledKey } from './compile.ts';
export {
  classifyKey,
  judgeKey,
  judgeKeyTtl,
  judgeSample,
  type KeyRecord,
  type Sample,
  type Problem,
  type Classification,
} from './classify.ts';
export {
  judgeServer,
  requiredNotifyFlags,
  compareVersions,
  configMatches,
  type ServerFacts,
  type ServerCheck,
  type CheckState,
} from './server.ts';
export { CHECKS, CHECK_IDS, checksForType, isUnverifiable, type CheckId, type Severity } from './ids.ts';
export type { Finding, Report, Summary, PatternCoverage, UnmatchedPrefix } from './findings.ts';
export { parseBaseline, loadBaseline, type Baseline, type BaselineEntry } from './baseline.ts';
export { resolveTarget, redactUrl, parseRedisUrl, type Target } from './connection.ts';
export { renderTextReport } from './report-text.ts';
export { renderJsonReport } from './report-json.ts';
export { renderJunitReport } from './report-junit.ts';
export { renderMarkdownReport } from './report-markdown.ts';
export { startEmbeddedRedis, type EmbeddedRedis, type EmbeddedRedisOptions } from './embedded-redis.ts';
