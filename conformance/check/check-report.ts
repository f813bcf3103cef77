/** The check's report: findings after the baseline, counts, per-database and per-pattern coverage, verdict. */
import type { Collector } from '../findings/collector.ts';
import type { NodeSummary, PatternCoverage, Report, Summary } from '../findings/report.ts';
import { sortFindings, verdict } from '../findings/verdict.ts';
import { redactReport } from '../findings/redact.ts';
import { TOOL_VERSION } from '../findings/report-builder.ts';
import type { ServerCheck } from '../judging/server.ts';
import type { Target } from '../redis/connection.ts';
import type { Scanner } from '../redis/scanner.ts';
import type { ServerState } from '../redis/server-facts.ts';
import type { CheckPlan } from './plan.ts';
import type { ScannedNode, SettleResult } from './cluster.ts';

export interface CheckOutcome {
  plan: CheckPlan;
  target: Target;
  nodes: readonly Target[];
  /** A cluster's scanned nodes. */
  clusterNodes?: readonly ScannedNode[];
  /** A cluster's settle pass (slots read again after a migration). */
  settled?: SettleResult;
  collector: Collector;
  scanner: Scanner;
  state: ServerState;
  serverChecks: readonly ServerCheck[];
  /** Keys per database found on the server (of the databases asked for). */
  dbSizes: ReadonlyMap<number, number>;
  /** Declared databases that were asked for. */
  scannedDbs: ReadonlySet<number>;
  coverage: PatternCoverage[];
  unseen: PatternCoverage[];
  undeclaredKeys: number;
  startedAt: string;
  durationMs: number;
}

export function buildCheckReport(o: CheckOutcome): { report: Report; exitCode: 0 | 1 | 4 } {
  const { collector, scanner, state, plan } = o;
  const compiled = plan.run.compiled;
  const groups = collector.allGroups();
  const findings = sortFindings(groups.flatMap((g) => g.findings));
  const counts = { error: 0, warning: 0, info: 0, unverifiable: 0, suppressed: collector.baseline.suppressed() };
  for (const g of groups) {
    counts[g.severity] += g.count;
    if (g.id.endsWith('.unverifiable') || g.id === 'check.error') counts.unverifiable += g.count;
  }
  const v = verdict(groups);
  const perDb = scanner.perDb;
  const summary: Summary = {
    status: v.status,
    exitCode: v.exitCode,
    counts,
    keys: { ...scanner.stats, undeclaredDb: o.undeclaredKeys },
    durationMs: Math.round(o.durationMs),
    keysPerSecond: Math.round(scanner.stats.scanned / Math.max(o.durationMs / 1000, 0.001)),
    server: {
      version: state.facts.version && 'value' in state.facts.version ? state.facts.version.value : null,
      cluster: state.cluster,
      checks: o.serverChecks.map((c) => ({ id: c.id, name: c.name, state: c.state, expected: c.expected, actual: c.actual })),
    },
    databases: [...new Set([...o.dbSizes.keys(), ...o.scannedDbs])]
      .sort((a, b) => a - b)
      .map((db) => ({
        db,
        name: compiled.dbs.get(db)?.name ?? null,
        declared: compiled.dbs.has(db),
        size: o.dbSizes.get(db) ?? 0,
        scanned: perDb.get(db)?.scanned ?? 0,
        vanished: perDb.get(db)?.vanished ?? 0,
        unmatched: perDb.get(db)?.unmatched ?? 0,
      })),
    ...(o.clusterNodes ? { nodes: nodeSummaries(o.clusterNodes, scanner) } : {}),
    patterns: o.coverage,
    unseenPatterns: o.unseen.map((p) => p.pattern),
    unmatchedPrefixes: collector.unmatchedPrefixes(),
    checks: groups
      .map((g) => ({ id: g.id, severity: g.severity, db: g.db, pattern: g.pattern, count: g.count, reported: g.findings.length }))
      .sort((a, b) =>
        a.id < b.id ? -1 : a.id > b.id ? 1 : (a.db ?? -1) - (b.db ?? -1) || ((a.pattern ?? '') < (b.pattern ?? '') ? -1 : 1),
      ),
    sampleRate: plan.scan.sampleRate,
    maxFindingsPerCheck: collector.max,
    baseline: plan.run.baseline
      ? { file: plan.run.baseline.file ?? null, suppressed: counts.suppressed, stale: collector.staleBaseline().length }
      : null,
  };
  const report: Report = {
    schemaVersion: 1,
    tool: { name: 'keyspec', version: TOOL_VERSION },
    spec: { name: plan.run.spec.name, files: plan.run.files },
    target: { url: o.target.display, cluster: state.cluster, nodes: o.nodes.map((n) => `${n.host}:${n.port}`) },
    startedAt: o.startedAt,
    findings,
    summary,
  };
  return { report: redactReport(report, [o.target.password]), exitCode: v.exitCode };
}

function nodeSummaries(nodes: readonly ScannedNode[], scanner: Scanner): NodeSummary[] {
  const per = scanner.perNode;
  const fact = (f: { value: string } | { refused: string } | undefined): string | null => (f && 'value' in f ? f.value : null);
  return nodes.map((n) => {
    const p = per.get(n.address);
    return {
      address: n.address,
      id: n.id,
      role: n.role,
      master: n.master,
      slots: n.slots,
      size: n.dbsize,
      scanned: p?.scanned ?? 0,
      vanished: p?.vanished ?? 0,
      unmatched: p?.unmatched ?? 0,
      version: fact(n.state?.facts.version),
      notify: fact(n.state?.facts.notify),
      checks: n.checks.map((c) => ({ id: c.id, name: c.name, state: c.state, expected: c.expected, actual: c.actual })),
    };
  });
}
