/** keyspec's conformance checker: the library surface. */
export { runCheck, requiredConfig, loadCheckedSpec, redactReport, CHECK_EXIT, type RunCheckOptions, type CheckResult } from './check/run-check.ts';
export { registerCheckCommand, render, type CheckIO, type ReportFormat } from './check-command.ts';
export { compileSpec, matchKey, matchField, keyMatches, type CompiledSpec, type CompiledDb, type CompiledKey } from './judging/compile.ts';
export {
  classifyKey,
  judgeKey,
  judgeKeyTtl,
  judgeSample,
  type KeyRecord,
  type Sample,
  type Problem,
  type Classification,
} from './judging/classify.ts';
export {
  judgeServer,
  requiredNotifyFlags,
  compareVersions,
  configMatches,
  type ServerFacts,
  type ServerCheck,
  type CheckState,
} from './judging/server.ts';
export { CHECKS, CHECK_IDS, checksForType, isUnverifiable, type CheckId, type Severity } from './findings/ids.ts';
export type { Finding, Report, Summary, PatternCoverage, UnmatchedPrefix } from './findings/findings.ts';
export { parseBaseline, loadBaseline, type Baseline, type BaselineEntry } from './findings/baseline.ts';
export { resolveTarget, redactUrl, parseRedisUrl, type Target } from './redis/connection.ts';
export { renderTextReport } from './reports/text.ts';
export { renderJsonReport } from './reports/json.ts';
export { renderJunitReport } from './reports/junit.ts';
export { renderMarkdownReport } from './reports/markdown.ts';
export { startEmbeddedRedis, type EmbeddedRedis, type EmbeddedRedisOptions } from './redis/embedded-redis.ts';
