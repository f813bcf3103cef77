/**
 * `keyspec observe`: watch what running services do for a while and check it against the spec, from
 * keyspace notifications (when the server emits them), MONITOR (opt in) and pub/sub (PSUBSCRIBE).
 *
 * Read-only like `keyspec check`: PSUBSCRIBE, SSUBSCRIBE (sharded channels), CONFIG GET, EVAL_RO, XREVRANGE (bounded),
 * HSCAN (one page) and HTTL after `hexpire` events (Redis 7.4+), MONITOR, CLIENT LIST,
 * PUBSUB NUMSUB and SHARDNUMSUB.
 * A key's TTL is judged after its writes settle (`settleMs` after the last event on it), so a SET
 * followed by EXPIRE in the same pipeline or MULTI is fine. Reconnects after a Redis restart and says
 * which interval it missed.
 *
 * Bounded in time: the start (connect, CONFIG GET, PSUBSCRIBE) within the connect plus the command
 * timeout; the watch for `durationSeconds`, counted from readiness (every subscription confirmed); the
 * final judgements within a grace of `settleMs + max(settleMs, 2 s)`. What the server did not answer by
 * then (it is down or paused) is reported (`observe.gap`, `check.error`), never waited for.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Baseline } from '../findings/baseline.ts';
import { redactText } from '../findings/redact.ts';
import { buildReport } from '../findings/report-builder.ts';
import { causeOf, connectFailure, within } from '../redis/connect.ts';
import { collectorFor, prepareRun, type RunOptions } from '../run/prepare-run.ts';
import { failedRun, unreachableRun, type CheckResult } from '../run/result.ts';
import { Observer } from './observer.ts';

/** What `onReady` is told once every subscription is confirmed. */
export interface ObserveReady {
  /** The server (password redacted). */
  target: string;
  /** Subscribed patterns the server confirmed. */
  subscriptions: number;
  durationSeconds: number;
  /** When the watch started (ISO time): `durationSeconds` counts from here. */
  at: string;
}

export interface RunObserveOptions extends RunOptions {
  /** How long to watch, from readiness. */
  durationSeconds: number;
  /** Also watch MONITOR (costly; for dev and staging): command-level type checks and writers by client name. */
  monitor?: boolean;
  /** Judge a key's TTL this long after the last event on it (default 250 ms). */
  settleMs?: number;
  baseline?: string | Baseline;
  maxFindingsPerCheck?: number;
  /** Stop early. */
  signal?: AbortSignal;
  /** Called once every subscription is confirmed (tests and the demo start their traffic then). */
  onReady?: (ready: ObserveReady) => void;
  /** Written (one line: `ready <ISO time> <target>`) once every subscription is confirmed; resolved against `cwd`. */
  readyFile?: string;
}

/** The bounded time the end of an observation may take after `--duration`: the last settle plus max(settle, 2 s). */
export function observeGraceMs(settleMs: number): number {
  return settleMs + Math.max(settleMs, 2000);
}

export async function runObserve(options: RunObserveOptions): Promise<CheckResult> {
  const launched = performance.now();
  const startedAt = new Date().toISOString();
  const run = prepareRun(options, {
    check: (spec) => {
      if (!(options.durationSeconds > 0)) return `--duration must be a positive number of seconds`;
      // A provider that blocks MONITOR (deployment.provider, or `forbids: [monitor]`): say so before connecting.
      const monitor = spec.deployment?.limits.monitor;
      if (options.monitor && monitor?.support === 'no')
        return `--monitor: deployment.provider ${spec.deployment.provider} does not allow MONITOR (${monitor.note}); observe without --monitor (keyspace notifications and pub/sub still work)`;
      return undefined;
    },
    ...(options.baseline !== undefined ? { baseline: options.baseline } : {}),
  });
  if ('error' in run) return failedRun(2, run.error);
  const { spec, compiled, timeouts } = run;
  const target = run.target!;
  const secrets = [target.password];
  const settleMs = options.settleMs ?? 250;
  const collector = collectorFor(run, target, options.maxFindingsPerCheck);
  const observer = new Observer(spec, compiled, collector, target, { monitor: options.monitor ?? false, settleMs, timeouts });
  const problem = (message: string, actual: string): void => {
    const m = redactText(message, secrets);
    collector.add(collector.finding('check.error', null, null, null, m, 'a complete observation', redactText(actual, secrets), null));
  };
  let watchStart: number | undefined;
  let watchEnd: number | undefined;
  const report = (): ReturnType<typeof buildReport> => {
    // Observed: from readiness to the end of the watch (the final judgements are not observation).
    const observedMs = watchStart === undefined ? 0 : (watchEnd ?? performance.now()) - watchStart;
    return buildReport({
      mode: 'observe',
      spec,
      target: {
        display: target.display,
        cluster: observer.cluster,
        nodes: observer.nodes.length ? observer.nodes : [`${target.host}:${target.port}`],
      },
      collector,
      startedAt,
      durationMs: performance.now() - launched,
      serverVersion: observer.version,
      observe: observer.summary(observedMs),
      secrets,
    });
  };
  try {
    try {
      await within(observer.start(), timeouts.connectMs + timeouts.commandMs, 'connect timed out');
    } catch (e) {
      await new Promise((r) => setImmediate(r));
      const error = redactText(connectFailure(target, causeOf(e, observer.errors), timeouts), secrets);
      problem(error, error);
      return unreachableRun(report().report, error);
    }
    watchStart = performance.now();
    const ready: ObserveReady = {
      target: target.display,
      subscriptions: observer.subscriptions,
      durationSeconds: options.durationSeconds,
      at: new Date().toISOString(),
    };
    if (options.readyFile) {
      const file = resolve(run.cwd, options.readyFile);
      try {
        writeFileSync(file, `ready ${ready.at} ${ready.target}\n`);
      } catch (e) {
        problem(`cannot write the ready file ${file}: ${(e as Error).message}`, (e as Error).message);
      }
    }
    options.onReady?.(ready);
    await observer.watch(options.durationSeconds * 1000, options.signal);
    watchEnd = performance.now();
    const grace = observeGraceMs(settleMs);
    try {
      await within(observer.finish(), grace, `the final judgements did not finish within ${grace} ms`);
    } catch (e) {
      observer.closeGap();
      const { count, examples } = observer.unjudged();
      const cause = (e as Error).message;
      if (count > 0)
        problem(
          `${count} written key${count === 1 ? '' : 's'} could not be judged: the server did not answer within the ${grace} ms grace after --duration (down or paused?): e.g. ${examples.map((k) => JSON.stringify(k)).join(', ')}`,
          cause,
        );
      else
        problem(
          `the end of the observation (subscriber check) got no answer within the ${grace} ms grace after --duration (is the server down or paused?)`,
          cause,
        );
    }
  } catch (e) {
    problem(`the observation stopped early: ${(e as Error).message}`, (e as Error).message);
  } finally {
    await observer.stop();
  }
  const { report: r, exitCode } = report();
  return { findings: r.findings, summary: r.summary, exitCode, report: r };
}
