/** What every engine (check, observe, probe) returns, and the exit codes they share. */
import type { Finding, Report, Summary } from '../findings/report.ts';
import { redactText } from '../findings/redact.ts';

/** Exit codes, the same for every keyspec command (cli/run-cli.ts EXIT). */
export const CHECK_EXIT = { ok: 0, violations: 1, usage: 2, connect: 3, unverifiable: 4 } as const;

export interface CheckResult {
  findings: Finding[];
  summary: Summary;
  exitCode: 0 | 1 | 2 | 3 | 4;
  /** The full report (absent when the check could not run: spec, usage or connection error). */
  report?: Report;
  /** Why the check could not run. */
  error?: string;
}

export function emptySummary(): Summary {
  return {
    status: 'conforms',
    exitCode: 0,
    counts: { error: 0, warning: 0, info: 0, unverifiable: 0, suppressed: 0 },
    keys: { scanned: 0, matched: 0, unmatched: 0, vanished: 0, sampled: 0, undeclaredDb: 0 },
    durationMs: 0,
    keysPerSecond: 0,
    server: { version: null, cluster: false, checks: [] },
    databases: [],
    patterns: [],
    unseenPatterns: [],
    unmatchedPrefixes: [],
    checks: [],
    sampleRate: 0,
    maxFindingsPerCheck: 0,
    baseline: null,
  };
}

/**
 * A run that reached no server at all (cannot connect): its report, with the connect finding, gets exit 3
 * (`summary.exitCode` too), so `--format json` still prints a valid report that says why.
 */
export function unreachableRun(report: Report, error: string): CheckResult {
  const summary: Summary = { ...report.summary, status: 'unverifiable', exitCode: 3 };
  return { findings: report.findings, summary, exitCode: 3, report: { ...report, summary }, error };
}

/** A run that could not start (2: spec or usage error, 3: cannot connect), its error with secrets redacted. */
export function failedRun(
  exitCode: 2 | 3,
  error: string,
  secrets: readonly (string | undefined)[] = [],
  summary: Summary = emptySummary(),
): CheckResult {
  return { findings: [], summary, exitCode, error: redactText(error, secrets) };
}
