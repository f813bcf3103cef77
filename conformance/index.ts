/**
 * keyspec's conformance checker: the library surface (no CLI code). The engines (`runCheck`,
 * `runObserve`, `runProbe`), the pure judges they share, the findings/report model, the renderers, and
 * the Redis plumbing a caller may want (target resolution, a throwaway server).
 */
export { runCheck, requiredConfig } from './check/run-check.ts';
export type { RunCheckOptions, ScanOptions } from './check/plan.ts';
export { runObserve, type RunObserveOptions } from './observe/run-observe.ts';
export { runProbe, type RunProbeOptions, type ProbeResult } from './probe/run-probe.ts';
export { parseServiceArg, ProbeUsageError, type ServiceTarget } from './probe/services.ts';
export { CHECK_EXIT, type CheckResult } from './run/result.ts';
export { prepareRun, loadCheckedSpec, type PreparedRun, type RunOptions } from './run/prepare-run.ts';
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
export type { Finding, Report, Summary, PatternCoverage, UnmatchedPrefix, ObserveSummary, ProbeSummary } from './findings/report.ts';
export { parseBaseline, loadBaseline, type Baseline, type BaselineEntry } from './findings/baseline.ts';
export { redactReport } from './findings/redact.ts';
export { resolveTarget, redactUrl, parseRedisUrl, type Target } from './redis/connection.ts';
export { renderReport, REPORT_FORMATS, type ReportFormat } from './reports/render.ts';
export { renderTextReport } from './reports/text.ts';
export { renderJsonReport } from './reports/json.ts';
export { renderJunitReport } from './reports/junit.ts';
export { renderMarkdownReport } from './reports/markdown.ts';
export { renderProbeJunit, renderProbeMarkdown } from './reports/probe.ts';
export { startEmbeddedRedis, type EmbeddedRedis, type EmbeddedRedisOptions } from './redis/embedded-redis.ts';
