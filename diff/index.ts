/** `keyspec diff` as a library: what a spec change breaks, judged by rules, weighed by live data. */
export { diffModels, summarise, type DiffOptions, type ModelDiff } from './diff-models.ts';
export { RULES as DIFF_RULES, ruleOf as diffRuleOf } from './rules.ts';
export { fingerprintOf } from './fingerprint.ts';
export { parseApprovals, applyApprovals, ApprovalsError } from './approvals.ts';
export { compareLanguages, type Inclusion } from './inclusion.ts';
export { loadDiffInputs, type DiffInputs, type LoadedSide } from './load.ts';
export { gitHost, gitRepoOf, GitRefError } from './git-host.ts';
export { weighLive, type LiveOptions } from './live.ts';
export {
  diffDocument,
  renderJsonReport as renderDiffJson,
  describeLive,
  DIFF_REPORT_VERSION,
  type DiffDocument,
} from './report/document.ts';
export { renderTextReport as renderDiffText } from './report/text.ts';
export { renderMarkdownReport as renderDiffMarkdown } from './report/markdown.ts';
export { renderGithubReport as renderDiffGithub } from './report/github.ts';
export { renderJunitReport as renderDiffJunit } from './report/junit.ts';
export type { Approval, Category, Change, DiffResult, Hurts, Level, LiveWeight, Rule } from './types.ts';
