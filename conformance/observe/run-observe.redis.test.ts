/**
 * keyspec observe against real traffic: the reference WEPPcloud workload, clean and with each fault,
 * named writers through MONITOR, missing event classes, and a Redis restart mid-observation.
 */
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runWorkload, type Fault } from '../../testing/weppcloud/reference.ts';
import { loadSpec, nodeHost, type Spec } from '../../spec/index.ts';
import { startTestRedis, type TestRedis } from '../../testing/redis/throwaway-redis.ts';
import type { Finding } from '../findings/report.ts';
import { runObserve, type RunObserveOptions } from './run-observe.ts';
import { renderJsonReport } from '../reports/json.ts';
import { renderJunitReport } from '../reports/junit.ts';
import { renderMarkdownReport } from '../reports/markdown.ts';
import { validateJsonReport, validateJunit } from '../../testing/reports/report-fixtures.ts';

const root = join(import.meta.dirname, '..', '..');
const spec: Spec = loadSpec(join(root, 'spec', 'weppcloud.yaml'), nodeHost(root)).spec!;

/** Observes while `traffic` runs; observation starts before the traffic and ends after it settles. */
async function observeDuring(url: string, traffic: () => Promise<unknown>, extra: Partial<RunObserveOptions> = {}) {
  const controller = new AbortController();
  let trafficDone: Promise<unknown> = Promise.resolve();
  const result = runObserve({
    spec,
    url,
    env: {},
    durationSeconds: 60,
    settleMs: 150,
    signal: controller.signal,
    onReady: () => {
      trafficDone = traffic().finally(() => setTimeout(() => controller.abort(), 300));
    },
    ...extra,
  });
  const r = await result;
  await trafficDone;
  return r;
}

function ids(findings: Finding[]): string[] {
  return [...new Set(findings.map((f) => f.id))].sort();
}

describe('keyspec observe', () => {
  let server: TestRedis;
  beforeAll(async () => {
    // A superset of the spec's Kh, so that every write is visible.
    server = await startTestRedis({ config: { 'notify-keyspace-events': 'KEA' } });
  });
  afterAll(async () => server?.stop());

  it('finds nothing in the clean reference workload', async () => {
    const r = await observeDuring(server.url, () => runWorkload({ redisUrl: server.url, runs: 3, seed: 7 }));
    expect(r.findings.map((f) => `${f.id} ${f.key ?? f.channel} ${f.message}`)).toEqual([]);
    expect(r.exitCode).toBe(0);
    expect(r.summary.observe!.events).toBeGreaterThan(100);
    expect(r.summary.observe!.messages).toBeGreaterThan(10);
    expect(r.summary.observe!.keysJudged).toBeGreaterThan(20);
  });

  const faults: [Fault, string][] = [
    ['write-without-ttl', 'key.ttl.missing'],
    ['undeclared-channel', 'channel.undeclared'],
    ['wrong-type-write', 'key.type'],
    ['malformed-message', 'channel.message'],
    ['unknown-key', 'key.unmatched'],
  ];
  it.each(faults)('finds the %s fault as %s', async (fault, id) => {
    const seed = 100 + faults.findIndex(([f]) => f === fault);
    let injected: { key?: string; channel?: string }[] = [];
    const r = await observeDuring(server.url, async () => {
      const report = await runWorkload({ redisUrl: server.url, runs: 1, seed, faults: [fault] });
      injected = report.faults;
    });
    expect(injected.length).toBe(1);
    expect(ids(r.findings)).toEqual([id]);
    // The same reports as keyspec check: JSON valid against the schema, JUnit with a failing case for it.
    expect(validateJsonReport(renderJsonReport(r.report!))).toEqual([]);
    const xml = renderJunitReport(r.report!);
    expect(validateJunit(xml)).toEqual([]);
    expect(xml).toMatch(
      new RegExp(`<testcase classname="keyspec\\.weppcloud\\.observe" name="${id.replace(/\./g, '\\.')}[^"]*" time="0">\\s*<failure`),
    );
    expect(xml).toContain('failures="1"');
    expect(renderMarkdownReport(r.report!)).toContain('keyspec observe');
    const f = r.findings.find((x) => x.id === id)!;
    if (injected[0]!.key) expect(f.key).toBe(injected[0]!.key);
    if (injected[0]!.channel) expect(f.channel).toBe(injected[0]!.channel);
    expect(r.exitCode).toBe(1);
  });

  it('judges TTLs after the writes settle: SET then EXPIRE in one pipeline is fine, a lingering TTL-less key is not', async () => {
    const readme = new Redis(`${server.url}/14`);
    try {
      const r = await observeDuring(server.url, async () => {
        await readme
          .pipeline()
          .set('readme:lock:busy-beaver:cfg', '0f8fad5bd9cb469fa16570867728950e')
          .expire('readme:lock:busy-beaver:cfg', 1800)
          .exec();
        await readme.set('readme:lock:other-run:cfg', '0f8fad5bd9cb469fa16570867728950e');
        await readme.set('readme:lock:long-run:cfg', '0f8fad5bd9cb469fa16570867728950e', 'EX', 7200);
      });
      expect(r.findings.map((f) => `${f.id} ${f.key}`).sort()).toEqual([
        'key.ttl.missing readme:lock:other-run:cfg',
        'key.ttl.too-long readme:lock:long-run:cfg',
      ]);
    } finally {
      readme.disconnect();
    }
  });

  it('with --monitor, flags named clients that are not declared writers', async () => {
    const status = new Redis(`${server.url}/0`, { connectionName: 'status' });
    const web = new Redis(`${server.url}/0`, { connectionName: 'weppcloud' });
    const anon = new Redis(`${server.url}/0`);
    try {
      await status.ping();
      await web.ping();
      const r = await observeDuring(
        server.url,
        async () => {
          await web.hset('busy-beaver', 'timestamps:build_soils', '1732579200');
          await anon.hset('busy-beaver', 'timestamps:build_climate', '1732579200');
          await status.hset('busy-beaver', 'timestamps:fetch_dem', '1732579200');
        },
        { monitor: true },
      );
      expect(r.findings.map((f) => `${f.id} ${f.actual}`)).toEqual(['key.writer status']);
      expect(r.summary.observe!.commands).toBeGreaterThan(0);
    } finally {
      for (const c of [status, web, anon]) c.disconnect();
    }
  });
});

describe('keyspec observe on a server with only Kh', () => {
  let server: TestRedis;
  beforeAll(async () => {
    server = await startTestRedis({ config: { 'notify-keyspace-events': 'Kh' } });
  });
  afterAll(async () => server?.stop());

  it('says which event classes it cannot see (exit 4 when nothing else is wrong)', async () => {
    const r = await observeDuring(server.url, async () => {
      const c = new Redis(`${server.url}/0`);
      await c.hset('busy-beaver', 'attrs:loaded', 'true');
      c.disconnect();
    });
    expect(ids(r.findings)).toEqual(['observe.events.unverifiable']);
    expect(r.findings[0]!.message).toContain('string writes ($)');
    expect(r.summary.observe!.missedEventClasses).toEqual(['g', '$', 'l', 's', 'z', 'x', 't']);
    expect(r.summary.observe!.events).toBe(1);
    expect(r.exitCode).toBe(4);
  });
});

describe('keyspec observe across a Redis restart', () => {
  it('reconnects, keeps observing and reports the gap', async () => {
    let server = await startTestRedis({ config: { 'notify-keyspace-events': 'KEA' }, mode: 'local' });
    const port = server.port;
    try {
      const r = await observeDuring(server.url, async () => {
        await server.stop();
        server = await startTestRedis({ config: { 'notify-keyspace-events': 'KEA' }, mode: 'local', port });
        // Give the observer time to reconnect and resubscribe, then write something it must see.
        await new Promise((res) => setTimeout(res, 1500));
        const c = new Redis(`${server.url}/14`);
        await c.set('readme:lock:after-restart:cfg', '0f8fad5bd9cb469fa16570867728950e');
        c.disconnect();
      });
      expect(r.summary.observe!.gaps.length).toBe(1);
      expect(ids(r.findings)).toEqual(['key.ttl.missing', 'observe.gap']);
      expect(r.findings.find((f) => f.id === 'key.ttl.missing')!.key).toBe('readme:lock:after-restart:cfg');
    } finally {
      await server.stop();
    }
  });
});
