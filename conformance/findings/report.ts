/** The report model: findings, the summary and the report (the JSON report's shape, see reports/report.schema.json). */
import type { Severity } from './ids.ts';
import type { CheckState } from '../judging/server.ts';

/** One finding: the JSON report's `findings[]` entry (see report.schema.json). */
export interface Finding {
  id: string;
  severity: Severity;
  db: number | null;
  key: string | null;
  /**
   * The key's bytes in hex, only when its name is not valid UTF-8; `key` then shows it escaped (`weird:\xff`,
   * backslashes of the name escaped too). Absent for every other key.
   */
  keyBytes?: string;
  channel: string | null;
  /** Pattern id (`<db name>.<key name>`) the key matched, if any. */
  pattern: string | null;
  message: string;
  expected: string | null;
  actual: string | null;
  /** A redis-cli command line that shows the problem. */
  reproduce: string | null;
}

/** All findings of one check id in one db for one pattern. */
export interface FindingGroup {
  id: string;
  severity: Severity;
  db: number | null;
  pattern: string | null;
  /** Every finding of the group, including those beyond the per-check cap. */
  count: number;
  /** The first findings (up to the cap). */
  findings: Finding[];
}

export interface PatternCoverage {
  pattern: string;
  db: number;
  text: string;
  type: string;
  seen: number;
  conforming: number;
  sampled: number;
  /**
   * Percent conforming over what was judged: (keys without a type/TTL/read-field finding / keys seen) x
   * (sampled keys without a value finding / sampled keys), rounded down to 0.1; null when none was seen.
   */
  percent: number | null;
}

export interface UnmatchedPrefix {
  db: number;
  prefix: string;
  count: number;
  examples: string[];
  /** Per example (when its database declares patterns): the nearest declared pattern and what differs. */
  nearest?: { key: string; pattern: string; differs: string }[];
}

export interface DatabaseSummary {
  db: number;
  name: string | null;
  declared: boolean;
  /** Keys at the start of the check (DBSIZE). */
  size: number;
  scanned: number;
  vanished: number;
  unmatched: number;
}

/** One Redis Cluster node a check scanned (`summary.nodes`). */
export interface NodeSummary {
  /** `host:port`. */
  address: string;
  id: string;
  role: 'master' | 'replica';
  /** A replica's master (`host:port`). */
  master: string | null;
  /** Hash slots served (a replica: its master's). */
  slots: number;
  /** Keys at the start of the check (DBSIZE). */
  size: number;
  scanned: number;
  vanished: number;
  unmatched: number;
  version: string | null;
  /** `notify-keyspace-events` as CONFIG GET read it (null: not read). */
  notify: string | null;
  /** This node's server checks. */
  checks: { id: string; name: string; state: CheckState; expected: string; actual: string }[];
}

export interface CheckGroupSummary {
  id: string;
  severity: Severity;
  db: number | null;
  pattern: string | null;
  count: number;
  reported: number;
}

export interface Summary {
  status: 'conforms' | 'violations' | 'unverifiable';
  exitCode: 0 | 1 | 3 | 4;
  counts: { error: number; warning: number; info: number; unverifiable: number; suppressed: number };
  keys: { scanned: number; matched: number; unmatched: number; vanished: number; sampled: number; undeclaredDb: number };
  durationMs: number;
  keysPerSecond: number;
  server: {
    version: string | null;
    cluster: boolean;
    checks: { id: string; name: string; state: CheckState; expected: string; actual: string }[];
  };
  databases: DatabaseSummary[];
  /**
   * Redis Cluster only: every node scanned with its own figures and server facts. Keys counted in the
   * settle pass after a slot migration (CHECKS.md, "Redis Cluster") are counted on the node that held them then.
   */
  nodes?: NodeSummary[];
  patterns: PatternCoverage[];
  unseenPatterns: string[];
  unmatchedPrefixes: UnmatchedPrefix[];
  checks: CheckGroupSummary[];
  sampleRate: number;
  /** Per-key findings per check x db x pattern kept in `findings` (the rest are counted only). */
  maxFindingsPerCheck: number;
  baseline: { file: string | null; suppressed: number; stale: number } | null;
  /** keyspec observe only. */
  observe?: ObserveSummary;
  /** keyspec probe only. */
  probes?: ProbeSummary[];
}

export interface ObserveSummary {
  durationMs: number;
  sources: ('keyspace-notifications' | 'monitor' | 'pubsub')[];
  events: number;
  commands?: number;
  messages: number;
  keysJudged?: number;
  missedEventClasses: string[];
  gaps: { from: string; to: string }[];
}

export interface ProbeSummary {
  service: string;
  probe: string;
  state: 'pass' | 'fail' | 'unverifiable';
  url?: string;
  durationMs?: number;
  frame?: unknown;
}

export interface Report {
  /** The JSON report schema version. */
  schemaVersion: 1;
  /** Which command produced it (absent: check). */
  mode?: 'check' | 'observe' | 'probe';
  tool: { name: 'keyspec'; version: string };
  spec: { name: string; files: string[] };
  target: { url: string; cluster: boolean; nodes: string[] };
  startedAt: string;
  findings: Finding[];
  summary: Summary;
}
