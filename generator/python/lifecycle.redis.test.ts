/**
 * A WEPPcloud run lifecycle written by the generated Python package (testing/python/weppcloud_lifecycle.py:
 * run hash timestamps, job ids and lock flags, NoDb locks and cache, the working-directory cache, README
 * editor lock and clients, a log level, status messages, a preflight notification) against a throwaway
 * redis-server: `keyspec observe` (with MONITOR) during it and `keyspec check` after it find nothing.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from '../../conformance/check/run-check.ts';
import type { Finding } from '../../conformance/findings/report.ts';
import { runObserve } from '../../conformance/observe/run-observe.ts';
import { pythonToolchain, runPython, type PythonToolchain } from '../../testing/python/toolchain.ts';
import { startTestRedis, type TestRedis } from '../../testing/redis/throwaway-redis.ts';

const root = join(import.meta.dirname, '..', '..');
const SPEC = join(root, 'spec', 'weppcloud.yaml');
const { toolchain, reason } = pythonToolchain();
if (reason) console.warn(reason);

function runLifecycle(t: PythonToolchain, url: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(t.python, [join(root, 'testing', 'python', 'weppcloud_lifecycle.py')], {
      // Only REDIS_URL: the package resolves every database through the spec's connections from it.
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        PYTHONPATH: join(root, 'generated', 'weppcloud', 'python'),
        PYTHONDONTWRITEBYTECODE: '1',
        REDIS_URL: url,
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const notInfo = (f: Finding): boolean => f.severity !== 'info';

describe.skipIf(!toolchain)('a WEPPcloud run lifecycle through the generated Python package', () => {
  let s: TestRedis;
  let report: Record<string, unknown>;
  let observed: Finding[];
  let seen: { events: number; messages: number; commands?: number; keysJudged?: number } | undefined;
  beforeAll(async () => {
    // Every event class, so that observe sees every write through notifications (the spec needs at least Kh).
    s = await startTestRedis({ config: { 'notify-keyspace-events': 'KEA' } });
    const controller = new AbortController();
    let done: Promise<{ code: number | null; stdout: string; stderr: string }> | undefined;
    const result = await runObserve({
      spec: SPEC,
      url: s.url,
      env: {},
      durationSeconds: 90,
      monitor: true,
      settleMs: 150,
      signal: controller.signal,
      onReady: () => {
        done = runLifecycle(toolchain!, s.url).finally(() => setTimeout(() => controller.abort(), 800));
      },
    });
    const run = await done!;
    if (run.code !== 0) throw new Error(`the lifecycle script failed (${run.code}): ${run.stderr}`);
    report = JSON.parse(run.stdout) as Record<string, unknown>;
    observed = result.findings;
    seen = result.summary.observe;
  }, 120_000);
  afterAll(async () => s?.stop());

  it('runs the lifecycle: locks taken once and released, TTLs applied, messages received parsed', () => {
    expect(report.nodb).toEqual([
      { acquired: true, second_acquire: false, released: true, lock_ttl_ms: -2 },
      { acquired: true, second_acquire: false, released: true, lock_ttl_ms: -2 },
    ]);
    const readme = report.readme as Record<string, number | string | boolean>;
    expect(readme.lock).toBe(true);
    expect(readme.first).toBe('invalidated');
    expect(readme.first_ttl_ms).toBeGreaterThan(590_000); // invalidated: 10 minutes
    expect(readme.first_ttl_ms).toBeLessThanOrEqual(600_000);
    expect(readme.second_ttl_ms).toBeGreaterThan(3_590_000); // active: one hour
    expect(report.wd_ttl_ms).toBeGreaterThan(259_190_000); // 72 hours
    expect(report.log_level).toBe('10');
    const status = report.status as { receivers: number[]; received: string[] };
    expect(status.received).toEqual(['started', 'status_line', 'progress', 'trigger', 'completed']);
    // The script's own subscriber and observe's.
    expect(status.receivers).toEqual([2, 2, 2, 2, 2]);
    expect(Object.values(report.timestamps as object)).toEqual([true, true, true, true, true]);
    expect(report.parsed).toEqual([
      ['lock.nodb_lock', { runid: 'busy-beaver', relpath: 'wepp.nodb' }],
      ['session.wd', { runid: 'busy-beaver' }],
    ]);
    expect(report.rejected_runids).toEqual(['Busy Beaver', 'a:b', '']);
    expect(report.preflight).toEqual({ events: ['hset busy-beaver'], loaded: true });
  });

  it('keyspec observe (with MONITOR) during it finds nothing, having seen the writes and the messages', () => {
    expect(observed.filter(notInfo)).toEqual([]);
    expect(seen?.events).toBeGreaterThan(30);
    expect(seen?.messages).toBeGreaterThanOrEqual(5);
    expect(seen?.commands).toBeGreaterThan(30);
    expect(seen?.keysJudged).toBeGreaterThan(5);
    console.log(`observe saw ${JSON.stringify(seen)}`);
  });

  it('keyspec check after it finds nothing (only the patterns the lifecycle never writes are noted, as info)', async () => {
    const res = await runCheck({ spec: SPEC, url: s.url, env: {}, sampleRate: 1 });
    expect(res.findings.filter(notInfo)).toEqual([]);
    expect(res.exitCode).toBe(0);
    const infos = [...new Set(res.findings.map((f) => f.id))];
    expect(infos).toEqual(['pattern.unseen']);
    const unseen = res.findings.map((f) => f.pattern).sort();
    for (const written of ['lock.run', 'session.wd', 'nodb_cache.nodb', 'readme.editor_lock', 'readme.editor_client', 'log_level.loglevel'])
      expect(unseen).not.toContain(written);
  }, 60_000);

  it('and check does see a write that bypasses the accessors (the raw client, no TTL): the zero above is earned', async () => {
    const r = runPython(
      toolchain!,
      'from weppcloud_keyspace import Keyspace, keys\nks = Keyspace()\nks.client("readme").set(keys.editor_lock_key("busy-beaver", "raw"), "0" * 32)\n',
      { pythonPath: join(root, 'generated', 'weppcloud', 'python'), env: { REDIS_URL: s.url } },
    );
    expect(r.status, r.stderr).toBe(0);
    const res = await runCheck({ spec: SPEC, url: s.url, env: {}, sampleRate: 1 });
    expect(res.findings.filter(notInfo).map((f) => [f.id, f.key])).toEqual([['key.ttl.missing', 'readme:lock:busy-beaver:raw']]);
  }, 60_000);
});
