/**
 * probe when Redis fails: a refused port and a paused server (SIGSTOP, the test's own) end with the cause
 * on stderr, a valid JSON report on stdout and exit 3, within the timeouts.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliIO } from '../../cli/run-cli.ts';
import { OwnedRedis } from '../../testing/redis/faults.ts';
import { validateJsonReport } from '../../testing/reports/report-fixtures.ts';

const root = join(import.meta.dirname, '..', '..');

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { stdout: (t) => void (out += t), stderr: (t) => void (err += t), color: false, cwd: root, env: {}, progress: false };
  const code = await runCli(args, io);
  return { code, out, err };
}

describe('probe: Redis fails', () => {
  let redis: OwnedRedis;
  beforeAll(async () => {
    redis = await OwnedRedis.start();
  });
  afterAll(async () => redis?.stop());

  it('a refused port: the cause, exit 3 and a JSON report', async () => {
    const r = await cli([
      'probe',
      'spec/weppcloud.yaml',
      '--url',
      'redis://127.0.0.1:1',
      '--service',
      'status=ws://127.0.0.1:1',
      '--format',
      'json',
    ]);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/connection refused: nothing listens on 127\.0\.0\.1:1/);
    expect(validateJsonReport(r.out)).toEqual([]);
    const report = JSON.parse(r.out) as { mode: string; summary: { exitCode: number }; findings: { id: string }[] };
    expect(report.mode).toBe('probe');
    expect(report.summary.exitCode).toBe(3);
    expect(report.findings.map((f) => f.id)).toEqual(['check.error']);
  }, 15_000);

  it('a paused server: ends within the timeouts, exit 3 and a JSON report', async () => {
    redis.pause();
    try {
      const t0 = performance.now();
      const r = await cli([
        'probe',
        'spec/weppcloud.yaml',
        '--url',
        redis.url,
        '--service',
        'status=ws://127.0.0.1:1',
        '--format',
        'json',
        '--connect-timeout',
        '700',
        '--command-timeout',
        '700',
      ]);
      expect(performance.now() - t0).toBeLessThan(5000);
      expect(r.code).toBe(3);
      expect(r.err).toMatch(/(connect timed out after|did not answer within) 700 ms/);
      expect(validateJsonReport(r.out)).toEqual([]);
    } finally {
      redis.resume();
    }
  }, 15_000);
});
