/**
 * `keyspec infer` through the CLI: the workflow of the README (infer, review, check, commit) on a
 * throwaway server: the written draft validates and `keyspec check` with it finds no unmatched key;
 * usage errors and an unreachable server give their exit codes; passwords never appear.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../run-cli.ts';
import { io, REPO_ROOT } from '../../testing/cli/io.ts';
import { loadWeppcloudFixture } from '../../testing/fixtures/weppcloud-fixture.ts';
import { freePort, startTestRedis, type TestRedis } from '../../testing/redis/throwaway-redis.ts';

describe('keyspec infer', () => {
  let s: TestRedis;
  let dir: string;
  beforeAll(async () => {
    s = await startTestRedis();
    const r = new Redis(s.url);
    await loadWeppcloudFixture(r, { runs: 40, sessions: 10, seed: 5 });
    r.disconnect();
    // A project that has keyspec installed, as the README's workflow assumes (imports keyspec/lib/...).
    dir = mkdtempSync(join(tmpdir(), 'keyspec-infer-'));
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(REPO_ROOT, join(dir, 'node_modules', 'keyspec'));
  });
  afterAll(async () => {
    await s?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('infer --output, then check the draft: validates, no unmatched key', async () => {
    const x = io({ cwd: dir, progress: false });
    expect(await runCli(['infer', '--url', s.url, '--output', 'redis.yaml'], x), x.err).toBe(0);
    expect(x.err).toMatch(
      /keyspec infer: [0-9,]+ keys in 6 database\(s\) .*imports python-rq in db 9, Flask-Session in db 11 \(written to redis\.yaml\)/,
    );
    const text = readFileSync(join(dir, 'redis.yaml'), 'utf8');
    expect(text).toMatch(/^# Draft spec inferred by keyspec infer/);
    const v = io({ cwd: dir });
    expect(await runCli(['validate', 'redis.yaml'], v), v.out + v.err).toBe(0);
    const c = io({ cwd: dir, progress: false });
    await runCli(['check', 'redis.yaml', '--url', s.url, '--sample', '0', '--format', 'json'], c);
    const report = JSON.parse(c.out) as { findings: { id: string }[] };
    expect(report.findings.filter((f) => f.id === 'key.unmatched')).toEqual([]);
  });

  it('prints the draft on stdout without --output', async () => {
    const x = io({ cwd: dir, progress: false });
    expect(await runCli(['infer', '--url', s.url, '--db', '15'], x)).toBe(0);
    expect(x.out).toContain('pattern: loglevel:{id1}');
    expect(x.out).not.toContain('index: 0');
  });

  it('usage errors exit 2; an unreachable server exits 3 and never shows the password', async () => {
    for (const args of [
      ['infer'],
      ['infer', '--url', s.url, '--sample', '0'],
      ['infer', '--url', s.url, '--max-keys', 'x'],
      ['infer', '--url', 'http://x'],
    ]) {
      const x = io({ cwd: dir });
      expect(await runCli(args, x), args.join(' ')).toBe(2);
      expect(x.err).toMatch(/^keyspec infer: /);
    }
    const port = await freePort();
    const x = io({ cwd: dir });
    expect(await runCli(['infer', '--url', `redis://:hunter2@127.0.0.1:${port}`, '--connect-timeout', '2000'], x)).toBe(3);
    expect(x.err).toMatch(/cannot connect/);
    expect(x.err + x.out).not.toContain('hunter2');
  });
});
