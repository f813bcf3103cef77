/**
 * Builds a Report (the same schema, renderers and exit codes as `keyspec check`) for commands that do
 * not scan the keyspace: `keyspec observe` and `keyspec probe`.
 */
import type { Spec } from '../../spec/index.ts';
import type { Collector } from './collector.ts';
import type { ObserveSummary, ProbeSummary, Report, Summary } from './report.ts';
import { sortFindings, verdict } from './verdict.ts';
import { isUnverifiable } from './ids.ts';
import { redactReport } from './redact.ts';

export const TOOL_VERSION = '0.1.0';

export interface BuildReportOptions {
  mode: 'observe' | 'probe';
  spec: Spec;
  target: { display: string; cluster?: boolean; nodes?: string[] };
  collector: Collector;
  startedAt: string;
  durationMs: number;
  serverVersion?: string | null;
  observe?: ObserveSummary;
  probes?: ProbeSummary[];
  secrets?: (string | undefined)[];
}

export function buildReport(o: BuildReportOptions): { report: Report; exitCode: 0 | 1 | 4 } {
  const groups = o.collector.allGroups();
  const findings = sortFindings(groups.flatMap((g) => g.findings));
  const counts = { error: 0, warning: 0, info: 0, unverifiable: 0, suppressed: o.collector.baseline.suppressed() };
  for (const g of groups) {
    counts[g.severity] += g.count;
    if (isUnverifiable(g.id)) counts.unverifiable += g.count;
  }
  const v = verdict(groups);
  const summary: Summary = {
    status: v.status,
    exitCode: v.exitCode,
    counts,
    keys: { scanned: 0, matched: 0, unmatched: 0, vanished: 0, sampled: 0, undeclaredDb: 0 },
    durationMs: Math.round(o.durationMs),
    keysPerSecond: 0,
    server: { version: o.serverVersion ?? null, cluster: o.target.cluster ?? false, checks: [] },
    databases: [],
    patterns: [],
    unseenPatterns: [],
    unmatchedPrefixes: [],
    checks: groups
      .map((g) => ({ id: g.id, severity: g.severity, db: g.db, pattern: g.pattern, count: g.count, reported: g.findings.length }))
      .sort((a, b) =>
        a.id < b.id ? -1 : a.id > b.id ? 1 : (a.db ?? -1) - (b.db ?? -1) || ((a.pattern ?? '') < (b.pattern ?? '') ? -1 : 1),
      ),
    sampleRate: 0,
    maxFindingsPerCheck: o.collector.max,
    baseline: null,
    ...(o.observe ? { observe: o.observe } : {}),
    ...(o.probes ? { probes: o.probes } : {}),
  };
  const report: Report = {
    schemaVersion: 1,
    mode: o.mode,
    tool: { name: 'keyspec', version: TOOL_VERSION },
    spec: { name: o.spec.name, files: o.spec.files },
    target: { url: o.target.display, cluster: o.target.cluster ?? false, nodes: o.target.nodes ?? [] },
    startedAt: o.startedAt,
    findings,
    summary,
  };
  return { report: redactReport(report, o.secrets ?? []), exitCode: v.exitCode };
}
