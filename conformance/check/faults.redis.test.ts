/**
 * check under faults, against servers the test owns: a restart mid-check (also while the next
 * database's connection is being opened), a paused server (SIGSTOP: the command timeout ends the check),
 * and connection failures named by cause (refused, unknown host, wrong password, timeout, TLS), each with
 * a report (valid JSON) and a documented exit code, never an "internal error".
 */
import { createServer, type Server, type Socket } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliIO } from '../../cli/run-cli.ts';
import { renderJsonReport } from '../reports/json.ts';
import { fillCounters, OwnedRedis, sleep, writeFaultSpec } from '../../testing/redis/faults.ts';
import { validateJsonReport } from '../../testing/reports/report-fixtures.ts';
import { scanDatabases, type DbJob } from './databases.ts';
import { runCheck } from './run-check.ts';
import type { CheckResult } from '../run/result.ts';
import { parseRedisUrl } from '../redis/connection.ts';
import type { Scanner } from '../redis/scanner.ts';
import type { CompiledSpec } from '../judging/compile.ts';

const SPEC = writeFaultSpec();

function expectValidReport(r: CheckResult): void {
  expect(r.report, r.error).toBeDefined();
  expect(validateJsonReport(renderJsonReport(r.report!))).toEqual([]);
  expect(r.report!.summary.exitCode).toBe(r.exitCode);
}

function errorsOf(r: CheckResult): string[] {
  return r.findings.filter((f) => f.id === 'check.error').map((f) => f.message);
}

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
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
  const code = await runCli(args, io);
  return { code, out, err };
}

/** A TCP server that accepts and never answers (a hung server or proxy), or answers with `reply`. */
async function fakeServer(reply?: string): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const srv: Server = createServer((s) => {
    sockets.add(s);
    s.on('error', () => {});
    if (reply !== undefined) s.write(reply);
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  return {
    port,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        srv.close(() => r());
      }),
  };
}

describe('check: a Redis restart mid-check', () => {
  let redis: OwnedRedis;
  beforeAll(async () => {
    redis = await OwnedRedis.start();
  });
  afterAll(async () => redis?.stop());

  it('ends with check.error, a report and exit 4 (not an internal error), also opening the next database', async () => {
    for (const db of [0, 1, 2, 3]) await fillCounters(redis.url, db, 6000);
    // One database at a time, slowly: the restart hits a scan, and the next database's connection is
    // opened while the server is down.
    let started!: () => void;
    const scanning = new Promise<void>((r) => (started = r));
    const check = runCheck({
      spec: SPEC,
      url: redis.url,
      env: {},
      concurrency: 1,
      maxOps: 12_000,
      sampleRate: 0,
      onStart: () => started(),
    });
    await scanning;
    await sleep(300);
    await redis.restart();
    const r = await check;
    expectValidReport(r);
    expect(r.exitCode).toBe(4);
    const errors = errorsOf(r);
    expect(errors.join('\n')).toMatch(/the scan stopped early: db \d: the connection to 127\.0\.0\.1:\d+ was lost/);
    expect(errors.join('\n')).toMatch(/was not scanned/);
    expect(r.error).toBeUndefined();
    // No coverage claims about databases whose scan did not complete.
    expect(r.findings.filter((f) => f.id === 'pattern.unseen')).toEqual([]);
  }, 30_000);

  it('a failure opening a database connection is a finding, not a throw', async () => {
    const node = parseRedisUrl('redis://127.0.0.1:1');
    const jobs: DbJob[] = [
      { node, db: 0, size: 10 },
      { node, db: 1, size: 5 },
    ];
    const scanner = { scanDb: async () => undefined } as unknown as Scanner;
    const compiled = {
      dbs: new Map([
        [0, {}],
        [1, {}],
      ]),
    } as unknown as CompiledSpec;
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    const res = await scanDatabases(jobs, 1, scanner, compiled, () => Promise.reject(refused));
    expect(res.errors.map((e) => e.db)).toEqual([0]);
    expect(res.notScanned.map((j) => j.db)).toEqual([1]);
  });
});

describe('check: an ACL user without SCAN', () => {
  let redis: OwnedRedis;
  beforeAll(async () => {
    redis = await OwnedRedis.start();
    await fillCounters(redis.url, 0, 50);
    const admin = new Redis(redis.url);
    // The test's own server: a user that may read but not SCAN (nor run scripts).
    await admin.call('ACL', 'SETUSER', 'noscan', 'on', '>noscan-pw', '~*', '&*', '+@all', '-scan', '-eval_ro', '-evalsha_ro', '-eval');
    admin.disconnect();
  });
  afterAll(async () => redis?.stop());

  it('NOPERM is a check.error naming the cause; no coverage claim for the database; exit 4', async () => {
    const r = await runCheck({ spec: SPEC, url: `redis://noscan:noscan-pw@127.0.0.1:${redis.port}`, env: {}, sampleRate: 0 });
    expectValidReport(r);
    expect(r.exitCode).toBe(4);
    expect(errorsOf(r).join('\n')).toMatch(/the scan stopped early: db 0: permission denied: NOPERM .*scan/i);
    expect(r.findings.filter((f) => f.id === 'pattern.unseen' && f.db === 0)).toEqual([]);
    expect(JSON.stringify(r.report)).not.toContain('noscan-pw');
  }, 15_000);
});

describe('check: a paused server (SIGSTOP)', () => {
  let redis: OwnedRedis;
  beforeAll(async () => {
    redis = await OwnedRedis.start();
    for (const db of [0, 1]) await fillCounters(redis.url, db, 20_000);
  });
  afterEach(() => redis.resume());
  afterAll(async () => redis?.stop());

  it('ends within the command timeout with check.error and a report', async () => {
    const t0 = performance.now();
    let started!: () => void;
    const scanning = new Promise<void>((r) => (started = r));
    const check = runCheck({
      spec: SPEC,
      url: redis.url,
      env: {},
      maxOps: 15_000,
      sampleRate: 0,
      commandTimeoutMs: 1500,
      onStart: () => started(),
    });
    try {
      await scanning;
      await sleep(300);
      redis.pause();
      const r = await check;
      const took = performance.now() - t0;
      expectValidReport(r);
      expect(r.exitCode).toBe(4);
      expect(errorsOf(r).join('\n')).toMatch(/did not answer within 1500 ms \(paused or overloaded\? raise --command-timeout\)/);
      expect(took).toBeLessThan(1500 + 4000);
    } finally {
      redis.resume();
    }
  }, 20_000);

  it('a server paused before the check: exit 3 with a report that says why', async () => {
    redis.pause();
    try {
      const t0 = performance.now();
      const r = await runCheck({ spec: SPEC, url: redis.url, env: {}, commandTimeoutMs: 800, connectTimeoutMs: 800 });
      expect(performance.now() - t0).toBeLessThan(4000);
      expectValidReport(r);
      expect(r.exitCode).toBe(3);
      expect(r.error).toMatch(
        /cannot connect to redis:\/\/127\.0\.0\.1:\d+: (the server did not answer within|connect timed out after) 800 ms/,
      );
      expect(errorsOf(r)).toEqual([r.error]);
    } finally {
      redis.resume();
    }
  }, 10_000);
});

describe('check: connection failures name their cause', () => {
  let redis: OwnedRedis;
  beforeAll(async () => {
    redis = await OwnedRedis.start();
    // The test's own server (never the shared 6379 one).
    const admin = new Redis(redis.url);
    await admin.config('SET', 'requirepass', 'right-pw');
    admin.disconnect();
  });
  afterAll(async () => redis?.stop());

  const cases: [string, () => Promise<string>, RegExp][] = [
    ['a refused port', async () => 'redis://127.0.0.1:1', /connection refused: nothing listens on 127\.0\.0\.1:1/],
    ['an unknown host', async () => 'redis://no-such-host.invalid:6379', /unknown host 'no-such-host\.invalid'/],
    ['a wrong password', async () => `redis://:wrong-pw@127.0.0.1:${redis.port}`, /authentication failed: wrong password/],
    ['no password', async () => `redis://127.0.0.1:${redis.port}`, /authentication required/],
  ];
  for (const [what, url, cause] of cases) {
    it(`${what}: the cause, exit 3, and --format json a valid report on stdout`, async () => {
      const r = await cli(['check', SPEC, '--url', await url(), '--format', 'json']);
      expect(r.code).toBe(3);
      expect(r.err).toMatch(cause);
      expect(r.err).not.toMatch(/Connection is closed|internal error/);
      expect(validateJsonReport(r.out)).toEqual([]);
      const report = JSON.parse(r.out) as { summary: { exitCode: number }; findings: { id: string; message: string }[] };
      expect(report.summary.exitCode).toBe(3);
      expect(report.findings.map((f) => f.id)).toEqual(['check.error']);
      expect(report.findings[0]!.message).toMatch(cause);
      expect(r.out + r.err).not.toContain('wrong-pw');
    }, 15_000);
  }

  it('a connect timeout (a server that accepts and never answers AUTH)', async () => {
    const hung = await fakeServer();
    try {
      const t0 = performance.now();
      const r = await cli(['check', SPEC, '--url', `redis://:pw@127.0.0.1:${hung.port}`, '--connect-timeout', '700', '--format', 'json']);
      expect(performance.now() - t0).toBeLessThan(5000);
      expect(r.code).toBe(3);
      expect(r.err).toMatch(/connect timed out after 700 ms/);
      expect(validateJsonReport(r.out)).toEqual([]);
    } finally {
      await hung.close();
    }
  }, 10_000);

  it('a TLS error (rediss:// to a server that does not speak TLS)', async () => {
    const plain = await fakeServer('-ERR not TLS\r\n');
    try {
      const r = await cli(['check', SPEC, '--url', `rediss://127.0.0.1:${plain.port}`]);
      expect(r.code).toBe(3);
      expect(r.err).toMatch(/TLS error: .*(wrong version number|SSL|TLS)/i);
      expect(r.out).toContain('check.error');
    } finally {
      await plain.close();
    }
  }, 10_000);

  it('bad timeout flags are usage errors', async () => {
    expect((await cli(['check', SPEC, '--connect-timeout', '0'])).code).toBe(2);
    expect((await cli(['check', SPEC, '--command-timeout', 'soon'])).code).toBe(2);
  });
});
