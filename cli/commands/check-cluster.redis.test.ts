/** `keyspec check` on a Redis Cluster through commander: `--replicas`, and every report format valid with `summary.nodes`. */
import { Command, CommanderError } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCheckCommand } from './check.ts';
import { io } from '../../testing/cli/io.ts';
import { haveRedisCli, startTestCluster, waitForReplicas, type TestCluster } from '../../testing/redis/cluster.ts';
import { validateJsonReport, validateJunit } from '../../testing/reports/report-fixtures.ts';
import { WeppcloudFixture } from '../../testing/fixtures/weppcloud-fixture.ts';

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let code = 0;
  const x = io({ progress: false, env: {} });
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

describe.runIf(haveRedisCli)('keyspec check on a Redis Cluster', () => {
  let tc: TestCluster;
  let written = 0;
  beforeAll(async () => {
    tc = await startTestCluster({ masters: 3, replicas: true, config: { 'notify-keyspace-events': 'Kh' } });
    const c = tc.client();
    const f = new WeppcloudFixture({ seed: 5 });
    for (let i = 0; i < 60; i++)
      for (const k of f.run(i)) {
        for (const [cmd, ...a] of k.commands) await c.call(String(cmd), ...a);
        written++;
      }
    await c.set('legacy:cli', '1');
    written++;
    await waitForReplicas(tc);
  }, 120_000);
  afterAll(async () => tc?.stop());

  it('--replicas --format json: the replicas scanned, a report valid against the schema', async () => {
    const r = await run(['spec/weppcloud.yaml', '--url', tc.masters[0]!.url, '--db', '0', '--replicas', '--format', 'json']);
    expect(r.code).toBe(1);
    expect(validateJsonReport(r.out)).toEqual([]);
    const report = JSON.parse(r.out);
    expect(report.summary.nodes.map((n: { role: string }) => n.role)).toEqual(['replica', 'replica', 'replica']);
    expect(report.summary.keys.scanned).toBe(written);
    expect(report.summary.databases[0].scanned).toBe(written);
  });

  it('--format junit and text list every node', async () => {
    const j = await run(['spec/weppcloud.yaml', '--url', tc.masters[0]!.url, '--db', '0', '--format', 'junit']);
    expect(validateJunit(j.out)).toEqual([]);
    for (const m of tc.masters) expect(j.out).toContain(`on ${m.host}:${m.port}`);
    const t = await run(['spec/weppcloud.yaml', '--url', tc.masters[0]!.url, '--db', '0']);
    for (const m of tc.masters) expect(t.out).toContain(`node ${m.host}:${m.port} (master, `);
    expect(t.out).toContain(`databases: 0 (lock): ${written}`);
  });
});
