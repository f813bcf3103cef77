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
import { fillCounters, OwnedRedis, seeded, sleep, writeFaultSpec } from '../testing/faults.ts';
import { validateJsonReport } from '../testing/report-fixtures.ts';
import type { CheckResult } from './result.ts';

const SEED = Number(process.env.KEYSPEC_FAULT_SEED ?? 20261201);
const SPEC = writeFaultSpec();
const TIMEOUTS = { connectTimeoutMs: 1000, commandTimeoutMs: 1500 };

type Fault = { kind: 'restart'; at: number; down: number } | { kind: 'pause'; at: number; for: number };

function plan(random: () => number, window: number): Fault[] {
  const n = 1 + Math.floor(random() * 2);
  const faults: Fault[] = [];
  for (let i = 0; i < n; i++) {
    const at = Math.round(random() * window);
    faults.push(
      random() < 0.5
        ? { kind: 'restart', at, down: Math.round(random() * 800) }
        : { kind: 'pause', at, for: 200 + Math.round(random() * 2300) },
    );
  }
  return faults.sort((a, b) => a.at - b.at);
}

/** Runs the faults one after the other (each from its time on); the server is up and running at the end. */
async function inject(redis: OwnedRedis, faults: Fault[]): Promise<void> {
  const t0 = performance.now();
  try {
    for (const f of faults) {
      await sleep(Math.max(0, f.at - (performance.now() - t0)));
      if (f.kind === 'pause') {
        redis.pause();
        await sleep(f.for);
        redis.resume();
      } else {
        await redis.stop();
        await sleep(f.down);
        await redis.restart();
      }
    }
  } finally {
    redis.resume();
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
      for (const db of [0, 1]) await fillCounters(redis.url, db, 8000);
      const faults = plan(random, 2000);
      const what = `seed ${SEED} check round ${round}: ${JSON.stringify(faults)}`;
      const t0 = performance.now();
      const [r] = await Promise.all([
        runCheck({ spec: SPEC, url: redis.url, env: {}, maxOps: 12_000, sampleRate: 0.05, ...TIMEOUTS }),
        inject(redis, faults),
      ]);
      expectDocumented(r, what);
      // Bounded: the scan (~3 s), the faults (at most ~5 s), the timeouts.
      expect(performance.now() - t0, what).toBeLessThan(15_000);
    }, 25_000);
  }

  for (let round = 0; round < 2; round++) {
    it(`observe, round ${round}: a valid report and a documented exit code`, async () => {
      const faults = plan(random, 2000);
      const what = `seed ${SEED} observe round ${round}: ${JSON.stringify(faults)}`;
      const writer = new Redis(redis.url, { retryStrategy: () => 100, maxRetriesPerRequest: 1, enableOfflineQueue: false });
      writer.on('error', () => {});
      let writing = true;
      let injected: Promise<void> = Promise.resolve();
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
            injected = inject(redis, faults);
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
        expect(took, what).toBeLessThan(TIMEOUTS.connectTimeoutMs + TIMEOUTS.commandTimeoutMs + durationSeconds * 1000 + 2 * settleMs + 2000 + 1500);
      } finally {
        writing = false;
        await injected;
        await writes;
        writer.disconnect();
      }
    }, 25_000);
  }
});
