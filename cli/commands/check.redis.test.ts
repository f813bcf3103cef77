/** `keyspec check` through commander, as cli/run-cli.ts will wire it: formats, --output, exit codes. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCheckCommand } from './check.ts';
import { io } from '../../testing/cli/io.ts';
import { PLANTED } from '../../testing/fixtures/planted.ts';
import { loadWeppcloudFixture } from '../../testing/fixtures/weppcloud-fixture.ts';
import { startWeppcloudRedis, type TestRedis } from '../../testing/redis/throwaway-redis.ts';
import { validateJsonReport, validateJunit } from '../../testing/reports/report-fixtures.ts';

async function run(args: string[], env: Record<string, string | undefined> = {}): Promise<{ code: number; out: string; err: string }> {
  let code = 0;
  const x = io({ progress: false, env });
  const program = new Command().name('keyspec').exitOverride().configureOutput({ writeOut: x.stdout, writeErr: x.stderr });
  registerCheckCommand(program, x, (c) => (code = c));
  try {
    await program.parseAsync(['check', ...args], { from: 'user' });
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    code = e.code === 'commander.helpDisplayed' ? 0 : 2;
  }
  return { code, out: x.out, err: x.err };
}

describe('keyspec check', () => {
  let s: TestRedis;
  let dir: string;
  beforeAll(async () => {
    s = await startWeppcloudRedis();
    const r = new Redis(s.url);
    await loadWeppcloudFixture(r, { runs: 4 });
    const pl = r.pipeline();
    for (const p of PLANTED.slice(0, 12)) {
      pl.select(p.db);
      for (const [cmd, ...args] of p.commands) pl.call(String(cmd), ...args);
    }
    await pl.exec();
    r.disconnect();
    dir = mkdtempSync(join(tmpdir(), 'keyspec-check-'));
  });
  afterAll(async () => {
    await s?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints the text report and exits 1 on violations', async () => {
    const r = await run(['spec/weppcloud.yaml', '--url', s.url, '--sample', '1']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('keyspec check: weppcloud against redis://127.0.0.1:');
    expect(r.out).toContain('key.ttl.forbidden');
    expect(r.out).toMatch(/VIOLATIONS \(exit 1\)\n$/);
  });

  it('--format json is valid against report.schema.json', async () => {
    const r = await run(['spec/weppcloud.yaml', '--url', s.url, '--format', 'json', '--sample', '1']);
    expect(r.code).toBe(1);
    expect(validateJsonReport(r.out)).toEqual([]);
    const report = JSON.parse(r.out) as { findings: { id: string }[]; summary: { exitCode: number } };
    expect(report.summary.exitCode).toBe(1);
    expect(report.findings.length).toBeGreaterThan(5);
  });

  it('--format junit --output writes a valid JUnit file', async () => {
    const file = join(dir, 'check.xml');
    const r = await run(['spec/weppcloud.yaml', '--url', s.url, '--format', 'junit', '--output', file]);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toContain('VIOLATIONS (report: ');
    expect(validateJunit(readFileSync(file, 'utf8'))).toEqual([]);
  });

  it('--format markdown', async () => {
    const r = await run(['spec/weppcloud.yaml', '--url', s.url, '--format', 'markdown', '--db', '15']);
    expect(r.out).toMatch(/^## ❌ keyspec check: `weppcloud`/);
    expect(r.code).toBe(1);
  });

  it('--baseline suppresses; a clean database exits 0', async () => {
    const baseline = join(dir, 'baseline.json');
    writeFileSync(
      baseline,
      JSON.stringify({ keyspecBaseline: 1, suppress: [{ id: 'key.*', pattern: 'log_level.loglevel', reason: 'known' }] }),
    );
    const r = await run(['spec/weppcloud.yaml', '--url', s.url, '--db', '15', '--baseline', baseline, '--sample', '1']);
    expect(r.out).toContain('suppressed by the baseline');
    expect(r.code).toBe(0);
    const clean = await run(['spec/weppcloud.yaml', '--url', s.url, '--db', '13', '--sample', '0']);
    expect(clean.code).toBe(0);
    expect(clean.out).toContain('CONFORMS');
  });

  it('exit 2 on usage errors, 3 when it cannot connect', async () => {
    expect((await run(['spec/weppcloud.yaml', '--url', s.url, '--sample', '2'])).code).toBe(2);
    expect((await run(['spec/weppcloud.yaml', '--url', s.url, '--db', 'x'])).code).toBe(2);
    expect((await run(['spec/weppcloud.yaml', '--url', s.url, '--embedded'])).code).toBe(2);
    expect((await run(['spec/weppcloud.yaml', '--url', s.url, '--format', 'yaml'])).code).toBe(2);
    expect((await run(['spec/no-such.yaml', '--url', s.url])).code).toBe(2);
    const down = await run(['spec/weppcloud.yaml', '--url', 'redis://:topsecret99@127.0.0.1:1']);
    expect(down.code).toBe(3);
    expect(down.err).toContain('cannot connect to redis://:***@127.0.0.1:1');
    expect(down.err + down.out).not.toContain('topsecret99');
  });

  it('connects through the spec env vars without --url', async () => {
    const r = await run(['spec/weppcloud.yaml', '--db', '13'], { REDIS_URL: `${s.url}/0` });
    expect(r.code).toBe(0);
  });

  it('--embedded checks a throwaway server', async () => {
    const r = await run(['spec/weppcloud.yaml', '--embedded', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(validateJsonReport(r.out)).toEqual([]);
  });
});
