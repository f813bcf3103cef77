/**
 * Seeded fault injection: random restarts and pauses (SIGSTOP/SIGCONT) of the test's own server during
 * a check and during an observe. Whatever happens, the run ends in bounded time with a report that is
 * valid against report.schema.json and a documented exit code (0, 1, 3, 4: never 2, never a throw).
 * Replay a run with KEYSPEC_FAULT_SEED=<seed>.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from '../check/run-check.ts';
import { runObserve } from '../observe/run-observe.ts';
import { renderJsonReport } from '../reports/json.ts';
import { fillCounters, OwnedRedis, seeded, sleep, writeFaultSpec } from '../../testing/redis/faults.ts';
import { validateJsonReport } from '../../testing/reports/report-fixtures.ts';
import type { CheckResult } from './result.ts';

const SEED = Number(process.env.KEYSPEC_FAULT_SEED ?? 20261201);
const SPEC = writeFaultSpec();
const TIMEOUTS = { connectTimeoutMs: 1000, commandTimeoutMs: 1500 };

/** A restart (down for a while), a pause (SIGSTOP, longer than the command timeout or not), a stop (down until the run ends). */
type Fault = { kind: 'restart'; at: number; down: number } | { kind: 'pause'; at: number; for: number } | { kind: 'stop'; at: number };

const KINDS = ['stop', 'restart', 'pause'] as const;

/** One to three faults in the first `window` ms; the first of round `round` is of kind KINDS[round % 3], so each kind is run. */
function plan(random: () => number, window: number, round: number): Fault[] {
  const n = 1 + Math.floor(random() * 3);
  const faults: Fault[] = [];
  for (let i = 0; i < n; i++) {
    const at = Math.round(random() * window);
    const kind = i === 0 ? KINDS[round % 3]! : KINDS[Math.floor(random() * 3)]!;
    faults.push(
      kind === 'restart'
        ? { kind, at, down: Math.round(random() * 2500) }
        : kind === 'pause'
          ? { kind, at, for: 300 + Math.round(random() * 3500) }
          : { kind, at },
    );
  }
  return faults.sort((a, b) => a.at - b.at);
}

/** Runs the faults one after the other (each from its time on), until `done`; the server is up again at the end. */
async function inject(redis: OwnedRedis, faults: Fault[], done: Promise<unknown>): Promise<void> {
  const t0 = performance.now();
  let down = false;
  try {
    for (const f of faults) {
      await sleep(Math.max(0, f.at - (performance.now() - t0)));
      if (f.kind === 'pause') {
        redis.pause();
        await sleep(f.for);
        redis.resume();
      } else if (f.kind === 'restart') {
        await redis.stop();
        await sleep(f.down);
        await redis.restart();
      } else {
        await redis.stop();
        down = true;
        break;
      }
    }
    await done.catch(() => undefined);
  } finally {
    redis.resume();
    if (down) await redis.restart();
  }
}

function expectDocumented(r: CheckResult, what: string): void {
  if (process.env.KEYSPEC_FAULT_LOG)
    console.log(`${what} -> exit ${r.exitCode}: ${[...new Set(r.findings.map((f) => `${f.id}: ${f.message.slice(0, 140)}`))].join(' | ')}`);
  expect(r.report, `${what}: ${r.error}`).toBeDefined();
  expect(validateJsonReport(renderJsonReport(r.report!)), what).toEqual([]);
  expect([0, 1, 3, 4], what).toContain(r.exitCode);
  expect(r.report!.summary.exitCode, what).toBe(r.exitCode);
  const incomplete = r.findings.some((f) => f.id === 'check.error' || f.id === 'observe.gap');
  if (incomplete) expect(r.exitCode, what).not.toBe(0);
}

describe(`fault injection (seed ${SEED})`, () => {
  let redis: OwnedRedis;
  const random = seeded(SEED);
  beforeAll(async () => {
    redis = await OwnedRedis.start({ 'notify-keyspace-events': 'KEA' });
  });
  afterAll(async () => redis?.stop());

  for (let round = 0; round < 3; round++) {
    it(`check, round ${round}: a valid report and a documented exit code`, async () => {
      for (const db of [0, 1]) await fillCounters(redis.url, db, 6000);
      for (const db of [2, 3]) await fillCounters(redis.url, db, 3000);
      const faults = plan(random, 2000, round);
      const what = `seed ${SEED} check round ${round}: ${JSON.stringify(faults)}`;
      const t0 = performance.now();
      // One database at a time: faults also hit the opening of the next database's connection.
      const check = runCheck({ spec: SPEC, url: redis.url, env: {}, maxOps: 12_000, concurrency: 1, sampleRate: 0.05, ...TIMEOUTS });
      const [r] = await Promise.all([check, inject(redis, faults, check)]);
      expectDocumented(r, what);
      // Bounded: the scan (~4 s), the faults (pauses end within the command timeout), the timeouts.
      expect(performance.now() - t0, what).toBeLessThan(16_000);
    }, 30_000);
  }

  for (let round = 0; round < 3; round++) {
    it(`observe, round ${round}: a valid report and a documented exit code`, async () => {
      const faults = plan(random, 2000, round);
      const what = `seed ${SEED} observe round ${round}: ${JSON.stringify(faults)}`;
      const writer = new Redis(redis.url, { retryStrategy: () => 100, maxRetriesPerRequest: 1, enableOfflineQueue: false });
      writer.on('error', () => {});
      let writing = true;
      let injected: Promise<void> = Promise.resolve();
      let finished!: () => void;
      const done = new Promise<void>((r) => (finished = r));
      let writes: Promise<void> = Promise.resolve();
      const durationSeconds = 2;
      const settleMs = 200;
      const t0 = performance.now();
      try {
        const r = await runObserve({
          spec: SPEC,
          url: redis.url,
          env: {},
          durationSeconds,
          settleMs,
          ...TIMEOUTS,
          onReady: () => {
            injected = inject(redis, faults, done);
            writes = (async () => {
              for (let i = 0; writing; i++) {
                await writer.set(`counter:w${i % 50}`, String(i), 'EX', 600).catch(() => undefined);
                await sleep(50);
              }
            })();
          },
        });
        const took = performance.now() - t0;
        expectDocumented(r, what);
        expect([0, 3, 4], what).toContain(r.exitCode);
        // Bounded: the start (connect + command timeout at most), --duration, the grace.
        expect(took, what).toBeLessThan(
          TIMEOUTS.connectTimeoutMs + TIMEOUTS.commandTimeoutMs + durationSeconds * 1000 + 2 * settleMs + 2000 + 1500,
        );
      } finally {
        finished();
        writing = false;
        await injected;
        await writes;
        writer.disconnect();
      }
    }, 25_000);
  }
});
