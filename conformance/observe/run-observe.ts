/**
 * `keyspec observe`: watch what running services do for a while and check it against the spec, from
 * keyspace notifications (when the server emits them), MONITOR (opt in) and pub/sub (PSUBSCRIBE).
 *
 * Read-only like `keyspec check`: PSUBSCRIBE, CONFIG GET, EVAL_RO, MONITOR, CLIENT LIST, PUBSUB NUMSUB.
 * A key's TTL is judged after its writes settle (`settleMs` after the last event on it), so a SET
 * followed by EXPIRE in the same pipeline or MULTI is fine. Reconnects after a Redis restart and says
 * which interval it missed.
 */
import type { Baseline } from '../findings/baseline.ts';
import { buildReport } from '../findings/report-builder.ts';
import { collectorFor, prepareRun, type RunOptions } from '../run/prepare-run.ts';
import { failedRun, type CheckResult } from '../run/result.ts';
import { Observer } from './observer.ts';

export interface RunObserveOptions extends RunOptions {
  /** How long to watch. */
  durationSeconds: number;
  /** Also watch MONITOR (costly; for dev and staging): command-level type checks and writers by client name. */
  monitor?: boolean;
  /** Judge a key's TTL this long after the last event on it (default 250 ms). */
  settleMs?: number;
  baseline?: string | Baseline;
  maxFindingsPerCheck?: number;
  /** Stop early. */
  signal?: AbortSignal;
  /** Called once every subscription is live (tests and the demo start their traffic then). */
  onReady?: () => void;
}

export async function runObserve(options: RunObserveOptions): Promise<CheckResult> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const run = prepareRun(options, {
    check: () => (options.durationSeconds > 0 ? undefined : `--duration must be a positive number of seconds`),
    ...(options.baseline !== undefined ? { baseline: options.baseline } : {}),
  });
  if ('error' in run) return failedRun(2, run.error);
  const { spec, compiled } = run;
  const target = run.target!;
  const collector = collectorFor(run, target, options.maxFindingsPerCheck);
  const observer = new Observer(spec, compiled, collector, target, {
    monitor: options.monitor ?? false,
    settleMs: options.settleMs ?? 250,
  });
  try {
    try {
      await observer.start();
    } catch (e) {
      await observer.stop();
      return failedRun(3, `cannot connect to ${target.display}: ${(e as Error).message}`);
    }
    options.onReady?.();
    await observer.watch(options.durationSeconds * 1000, options.signal);
    await observer.finish();
  } finally {
    await observer.stop();
  }
  const { report, exitCode } = buildReport({
    mode: 'observe',
    spec,
    target: { display: target.display, nodes: [`${target.host}:${target.port}`] },
    collector,
    startedAt,
    durationMs: performance.now() - started,
    serverVersion: observer.version,
    observe: observer.summary(performance.now() - started),
    secrets: [target.password],
  });
  return { findings: report.findings, summary: report.summary, exitCode, report };
}
