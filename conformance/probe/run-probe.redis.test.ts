/**
 * `keyspec probe` against the reference WEPPcloud relays: each test has its own throwaway Redis and its
 * own services, and ends by proving that no probe key is left in any database.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeHost, type Spec } from '../../spec/index.ts';
import { freePort } from '../../testing/redis/throwaway-redis.ts';
import { loadCheckedSpec } from '../run/prepare-run.ts';
import { both, commandCalls, withStack } from '../../testing/weppcloud/probe-stack.ts';
import { validateJsonReport } from '../../testing/reports/report-fixtures.ts';
import { runProbe } from './run-probe.ts';

const root = join(import.meta.dirname, '..', '..');
const spec: Spec = loadCheckedSpec(join(root, 'spec', 'weppcloud.yaml'), nodeHost(root)).spec!;

// ---------------------------------------------------------------------------------------------
// Against the reference services

describe('runProbe', () => {
  it('the healthy reference services pass both probes (exit 0), and the scratch hash is gone afterwards', async () => {
    await withStack({}, async ({ redis, services, admin }) => {
      const before = Math.floor(Date.now() / 1000);
      const r = await runProbe({ spec: 'spec/weppcloud.yaml', cwd: root, url: redis.url, services: both(services) });
      expect(r.error).toBeUndefined();
      expect(r.findings).toEqual([]);
      expect(r.exitCode).toBe(0);
      expect(r.summary.status).toBe('conforms');
      expect(r.report?.mode).toBe('probe');
      expect(validateJsonReport(JSON.stringify(r.report))).toEqual([]);
      const probes = r.summary.probes!;
      expect(probes.map((p) => [p.service, p.probe, p.state])).toEqual([
        ['status', 'relays-status-messages', 'pass'],
        ['preflight', 'pushes-checklist-on-hash-change', 'pass'],
      ]);
      expect(probes[0]!.url).toBe(`${services.statusUrl}/keyspec-probe:wepp`);
      expect(probes[0]!.frame).toMatchObject({ type: 'status', data: expect.stringMatching(/^keyspec probe [0-9a-f]{12}$/) });
      // The judged frame is the one after the HSET (the greeting on connect has no timestamp at all).
      const frame = probes[1]!.frame as { type: string; last_modified?: number };
      expect(frame.type).toBe('preflight');
      expect(frame.last_modified).toBeGreaterThanOrEqual(before);
      // One atomic create of the scratch hash (EVAL, whose HSET is counted too) and one DEL, nothing else.
      const calls = await commandCalls(admin);
      expect(calls.eval).toBe(1);
      expect(calls.hset).toBe(1);
      expect(calls.del).toBe(1);
      expect(calls.publish).toBeGreaterThanOrEqual(1);
    });
  });

  it('finds the Redis through the spec env vars without --url', async () => {
    await withStack({}, async ({ redis, services }) => {
      const r = await runProbe({ spec, env: { REDIS_URL: `${redis.url}/5` }, services: [`status=${services.statusUrl}`] });
      expect(r.exitCode).toBe(0);
      expect(r.report?.target.url).toBe(redis.url.replace(/\/$/, ''));
    });
  });

  it("brokenRelay 'wrong-frame' → probe.frame.mismatch with expected vs actual (exit 1)", async () => {
    await withStack({ brokenRelay: 'wrong-frame' }, async ({ redis, services }) => {
      const r = await runProbe({ spec, url: redis.url, services: both(services), timeoutMs: 800 });
      expect(r.exitCode).toBe(1);
      expect(r.findings).toHaveLength(1);
      const f = r.findings[0]!;
      expect(f).toMatchObject({
        id: 'probe.frame.mismatch',
        severity: 'error',
        db: 2,
        key: null,
        channel: 'keyspec-probe:wepp',
        pattern: 'status.relays-status-messages',
      });
      const nonce = /keyspec probe ([0-9a-f]{12})/.exec(f.expected!)![1]!;
      expect(f.expected).toBe(`{"type":"status","data":"keyspec probe ${nonce}"}`);
      expect(f.actual).toBe(`{"type":"status","message":"keyspec probe ${nonce}"}`);
      expect(f.message).toContain('$.data: missing');
      expect(f.reproduce).toMatch(/^redis-cli -h 127\.0\.0\.1 -p \d+ -n 2 PUBLISH keyspec-probe:wepp 'keyspec probe [0-9a-f]{12}'$/);
      expect(r.summary.probes!.map((p) => p.state)).toEqual(['fail', 'pass']);
      expect(r.summary.probes![0]!.frame).toEqual({ type: 'status', message: `keyspec probe ${nonce}` });
    });
  });

  it("brokenRelay 'no-frame' → probe.frame.missing, heartbeats notwithstanding (exit 1)", async () => {
    await withStack({ brokenRelay: 'no-frame', pingIntervalMs: 150 }, async ({ redis, services }) => {
      const r = await runProbe({ spec, url: redis.url, services: [`status=${services.statusUrl}`], timeoutMs: 800 });
      expect(r.exitCode).toBe(1);
      expect(r.findings.map((f) => f.id)).toEqual(['probe.frame.missing']);
      const f = r.findings[0]!;
      expect(f.channel).toBe('keyspec-probe:wepp');
      expect(f.actual).toMatch(/^only heartbeats \(\{"type":"ping"\} x\d+\)$/);
      expect(f.message).toContain('no frame within 800 ms after PUBLISH keyspec-probe:wepp');
      expect(f.message).toMatch(/published \d+ times/);
      expect(r.summary.probes![0]!.state).toBe('fail');
    });
  });

  it('an unreachable service URL → probe.connect (exit 1), nothing written', async () => {
    await withStack({}, async ({ redis, admin }) => {
      const port = await freePort();
      const r = await runProbe({ spec, url: redis.url, services: [`status=ws://127.0.0.1:${port}`, `preflight=ws://127.0.0.1:${port}`] });
      expect(r.exitCode).toBe(1);
      expect(r.findings.map((f) => [f.id, f.pattern])).toEqual([
        ['probe.connect', 'preflight.pushes-checklist-on-hash-change'],
        ['probe.connect', 'status.relays-status-messages'],
      ]);
      expect(r.findings[0]!.message).toContain(`cannot open the WebSocket ws://127.0.0.1:${port}/keyspec-probe`);
      expect(r.findings[0]!.actual).toContain('ECONNREFUSED');
      const calls = await commandCalls(admin);
      expect(calls.publish ?? 0).toBe(0);
      expect(calls.eval ?? 0).toBe(0);
    });
  });

  it('a path the service rejects (HTTP 400) is probe.connect too', async () => {
    await withStack({}, async ({ redis, services }) => {
      // The preflight service only accepts /<runid>; the status contract's path has a ':'.
      const r = await runProbe({ spec, url: redis.url, services: [`status=${services.preflightUrl}/nested`] });
      expect(r.findings.map((f) => f.id)).toEqual(['probe.connect']);
      expect(r.findings[0]!.actual).toContain('400');
    });
  });

  it('an existing scratch key → probe.scratch.unverifiable (exit 4), and the key is left untouched', async () => {
    await withStack({}, async ({ redis, services, admin }) => {
      await admin.hset('keyspec-probe', { 'timestamps:build_soils': '1600000000', 'attrs:loaded': 'true' });
      await admin.expire('keyspec-probe', 3600);
      const before = await commandCalls(admin);
      const r = await runProbe({ spec, url: redis.url, services: both(services) });
      expect(r.exitCode).toBe(4);
      expect(r.summary.status).toBe('unverifiable');
      expect(r.findings).toHaveLength(1);
      expect(r.findings[0]).toMatchObject({
        id: 'probe.scratch.unverifiable',
        severity: 'warning',
        db: 0,
        key: 'keyspec-probe',
        channel: null,
        pattern: 'preflight.pushes-checklist-on-hash-change',
      });
      expect(r.findings[0]!.reproduce).toMatch(/^redis-cli -h 127\.0\.0\.1 -p \d+ EXISTS keyspec-probe$/);
      expect(r.summary.probes!.map((p) => p.state)).toEqual(['pass', 'unverifiable']);
      expect(await admin.hgetall('keyspec-probe')).toEqual({ 'timestamps:build_soils': '1600000000', 'attrs:loaded': 'true' });
      expect(await admin.ttl('keyspec-probe')).toBeGreaterThan(3590);
      const after = await commandCalls(admin);
      for (const cmd of ['hset', 'eval', 'del', 'expire', 'persist', 'hdel']) expect(after[cmd] ?? 0, cmd).toBe(before[cmd] ?? 0);
      await admin.del('keyspec-probe'); // the stack's own cleanup check looks for leftovers
    });
  });

  it('a refused trigger write (ACL) → probe.scratch.unverifiable (exit 4), the password never shown', async () => {
    await withStack({}, async ({ redis, services, admin }) => {
      // May read and subscribe, but neither PUBLISH nor EVAL nor HSET.
      await admin.call('ACL', 'SETUSER', 'reader', 'on', '>readerpass99', '~*', '&*', '+@read', '+@connection', '+subscribe');
      const url = redis.url.replace('redis://', 'redis://reader:readerpass99@');
      const r = await runProbe({ spec, url, services: both(services) });
      expect(r.exitCode).toBe(4);
      expect(r.findings.map((f) => [f.id, f.pattern])).toEqual([
        ['probe.scratch.unverifiable', 'preflight.pushes-checklist-on-hash-change'],
        ['probe.scratch.unverifiable', 'status.relays-status-messages'],
      ]);
      expect(r.findings[0]!.message).toMatch(/the trigger \(HSET keyspec-probe timestamps:build_soils \(db 0\)\) was refused: NOPERM/);
      expect(r.findings[1]!.message).toMatch(/the trigger \(PUBLISH keyspec-probe:wepp\) was refused: NOPERM/);
      expect(r.findings[1]!.reproduce).toMatch(/--user reader --askpass -n 2 PUBLISH keyspec-probe:wepp/);
      expect(r.report!.target.url).toMatch(/^redis:\/\/reader:\*\*\*@127\.0\.0\.1:\d+$/);
      expect(JSON.stringify(r.report)).not.toContain('readerpass99');
    });
  });

  it('exit 3 when Redis is unreachable, exit 2 on usage errors', async () => {
    const port = await freePort();
    const down = await runProbe({ spec, url: `redis://:topsecret99@127.0.0.1:${port}`, services: ['status=ws://127.0.0.1:1'] });
    expect(down.exitCode).toBe(3);
    expect(down.error).toContain(`cannot connect to redis://:***@127.0.0.1:${port}`);
    expect(down.error).not.toContain('topsecret99');
    const usage = async (o: Partial<Parameters<typeof runProbe>[0]>): Promise<string> => {
      const r = await runProbe({ spec, url: `redis://127.0.0.1:${port}`, services: [], ...o });
      expect(r.exitCode).toBe(2);
      return r.error ?? '';
    };
    expect(await usage({ services: ['nope=ws://h'] })).toContain("the spec declares no service 'nope'");
    expect(await usage({ services: ['weppcloud=ws://h'] })).toContain("service 'weppcloud' declares no contract");
    expect(await usage({ services: [] })).toContain('give at least one --service');
    expect(await usage({ services: ['status'] })).toContain('expected NAME=URL');
    expect(await usage({ services: ['status=ws://h'], timeoutMs: 0 })).toContain('--timeout');
    expect(await usage({ spec: 'spec/no-such.yaml', cwd: root, services: ['status=ws://h'] })).toContain('no-such.yaml');
    expect(await usage({ services: ['status=ws://h'], url: 'http://x' })).toContain('redis://');
  });

  it('service credentials never reach the report', async () => {
    await withStack({}, async ({ redis, services }) => {
      const url = services.statusUrl.replace('ws://', 'ws://probe:s3cretpass@');
      const r = await runProbe({ spec, url: redis.url, services: [`status=${url}`] });
      expect(r.exitCode).toBe(0);
      expect(r.summary.probes![0]!.url).toBe(`${services.statusUrl.replace('ws://', 'ws://probe:***@')}/keyspec-probe:wepp`);
      expect(JSON.stringify(r.report)).not.toContain('s3cretpass');
    });
  });
});
