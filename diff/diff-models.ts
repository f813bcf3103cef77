/**
 * `keyspec diff` as a library function: two validated models in, every change between them out, each
 * judged by a rule (rules.ts), fingerprinted, matched against approvals, and counted against --fail-on.
 */
import type { Spec } from '../spec/index.ts';
import { applyApprovals } from './approvals.ts';
import { compareChannels } from './compare/channels.ts';
import { compareClient } from './compare/client.ts';
import { Collector, type Weigh } from './compare/collector.ts';
import { compareDatabases } from './compare/keys.ts';
import { compareServer } from './compare/server.ts';
import { compareServices } from './compare/services.ts';
import { LEVELS, type Approval, type Change, type DiffResult, type Level } from './types.ts';

export interface DiffOptions {
  /** The lowest level that fails (default breaking). */
  failOn?: Exclude<Level, 'safe'>;
  approvals?: readonly Approval[];
}

/** A diff with what live data can weigh each change by (see weighLive). */
export interface ModelDiff extends DiffResult {
  weighs: Map<Change, Weigh>;
}

const RANK: Record<Level, number> = { breaking: 0, dangerous: 1, safe: 2 };

export function diffModels(oldSpec: Spec, newSpec: Spec, options: DiffOptions = {}): ModelDiff {
  const c = new Collector(oldSpec, newSpec);
  compareDatabases(c);
  compareChannels(c);
  compareServer(c);
  compareServices(c);
  compareClient(c);
  const changes = c.changes.sort(
    (a, b) => RANK[a.level] - RANK[b.level] || a.subject.localeCompare(b.subject) || a.rule.localeCompare(b.rule),
  );
  const staleApprovals = applyApprovals(changes, options.approvals ?? []);
  return { ...summarise(changes, options.failOn ?? 'breaking'), staleApprovals, weighs: c.weighs };
}

/** Counts and exit code of a list of changes (approved changes count as notes). */
export function summarise(
  changes: Change[],
  failOn: Exclude<Level, 'safe'>,
): Pick<DiffResult, 'changes' | 'counts' | 'failOn' | 'exitCode'> {
  const counts = Object.fromEntries(LEVELS.map((l) => [l, 0])) as Record<Level, number>;
  for (const ch of changes) if (!ch.approved) counts[ch.level]++;
  const failing = changes.some((ch) => !ch.approved && RANK[ch.level] <= RANK[failOn]);
  return { changes, counts, failOn, exitCode: failing ? 1 : 0 };
}
