/** The diff as one JSON document (schema: diff/diff-report.schema.json), the input of every renderer. */
import type { Change, DiffResult, LiveWeight } from '../types.ts';

export const DIFF_REPORT_VERSION = 1;

export interface DiffDocument {
  keyspecDiff: typeof DIFF_REPORT_VERSION;
  old: string;
  new: string;
  failOn: DiffResult['failOn'];
  exitCode: DiffResult['exitCode'];
  /** Unapproved changes by level. */
  counts: DiffResult['counts'];
  approved: number;
  live: DiffResult['live'] | null;
  changes: Change[];
  staleApprovals: DiffResult['staleApprovals'];
}

export function diffDocument(result: DiffResult, labels: { old: string; new: string }): DiffDocument {
  return {
    keyspecDiff: DIFF_REPORT_VERSION,
    old: labels.old,
    new: labels.new,
    failOn: result.failOn,
    exitCode: result.exitCode,
    counts: result.counts,
    approved: result.changes.filter((c) => c.approved).length,
    live: result.live ?? null,
    changes: result.changes.map((c) => ({
      rule: c.rule,
      level: c.level,
      category: c.category,
      hurts: c.hurts,
      subject: c.subject,
      message: c.message,
      hint: c.hint,
      fingerprint: c.fingerprint,
      ...(c.location ? { location: c.location } : {}),
      ...(c.live ? { live: c.live } : {}),
      ...(c.approved ? { approved: c.approved } : {}),
    })),
    staleApprovals: result.staleApprovals,
  };
}

export function renderJsonReport(doc: DiffDocument): string {
  return JSON.stringify(doc, null, 2);
}

const n = (x: number): string => x.toLocaleString('en-US');

/** What live data says about a change, in one phrase. */
export function describeLive(live: LiveWeight | undefined): string | undefined {
  if (!live) return undefined;
  if (!live.weighed) return `not weighed (${live.reason})`;
  const of = `of ${n(live.scanned)} scanned${live.complete ? '' : ', scan stopped at the key limit'}`;
  if (live.keys === 0) return `affects no live key (${of})`;
  const eg = live.samples.length ? `, e.g. ${live.samples.map((s) => `'${s}'`).join(', ')}` : '';
  return `affects ${n(live.keys)} live key${live.keys === 1 ? '' : 's'}: ${live.what} (${of}${eg})`;
}
