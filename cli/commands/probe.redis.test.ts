/** `keyspec probe` through a commander program (as check.redis.test.ts), against the reference relays. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../conformance/findings/report.ts';
import { registerProbeCommand } from './probe.ts';
import { io } from '../../testing/cli/io.ts';
import { validateJsonReport, validateJunit } from '../../testing/reports/report-fixtures.ts';
import { withStack } from '../../testing/weppcloud/probe-stack.ts';

async function cli(args: string[], env: Record<string, string | undefined> = {}): Promise<{ code: number; out: string; err: string }> {
  let code = 0;
  const x = io({ env });
  const program = new Command().name('keyspec').exitOverride().configureOutput({ writeOut: x.stdout, writeErr: x.stderr });
  registerProbeCommand(program, x, (c) => (code = c));
  try {
    await program.parseAsync(['probe', ...args], { from: 'user' });
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    code = e.code === 'commander.helpDisplayed' ? 0 : 2;
  }
  return { code, out: x.out, err: x.err };
}

describe('keyspec probe (command)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'keyspec-probe-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('text, json, junit and markdown on healthy services (exit 0)', async () => {
    await withStack({}, async ({ redis, services }) => {
      const args = [
        'spec/weppcloud.yaml',
        '--url',
        redis.url,
        '--service',
        `status=${services.statusUrl}`,
        '--service',
        `preflight=${services.preflightUrl}`,
      ];
      const text = await cli(args);
      expect(text.code).toBe(0);
      expect(text.out).toContain(`keyspec probe: weppcloud against ${redis.url.replace(/\/$/, '')}`);
      expect(text.out).toMatch(/✓ pass {2}status: relays-status-messages {2}ws:\/\/127\.0\.0\.1:\d+\/keyspec-probe:wepp/);
      expect(text.out).toMatch(/✓ pass {2}preflight: pushes-checklist-on-hash-change/);
      expect(text.out).toMatch(/CONFORMS \(exit 0\)\n$/);

      const json = await cli([...args, '--format', 'json']);
      expect(json.code).toBe(0);
      expect(validateJsonReport(json.out)).toEqual([]);
      const report = JSON.parse(json.out) as Report;
      expect(report.mode).toBe('probe');
      expect(report.summary.probes).toHaveLength(2);

      const file = join(dir, 'probe.xml');
      const junit = await cli([...args, '--format', 'junit', '--output', file]);
      expect(junit.code).toBe(0);
      expect(junit.out).toBe('');
      expect(junit.err).toContain('2/2 probes passed: CONFORMS (report: ');
      const xml = readFileSync(file, 'utf8');
      expect(validateJunit(xml)).toEqual([]);
      expect(xml).toContain('tests="2" failures="0"');
      expect(xml).toContain('classname="keyspec.weppcloud.probe.status" name="relays-status-messages"');

      const md = await cli([...args, '--format', 'markdown']);
      expect(md.out).toMatch(/^## ✅ keyspec probe: `weppcloud` — CONFORMS/);
      expect(md.out).toContain('2 of 2 probes passed');
    });
  });

  it('a failing probe: exit 1, the finding in text and a JUnit failure', async () => {
    await withStack({ brokenRelay: 'wrong-frame' }, async ({ redis, services }) => {
      const args = ['spec/weppcloud.yaml', '--url', redis.url, '--service', `status=${services.statusUrl}`, '--timeout', '600'];
      const text = await cli(args);
      expect(text.code).toBe(1);
      expect(text.out).toContain('✗ FAIL  status: relays-status-messages');
      expect(text.out).toContain('probe.frame.mismatch');
      expect(text.out).toMatch(/reproduce: redis-cli -h 127\.0\.0\.1 -p \d+ -n 2 PUBLISH keyspec-probe:wepp 'keyspec probe [0-9a-f]{12}'/);
      expect(text.out).toMatch(/VIOLATIONS \(exit 1\)\n$/);
      const junit = await cli([...args, '--format', 'junit']);
      expect(junit.code).toBe(1);
      expect(validateJunit(junit.out)).toEqual([]);
      expect(junit.out).toContain('failures="1"');
      expect(junit.out).toContain('type="probe.frame.mismatch"');
    });
  });

  it('connects through the spec env vars; usage errors exit 2', async () => {
    await withStack({}, async ({ redis, services }) => {
      const r = await cli(['spec/weppcloud.yaml', '--service', `status=${services.statusUrl}`], { REDIS_URL: redis.url });
      expect(r.code).toBe(0);
    });
    const none = await cli(['spec/weppcloud.yaml', '--url', 'redis://127.0.0.1:1']);
    expect(none.code).toBe(2);
    expect(none.err).toContain('keyspec probe: give at least one --service NAME=URL (services with probes: preflight, status)');
    const unknown = await cli(['spec/weppcloud.yaml', '--url', 'redis://127.0.0.1:1', '--service', 'nope=ws://h']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain("the spec declares no service 'nope'");
    expect((await cli(['spec/weppcloud.yaml', '--service', 'status=ws://h', '--timeout', 'soon'])).code).toBe(2);
    expect((await cli(['spec/weppcloud.yaml', '--service', 'status=ws://h', '--format', 'yaml'])).code).toBe(2);
  });
});
