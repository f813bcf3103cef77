/**
 * Findings and the report model, plus the streaming aggregators the scanner feeds: findings grouped by
 * check x db x pattern (counted in full, per-key entries kept up to a cap), per-pattern coverage and
 * unmatched keys grouped by prefix. Memory is bounded by the caps, never by the keyspace size.
 */
import { baselineMatcher, type Baseline, type BaselineEntry, type BaselineMatcher } from './baseline.ts';
import { CHECKS, isUnverifiable, type CheckId, type Severity } from './ids.ts';
import type { CompiledKey, CompiledSpec } from '../judging/compile.ts';
import type { CheckState, ServerCheck } from '../judging/server.ts';

/** One finding: the JSON report's `findings[]` entry (see report.schema.json). */
export interface Finding {
  id: string;
  severity: Severity;
  db: number | null;
  key: string | null;
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
  /** Percent of seen keys without findings; null when none was seen. */
  percent: number | null;
}

export interface UnmatchedPrefix {
  db: number;
  prefix: string;
  count: number;
  examples: string[];
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
  exitCode: 0 | 1 | 4;
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

export interface CollectorOptions {
  maxFindingsPerCheck?: number;
  baseline?: Baseline;
  /** Max distinct prefixes kept per db for unmatched keys (the rest go to `…`). */
  maxPrefixes?: number;
}

/** Reproduce line builder: connection options are added by the caller. */
export type Reproducer = (db: number | null, args: readonly string[]) => string;

/** Quotes an argument for a POSIX shell; control and non-ASCII-printable bytes use bash's $'\xHH' form. */
export function shellQuote(arg: string): string {
  if (/^[A-Za-z0-9_@%+=,./:-]+$/.test(arg)) return arg;
  // eslint-disable-next-line no-control-regex -- control characters are what this looks for
  if (/[\x00-\x1f\x7f\uFFFD]/.test(arg)) {
    const body = [...Buffer.from(arg, 'utf8')]
      .map((b) => (b >= 0x20 && b < 0x7f && b !== 0x27 && b !== 0x5c ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`))
      .join('');
    return `$'${body}'`;
  }
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** Makes text safe for a terminal or a Markdown file: control characters become visible escapes. */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what this looks for
  return text.replace(/[\x00-\x08\x0b-\x1f\x7f\x9b]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** A copy of a report whose every string went through `printable` (for terminal and Markdown output). */
export function printableReport<T>(value: T): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return printable(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}

/** The prefix an unmatched key is grouped under: up to and including its first `:` (or the key's first 16 chars). */
export function keyPrefix(key: string): string {
  const i = key.indexOf(':');
  if (i >= 0 && i < 48) return key.slice(0, i + 1) + '*';
  return key.length <= 16 ? key : `${key.slice(0, 16)}*`;
}

export class Collector {
  readonly max: number;
  private groups = new Map<string, FindingGroup & { keys: Set<string> }>();
  private seen: Int32Array;
  private conforming: Int32Array;
  private sampled: Int32Array;
  private prefixes = new Map<number, Map<string, UnmatchedPrefix>>();
  readonly baseline: BaselineMatcher;
  private maxPrefixes: number;
  serverChecks: ServerCheck[] = [];

  constructor(
    readonly compiled: CompiledSpec,
    private readonly repro: Reproducer,
    options: CollectorOptions = {},
  ) {
    this.max = options.maxFindingsPerCheck ?? 100;
    this.baseline = baselineMatcher(options.baseline);
    this.maxPrefixes = options.maxPrefixes ?? 200;
    const n = compiled.keys.length;
    this.seen = new Int32Array(n);
    this.conforming = new Int32Array(n);
    this.sampled = new Int32Array(n);
  }

  /** Adds a finding unless the baseline suppresses it. Per-key duplicates (SCAN may repeat a key) count once. */
  add(f: Finding): boolean {
    if (this.baseline.match(f)) return false;
    const gk = `${f.id}\u0000${f.db}\u0000${f.pattern}`;
    let g = this.groups.get(gk);
    if (!g) {
      g = { id: f.id, severity: f.severity, db: f.db, pattern: f.pattern, count: 0, findings: [], keys: new Set() };
      this.groups.set(gk, g);
    }
    if (f.key !== null) {
      // Dedup while the set is small; SCAN repeats keys only during a rehash.
      if (g.keys.has(f.key)) return false;
      if (g.keys.size < 10_000) g.keys.add(f.key);
    }
    g.count++;
    if (g.findings.length < this.max) g.findings.push(f);
    return true;
  }

  finding(
    id: CheckId,
    db: number | null,
    pattern: string | null,
    key: string | null,
    message: string,
    expected: string | null,
    actual: string | null,
    reproduce: readonly string[] | null,
  ): Finding {
    return {
      id,
      severity: CHECKS[id].severity,
      db,
      key,
      channel: null,
      pattern,
      message,
      expected,
      actual,
      reproduce: reproduce ? this.repro(db, reproduce) : null,
    };
  }

  /** Records one matched key: coverage, and its problems as findings. */
  matched(
    pattern: CompiledKey,
    key: string,
    sampled: boolean,
    problems: readonly { id: CheckId; message: string; expected: string; actual: string; reproduce: string[] }[],
  ): void {
    this.seen[pattern.index]!++;
    if (sampled) this.sampled[pattern.index]!++;
    let bad = false;
    for (const p of problems) {
      // value.too-large is informational: the key still conforms as far as we know.
      if (p.id !== 'value.too-large') bad = true;
      this.add(this.finding(p.id, pattern.db, pattern.id, key, p.message, p.expected, p.actual, p.reproduce));
    }
    if (!bad) this.conforming[pattern.index]!++;
  }

  unmatched(
    db: number,
    key: string,
    problem: { id: CheckId; message: string; expected: string; actual: string; reproduce: string[] },
  ): void {
    let byDb = this.prefixes.get(db);
    if (!byDb) this.prefixes.set(db, (byDb = new Map()));
    let prefix = keyPrefix(key);
    if (!byDb.has(prefix) && byDb.size >= this.maxPrefixes) prefix = '…';
    let g = byDb.get(prefix);
    if (!g) byDb.set(prefix, (g = { db, prefix, count: 0, examples: [] }));
    g.count++;
    if (g.examples.length < 3 && !g.examples.includes(key)) g.examples.push(key);
    this.add(this.finding(problem.id, db, null, key, problem.message, problem.expected, problem.actual, problem.reproduce));
  }

  staleBaseline(): BaselineEntry[] {
    return this.baseline.stale();
  }

  allGroups(): FindingGroup[] {
    return [...this.groups.values()].map(({ keys: _keys, ...g }) => g);
  }

  coverage(): PatternCoverage[] {
    return this.compiled.keys.map((ck) => {
      const seen = this.seen[ck.index]!;
      const conforming = this.conforming[ck.index]!;
      return {
        pattern: ck.id,
        db: ck.db,
        text: ck.key.pattern.text,
        type: ck.key.type,
        seen,
        conforming,
        sampled: this.sampled[ck.index]!,
        percent: seen === 0 ? null : Math.floor((conforming / seen) * 1000) / 10,
      };
    });
  }

  unmatchedPrefixes(): UnmatchedPrefix[] {
    const out: UnmatchedPrefix[] = [];
    for (const byDb of this.prefixes.values()) out.push(...byDb.values());
    return out.sort((a, b) => a.db - b.db || b.count - a.count || (a.prefix < b.prefix ? -1 : 1));
  }
}

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
  exitCode: Summary['exitCode'];
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
