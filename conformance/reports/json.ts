/**
 * The JSON report (pure): `{schemaVersion, tool, spec, target, startedAt, findings, summary}`, described
 * by report.schema.json. Findings are per key up to `summary.maxFindingsPerCheck` per check x db x
 * pattern; `summary.checks[].count` always has the full count.
 */
import type { Report } from '../findings/report.ts';

export function renderJsonReport(report: Report): string {
  return JSON.stringify(report, null, 2) + '\n';
}
