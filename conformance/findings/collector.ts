/**
 * The streaming aggregators the engines feed: findings grouped by check x db x pattern (counted in full,
 * per-key entries kept up to a cap), per-pattern coverage and unmatched keys grouped by prefix. Memory is
 * bounded by the caps, never by the keyspace size.
 */
import { baselineMatcher, type Baseline, type BaselineEntry, type BaselineMatcher } from './baseline.ts';
import { CHECKS, type CheckId } from './ids.ts';
import { hasRawBytes, keyNameBytes } from './key-bytes.ts';
import { keyFingerprint } from './key-fingerprint.ts';
import { nearestPattern } from './nearest.ts';
import type { CompiledKey, CompiledSpec } from '../judging/compile.ts';
import type { ServerCheck } from '../judging/server.ts';
import type { Finding, FindingGroup, PatternCoverage, UnmatchedPrefix } from './report.ts';

export interface CollectorOptions {
  maxFindingsPerCheck?: number;
  baseline?: Baseline;
  /** Max distinct prefixes kept per db for unmatched keys (the rest go to `…`). */
  maxPrefixes?: number;
}

/** Reproduce line builder: connection options are added by the caller. */
export type Reproducer = (db: number | null, args: readonly string[]) => string;

/**
 * The shape an unmatched key is grouped under: its leading word-like segments (letters, `_`, `-`; at most
 * two, never the last segment) and `*`, e.g. `rq:queue:*` for `rq:queue:m4`, `legacy:*` for
 * `legacy:thing`; a key without such a segment: its first `:` segment, else its first 16 chars.
 */
export function keyPrefix(key: string): string {
  const segs = key.split(':');
  const kept: string[] = [];
  for (let i = 0; i < segs.length - 1 && kept.length < 2; i++) {
    if (!/^[A-Za-z_-]{1,32}$/.test(segs[i]!)) break;
    kept.push(segs[i]!);
  }
  if (kept.length) return `${kept.join(':')}:*`;
  const i = key.indexOf(':');
  if (i >= 0 && i < 48) return key.slice(0, i + 1) + '*';
  return key.length <= 16 ? key : `${key.slice(0, 16)}*`;
}

export class Collector {
  readonly max: number;
  private groups = new Map<string, FindingGroup & { keys: Set<number> }>();
  private seen: Int32Array;
  private conforming: Int32Array;
  private sampled: Int32Array;
  /** Keys without a finding on what is read for every key (type, TTL, the TTL-deciding field). */
  private keyOk: Int32Array;
  /** Sampled keys without a finding on their value sample. */
  private valueOk: Int32Array;
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
    this.keyOk = new Int32Array(n);
    this.valueOk = new Int32Array(n);
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
      // Dedup (by fingerprint, never by the name itself) while the set is small; SCAN repeats keys only
      // during a rehash.
      const fp = keyFingerprint(f.key);
      if (g.keys.has(fp)) return false;
      if (g.keys.size < 10_000) g.keys.add(fp);
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
      ...(key !== null && hasRawBytes(key) ? { keyBytes: keyNameBytes(key).toString('hex') } : {}),
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
    problems: readonly { id: CheckId; message: string; expected: string; actual: string; reproduce: string[]; fromSample?: true }[],
  ): void {
    this.seen[pattern.index]!++;
    if (sampled) this.sampled[pattern.index]!++;
    let keyBad = false;
    let valueBad = false;
    for (const p of problems) {
      // value.too-large is informational: the key still conforms as far as we know.
      if (p.id !== 'value.too-large') {
        if (p.fromSample) valueBad = true;
        else keyBad = true;
      }
      this.add(this.finding(p.id, pattern.db, pattern.id, key, p.message, p.expected, p.actual, p.reproduce));
    }
    if (!keyBad) this.keyOk[pattern.index]!++;
    if (sampled && !valueBad) this.valueOk[pattern.index]!++;
    if (!keyBad && !valueBad) this.conforming[pattern.index]!++;
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
    const newExample = g.examples.length < 3 && !g.examples.includes(key);
    // The nearest pattern only for the keys a report shows (examples and kept findings): cheap.
    const kept = (this.groups.get(`${problem.id}\u0000${db}\u0000null`)?.findings.length ?? 0) < this.max;
    const near = newExample || kept ? nearestPattern(this.compiled.dbs.get(db), key) : null;
    if (newExample) {
      g.examples.push(key);
      if (near) (g.nearest ??= []).push({ key, pattern: near.pattern, differs: near.differs });
    }
    const actual = near ? `nearest \`${near.pattern}\`: ${near.differs}` : problem.actual;
    this.add(this.finding(problem.id, db, null, key, problem.message, problem.expected, actual, problem.reproduce));
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
      const sampled = this.sampled[ck.index]!;
      // Over what was judged: the key-level checks (type, TTL, the fields read for every key) over every
      // key seen, times the value checks over the sampled keys only. An unsampled key never counts as
      // conforming on its value: it is estimated by the sampled ones (CHECKS.md, "Coverage").
      const keyShare = seen === 0 ? 0 : this.keyOk[ck.index]! / seen;
      const valueShare = sampled === 0 ? 1 : this.valueOk[ck.index]! / sampled;
      return {
        pattern: ck.id,
        db: ck.db,
        text: ck.key.pattern.text,
        type: ck.key.type,
        seen,
        conforming,
        sampled,
        percent: seen === 0 ? null : Math.floor(keyShare * valueShare * 1000 + 1e-9) / 10,
      };
    });
  }

  unmatchedPrefixes(): UnmatchedPrefix[] {
    const out: UnmatchedPrefix[] = [];
    for (const byDb of this.prefixes.values()) out.push(...byDb.values());
    return out.sort((a, b) => a.db - b.db || b.count - a.count || (a.prefix < b.prefix ? -1 : 1));
  }
}
