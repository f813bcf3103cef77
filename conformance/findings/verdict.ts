/** The order of findings in a report and the verdict (status and exit code) from the finding groups. */
import { isUnverifiable, type Severity } from './ids.ts';
import type { Finding, Summary } from './report.ts';

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      (a.db ?? -1) - (b.db ?? -1) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) ||
      ((a.pattern ?? '') < (b.pattern ?? '') ? -1 : (a.pattern ?? '') > (b.pattern ?? '') ? 1 : 0) ||
      ((a.key ?? '') < (b.key ?? '') ? -1 : (a.key ?? '') > (b.key ?? '') ? 1 : 0),
  );
}

/** Exit code and status from finding groups: errors → 1; only unverifiable (or check errors) → 4; else 0. */
export function verdict(groups: readonly { id: string; severity: Severity; count: number }[]): {
  status: Summary['status'];
  exitCode: 0 | 1 | 4;
} {
  let violations = false;
  let unverifiable = false;
  for (const g of groups) {
    if (g.count === 0) continue;
    if (isUnverifiable(g.id)) unverifiable = true;
    else if (g.severity === 'error') violations = true;
  }
  if (violations) return { status: 'violations', exitCode: 1 };
  if (unverifiable) return { status: 'unverifiable', exitCode: 4 };
  return { status: 'conforms', exitCode: 0 };
}
