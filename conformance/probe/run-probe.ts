/**
 * `keyspec probe` as a library function: for each service given with its URL, open the WebSocket its
 * contract declares, trigger each probe through Redis (PUBLISH a probe message on a scratch channel, or
 * HSET a field of a scratch hash), wait for a frame and judge it against `expectFrame`.
 *
 * These are the only writes keyspec ever makes, and only to channels and keys the spec marks
 * `probeSafe: true`:
 * - `publish`: PUBLISH on the channel built from the channel pattern and the probe's scratch params,
 *   repeated every `republishMs` (the service may subscribe asynchronously after the socket opened)
 *   until the service answers or the timeout passes. Nothing is stored.
 * - `hset`: the scratch hash is created only if it does not exist (one atomic script: EXISTS, then
 *   HSET; plain EXISTS + HSET where scripts are refused). An existing key is never touched: the probe
 *   is reported `probe.scratch.unverifiable` instead. A key the probe created is deleted afterwards,
 *   always (in `finally`).
 *
 * Frames that arrive before the trigger (the preflight service pushes one on connect) are kept but not
 * judged; heartbeats (`{"type":"ping"}`, `{"type":"pong"}`) can match an expectation but never count
 * as the service's answer on their own.
 *
 * The pure half (`parseServiceArg`, `planProbes`, `judgeFrame`, `judgeFrames`, ...) is separate from
 * the I/O (`runProbe`).
 */
import type { Redis } from 'ioredis';
import type { ProbeSummary } from '../findings/report.ts';
import { buildReport } from '../findings/report-builder.ts';
import { redactText } from '../findings/redact.ts';
import { connectFailure, ConnectError, openConnection } from '../redis/connect.ts';
import { connectionLost, describeRedisError } from '../redis/errors.ts';
import { collectorFor, prepareRun, type RunOptions } from '../run/prepare-run.ts';
import { CHECK_EXIT, emptySummary, failedRun, unreachableRun, type CheckResult } from '../run/result.ts';
import { newTokens, planProbes, type ProbePlan } from './plan.ts';
import { add, runOne, type ProbeContext } from './run-one.ts';
import { parseServiceArg, ProbeUsageError, servicePassword, type ServiceTarget } from './services.ts';
import { closeConnection } from '../redis/close.ts';
import { readTopology } from '../redis/cluster-slots.ts';
import { keySlot } from '../../spec/index.ts';

export interface RunProbeOptions extends RunOptions {
  /** The services to probe: `{name, url}` or `NAME=URL` strings (as given to `--service`). */
  services: readonly (ServiceTarget | string)[];
  /** Overrides every probe's `timeoutMs`. */
  timeoutMs?: number;
  /** How long to let the service settle (subscribe, push its greeting) after the socket opened (default 250 ms). */
  settleMs?: number;
  /** Interval between repeated PUBLISHes while the service has not answered (default 200 ms). */
  republishMs?: number;
  /** Called after each probe. */
  onProbe?: (summary: ProbeSummary) => void;
}

/** Same shape as `runCheck`'s result; `summary.probes` has one entry per probe run. */
export type ProbeResult = CheckResult;

function failed(exitCode: 2 | 3, error: string, secrets: (string | undefined)[] = []): ProbeResult {
  return failedRun(exitCode, error, secrets, { ...emptySummary(), probes: [] });
}

export async function runProbe(options: RunProbeOptions): Promise<ProbeResult> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  let plans: ProbePlan[] = [];
  const serviceSecrets: (string | undefined)[] = [];
  const run = prepareRun(options, {
    check: (spec) => {
      if (options.timeoutMs !== undefined && !(Number.isInteger(options.timeoutMs) && options.timeoutMs > 0))
        return `--timeout: expected a positive number of milliseconds, got ${options.timeoutMs}`;
      try {
        const targets: ServiceTarget[] = options.services.map((s) => (typeof s === 'string' ? parseServiceArg(s) : s));
        for (const t of targets) serviceSecrets.push(servicePassword(t.url));
        plans = planProbes(spec, targets, newTokens(), options.timeoutMs);
      } catch (e) {
        if (e instanceof ProbeUsageError) return e.message;
        throw e;
      }
      return undefined;
    },
  });
  if ('error' in run) return failed(CHECK_EXIT.usage, run.error, serviceSecrets);
  const { spec } = run;
  const target = run.target!;
  const secrets = [target.password, ...serviceSecrets];
  const collector = collectorFor(run, target);

  const { timeouts } = run;
  /** Open connections: `db <n>` on the target, or `node <id>` (DB 0 of a cluster master). */
  const conns = new Map<string, Redis>();
  const probes: ProbeSummary[] = [];
  const report = (): ReturnType<typeof buildReport> =>
    buildReport({
      mode: 'probe',
      spec,
      target: { display: target.display, nodes: [`${target.host}:${target.port}`] },
      collector,
      startedAt,
      durationMs: performance.now() - started,
      probes,
      secrets,
    });
  try {
    try {
      const main = await openConnection(target, 0, timeouts);
      conns.set('db 0', main);
      await main.ping();
    } catch (e) {
      const error = redactText(e instanceof ConnectError ? e.message : connectFailure(target, e, timeouts), secrets);
      collector.add(collector.finding('check.error', null, null, null, error, 'a connection to the server', error, null));
      return unreachableRun(report().report, error);
    }
    const main = conns.get('db 0')!;
    // On a cluster each scratch key goes to the master that owns its slot; INFO refused (ACL): not a cluster we can route.
    const info = await main.info('cluster').catch((e: unknown) => {
      if (connectionLost(e)) throw e;
      return '';
    });
    const cluster = /cluster_enabled:1/.test(String(info)) ? await readTopology(main, target.host) : undefined;
    const ctx: ProbeContext = {
      collector,
      settleMs: options.settleMs ?? 250,
      republishMs: Math.max(options.republishMs ?? 200, 10),
      async conn(db, key) {
        // On a cluster a key is written on the master that owns its slot (read from CLUSTER NODES).
        const owner = cluster && key !== undefined ? cluster.nodes.find((n) => n.id === cluster!.owner[keySlot(key)]) : undefined;
        const node = owner ? { ...target, host: owner.host, port: owner.port } : target;
        const which = owner ? `node ${owner.id}` : `db ${db}`;
        let c = conns.get(which);
        if (!c) {
          c = await openConnection(node, owner ? 0 : db, timeouts);
          conns.set(which, c);
        }
        return c;
      },
    };
    for (const plan of plans) {
      let s: ProbeSummary;
      try {
        s = await runOne(ctx, plan);
      } catch (e) {
        // Redis failed outside a trigger (e.g. the connection dropped): the probe is incomplete.
        const cause = e instanceof ConnectError ? e.message : describeRedisError(e, { ...target, timeouts });
        const msg = redactText(cause, secrets);
        add(
          ctx,
          plan,
          'check.error',
          `service '${plan.service}', probe '${plan.probe.name}' could not run: ${msg}`,
          'the probe run',
          msg,
          null,
        );
        s = { service: plan.service, probe: plan.probe.name, state: 'unverifiable', url: plan.display };
      }
      probes.push(s);
      options.onProbe?.(s);
    }
    const { report: r, exitCode } = report();
    return { findings: r.findings, summary: r.summary, exitCode, report: r };
  } finally {
    for (const c of conns.values()) closeConnection(c);
  }
}
