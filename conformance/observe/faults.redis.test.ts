/**
 * observe under faults, against servers the test owns: a server that goes down and stays down while a
 * key awaits its TTL judgement (observe still ends by --duration plus the grace, with observe.gap and a
 * report), a readiness line (and --ready-file) after which no write is missed, the observed duration
 * counted from readiness, and a connection failure with a JSON report (exit 3).
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliIO } from '../../cli/run-cli.ts';
import { renderJsonReport } from '../reports/json.ts';
import { OwnedRedis, sleep, writeFaultSpec } from '../../testing/redis/faults.ts';
import { validateJsonReport } from '../../testing/reports/report-fixtures.ts';
import { observeGraceMs, runObserve } from './run-observe.ts';

const SPEC = writeFaultSpec();

describe('observe: the server goes down while a key awaits its TTL judgement', () => {
  let redis: OwnedRedis;
  beforeAll(async () => {
    redis = await OwnedRedis.start({ 'notify-keyspace-events': 'KEA' });
  });
  afterAll(async () => redis?.stop());

  it('ends by --duration plus the grace, with observe.gap and a report', async () => {
    const durationSeconds = 2;
    const settleMs = 3000;
    const writer = new Redis(redis.url, { retryStrategy: () => null, maxRetriesPerRequest: 0 });
    writer.on('error', () => {});
    let ready = 0;
    const t0 = performance.now();
    const r = await runObserve({
      spec: SPEC,
      url: redis.url,
      env: {},
      durationSeconds,
      settleMs,
      onReady: () => {
        ready = performance.now();
        void (async () => {
          await writer.set('counter:a', '5');
          await sleep(100);
          await writer.call('SHUTDOWN', 'NOSAVE').catch(() => undefined);
        })();
      },
    });
    writer.disconnect();
    const took = performance.now() - ready;
    expect(ready).toBeGreaterThan(t0);
    expect(took).toBeLessThan(durationSeconds * 1000 + observeGraceMs(settleMs) + 1500);
    expect(r.report).toBeDefined();
    expect(validateJsonReport(renderJsonReport(r.report!))).toEqual([]);
    const ids = r.findings.map((f) => f.id);
    expect(ids).toContain('observe.gap');
    const unjudged = r.findings.find((f) => f.id === 'check.error');
    expect(unjudged?.message).toMatch(/1 written key could not be judged: .*"counter:a"/);
    expect(r.exitCode).toBe(4);
  }, 30_000);
});

describe('observe: readiness', () => {
  let redis: OwnedRedis;
  beforeAll(async () => {
    redis = await OwnedRedis.start({ 'notify-keyspace-events': 'KEA' });
  });
  afterAll(async () => redis?.stop());

  it('prints a readiness line and writes --ready-file; a key written right after it is seen; duration from readiness', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyspec-ready-'));
    const readyFile = join(dir, 'ready');
    const writer = new Redis(redis.url);
    let out = '';
    let err = '';
    let wrote: Promise<unknown> | undefined;
    let readyFileSeen = false;
    const io: CliIO = {
      stdout: (t) => void (out += t),
      stderr: (t) => {
        err += t;
        if (!wrote && /ready/.test(t)) {
          readyFileSeen = existsSync(readyFile);
          // Right after the line: an undeclared key, which observe must report.
          wrote = writer.set('stray:1', 'x');
        }
      },
      color: false,
      cwd: dir,
      env: {},
      progress: false,
    };
    const code = await runCli(
      ['observe', SPEC, '--url', redis.url, '--duration', '1', '--settle', '50', '--format', 'json', '--ready-file', 'ready'],
      io,
    );
    await wrote;
    writer.disconnect();
    expect(err).toMatch(/keyspec observe: ready: \d+ subscriptions confirmed on redis:\/\/127\.0\.0\.1:\d+; watching for 1 s/);
    expect(readyFileSeen).toBe(true);
    expect(readFileSync(readyFile, 'utf8')).toMatch(/^ready \d{4}-\d\d-\d\dT\S+ redis:\/\/127\.0\.0\.1:\d+\n$/);
    expect(validateJsonReport(out)).toEqual([]);
    const report = JSON.parse(out) as { findings: { id: string; key: string | null }[]; summary: { observe: { durationMs: number } } };
    expect(report.findings.filter((f) => f.id === 'key.unmatched').map((f) => f.key)).toEqual(['stray:1']);
    expect(code).toBe(1);
    // Observed from readiness to the end of the watch: the --duration, not the launch.
    expect(report.summary.observe.durationMs).toBeGreaterThanOrEqual(990);
    expect(report.summary.observe.durationMs).toBeLessThan(1300);
  }, 20_000);

  it('a server paused at the start: ends within the timeouts, exit 3 and a report', async () => {
    redis.pause();
    try {
      const t0 = performance.now();
      const r = await runObserve({ spec: SPEC, url: redis.url, env: {}, durationSeconds: 5, connectTimeoutMs: 800, commandTimeoutMs: 800 });
      expect(performance.now() - t0).toBeLessThan(4000);
      expect(r.exitCode).toBe(3);
      expect(r.error).toMatch(/(connect timed out after|did not answer within) 800 ms/);
      expect(validateJsonReport(renderJsonReport(r.report!))).toEqual([]);
    } finally {
      redis.resume();
    }
  }, 15_000);

  it('a refused port: exit 3, the cause on stderr and a JSON report on stdout', async () => {
    let out = '';
    let err = '';
    const io: CliIO = {
      stdout: (t) => void (out += t),
      stderr: (t) => void (err += t),
      color: false,
      cwd: process.cwd(),
      env: {},
      progress: false,
    };
    const code = await runCli(['observe', SPEC, '--url', 'redis://127.0.0.1:1', '--duration', '1', '--format', 'json'], io);
    expect(code).toBe(3);
    expect(err).toMatch(/connection refused: nothing listens on 127\.0\.0\.1:1/);
    expect(validateJsonReport(out)).toEqual([]);
    expect((JSON.parse(out) as { summary: { exitCode: number } }).summary.exitCode).toBe(3);
  }, 15_000);
});
