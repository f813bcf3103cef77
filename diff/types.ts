/** The data `keyspec diff` reports: changes between two validated models, each judged by a rule. */

/** How bad a change is: `breaking` fails deployed code or data, `dangerous` may, `safe` cannot. */
export type Level = 'breaking' | 'dangerous' | 'safe';
export const LEVELS: readonly Level[] = ['breaking', 'dangerous', 'safe'];

/** Who a change hurts: code that reads, code that writes, both, or nobody. */
export type Hurts = 'readers' | 'writers' | 'both' | 'nobody';

export type Category = 'database' | 'key' | 'ttl' | 'field' | 'format' | 'channel' | 'notification' | 'server' | 'service' | 'client';

/** A change rule: a stable id and how every change it finds is judged. */
export interface Rule {
  id: string;
  level: Level;
  category: Category;
  hurts: Hurts;
  /** One line: what to do about it (fix or migration). */
  hint: string;
}

/** What the live keyspace says about one change. */
export type LiveWeight =
  { weighed: true; keys: number; scanned: number; complete: boolean; samples: string[]; what: string } | { weighed: false; reason: string };

export interface Change {
  rule: string;
  level: Level;
  category: Category;
  hurts: Hurts;
  /** The stable subject path, e.g. `db:rq/key:job/field:status` (names only, never line numbers). */
  subject: string;
  /** One line: what changed. */
  message: string;
  hint: string;
  /** Stable across commits: a hash of the rule id and the subject. */
  fingerprint: string;
  /** Where the change is in the new spec (or the old one, for removals), for annotations. */
  location?: { file: string; line: number; column: number };
  live?: LiveWeight;
  /** Set when an approvals entry covers this change: it is then a note, not a failure. */
  approved?: { reason: string; by: string };
}

/** One entry of an approvals file. */
export interface Approval {
  fingerprint: string;
  reason: string;
  by: string;
}

export interface DiffResult {
  changes: Change[];
  /** Approvals that matched no change (the change was fixed, or its subject renamed). */
  staleApprovals: Approval[];
  /** Counts of unapproved changes by level. */
  counts: Record<Level, number>;
  /** The lowest level that fails the run. */
  failOn: Exclude<Level, 'safe'>;
  /** 0: nothing unapproved at or above failOn; 1 otherwise. */
  exitCode: 0 | 1;
  /** Where live counts came from, when weighed. */
  live?: { target: string; scanned: number; complete: boolean };
}
