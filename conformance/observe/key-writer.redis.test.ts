/**
 * `key.writer` through MONITOR against a real redis-server: a write is judged against the name its
 * connection had at that point of the MONITOR stream (CLIENT SETNAME, HELLO SETNAME, SETNAME inside
 * MULTI, a connection renaming itself, a script's writes), every run, never by a racing CLIENT LIST.
 */
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSpec, nodeHost, type Spec } from '../../spec/index.ts';
import { startTestRedis, type TestRedis } from '../../testing/redis/throwaway-redis.ts';
import { OwnedRedis, sleep } from '../../testing/redis/faults.ts';
import type { Finding } from '../findings/report.ts';
import { runObserve } from './run-observe.ts';

const root = join(import.meta.dirname, '..', '..');
const spec: Spec = loadSpec(join(root, 'spec', 'weppcloud.yaml'), nodeHost(root)).spec!;

/** Observes (with MONITOR) while `traffic` runs; ends shortly after it. */
async function observeDuring(url: string, traffic: () => Promise<unknown>) {
  const controller = new AbortController();
  let trafficDone: Promise<unknown> = Promise.resolve();
  const r = await runObserve({
    spec,
    url,
    env: {},
    durationSeconds: 30,
    settleMs: 100,
    monitor: true,
    signal: controller.signal,
    onReady: () => {
      trafficDone = traffic().finally(() => setTimeout(() => controller.abort(), 200));
    },
  });
  await trafficDone;
  return r;
}

function writerFindings(findings: Finding[]): string[] {
  return findings
    .filter((f) => f.id === 'key.writer')
    .map((f) => `${f.key} ${f.actual}`)
    .sort();
}

/** A fresh unnamed connection, ready before the traffic starts. */
async function client(url: string): Promise<Redis> {
  const c = new Redis(`${url}/0`, { lazyConnect: true });
  await c.connect();
  return c;
}

describe('key.writer in MONITOR stream order', () => {
  let server: TestRedis;
  beforeAll(async () => {
    server = await startTestRedis({ config: { 'notify-keyspace-events': 'KEA' } });
  });
  afterAll(async () => server?.stop());

  it('a SETNAME then an immediate write by an undeclared writer: exactly one finding, 10 runs of 10', { timeout: 90_000 }, async () => {
    const found: string[][] = [];
    for (let i = 0; i < 10; i++) {
      const key = `rep-${i}`;
      const r = await observeDuring(server.url, async () => {
        // The connection is opened (and named) while observe runs: only the MONITOR stream knows its name.
        const c = await client(server.url);
        try {
          await c.pipeline().client('SETNAME', 'wrong-writer').hset(key, 'timestamps:build_soils', '1732579200').exec();
        } finally {
          c.disconnect();
        }
      });
      found.push(writerFindings(r.findings));
    }
    expect(found).toEqual(Array.from({ length: 10 }, (_, i) => [`rep-${i} wrong-writer`]));
  });

  it('an allowed writer, and unnamed clients, give none', { timeout: 30_000 }, async () => {
    const r = await observeDuring(server.url, async () => {
      const web = await client(server.url);
      const anon = await client(server.url);
      try {
        await web.pipeline().client('SETNAME', 'weppcloud').hset('allowed-run', 'timestamps:build_soils', '1732579200').exec();
        await anon.hset('anon-run', 'timestamps:build_soils', '1732579200');
      } finally {
        web.disconnect();
        anon.disconnect();
      }
    });
    expect(writerFindings(r.findings)).toEqual([]);
    expect(r.summary.observe!.commands).toBeGreaterThan(0);
  });

  it('a connection that renames itself between writes is judged by its name at each write', { timeout: 30_000 }, async () => {
    const r = await observeDuring(server.url, async () => {
      const c = await client(server.url);
      try {
        await c
          .pipeline()
          .client('SETNAME', 'weppcloud')
          .hset('rename-a', 'timestamps:build_soils', '1732579200')
          .client('SETNAME', 'status')
          .hset('rename-b', 'timestamps:build_soils', '1732579200')
          .client('SETNAME', 'weppcloud')
          .hset('rename-c', 'timestamps:build_soils', '1732579200')
          // Redis refuses this name (it is still MONITORed): the connection stays `weppcloud`.
          .client('SETNAME', 'bad name')
          .hset('rename-d', 'timestamps:build_soils', '1732579200')
          .client('SETNAME', '')
          .hset('rename-e', 'timestamps:build_soils', '1732579200')
          .exec();
      } finally {
        c.disconnect();
      }
    });
    expect(writerFindings(r.findings)).toEqual(['rename-b status']);
  });

  it('names from HELLO SETNAME and from CLIENT SETNAME inside MULTI, and the writes of scripts', { timeout: 30_000 }, async () => {
    const r = await observeDuring(server.url, async () => {
      const hello = await client(server.url);
      const multi = await client(server.url);
      const script = await client(server.url);
      const allowedScript = await client(server.url);
      try {
        await hello.call('HELLO', '2', 'SETNAME', 'hello-writer');
        await hello.hset('hello-run', 'timestamps:build_soils', '1732579200');
        await multi.multi().client('SETNAME', 'multi-writer').hset('multi-run', 'timestamps:build_soils', '1732579200').exec();
        const lua = "redis.call('HSET', KEYS[1], 'timestamps:build_soils', '1732579200'); return 1";
        await script.client('SETNAME', 'script-writer');
        await allowedScript.client('SETNAME', 'weppcloud');
        await Promise.all([script.eval(lua, 1, 'script-run'), allowedScript.eval(lua, 1, 'allowed-script-run')]);
      } finally {
        for (const c of [hello, multi, script, allowedScript]) c.disconnect();
      }
    });
    expect(writerFindings(r.findings)).toEqual(['hello-run hello-writer', 'multi-run multi-writer', 'script-run script-writer']);
  });

  it('a key with quotes, backslashes and non-ASCII bytes is the same key in MONITOR as in notifications', { timeout: 30_000 }, async () => {
    const odd = 'odd"key\\\u00e9 " "x';
    const r = await observeDuring(server.url, async () => {
      const c = await client(server.url);
      try {
        await c.pipeline().client('SETNAME', 'wrong-writer').set(odd, 'v').exec();
      } finally {
        c.disconnect();
      }
    });
    expect(r.findings.filter((f) => f.id === 'key.unmatched').map((f) => f.key)).toEqual([odd]);
  });

  it('clients named before observe started keep their names (the CLIENT LIST taken before MONITOR)', { timeout: 30_000 }, async () => {
    const status = new Redis(`${server.url}/0`, { connectionName: 'status' });
    const web = new Redis(`${server.url}/0`, { connectionName: 'weppcloud' });
    try {
      await status.ping();
      await web.ping();
      const r = await observeDuring(server.url, async () => {
        await status.hset('early-status', 'timestamps:build_soils', '1732579200');
        await web.hset('early-web', 'timestamps:build_soils', '1732579200');
      });
      expect(writerFindings(r.findings)).toEqual(['early-status status']);
    } finally {
      status.disconnect();
      web.disconnect();
    }
  });
});

describe('key.writer after a Redis restart mid-observation', () => {
  it('names are learnt again from the new MONITOR stream', { timeout: 60_000 }, async () => {
    const server = await OwnedRedis.start({ 'notify-keyspace-events': 'KEA' });
    try {
      const r = await observeDuring(server.url, async () => {
        const before = await client(server.url);
        try {
          await before.pipeline().client('SETNAME', 'status').hset('before-restart', 'timestamps:build_soils', '1').exec();
        } finally {
          before.disconnect();
        }
        await server.restart();
        // Wait until observe's MONITOR is back (a client with the O flag).
        const probe = new Redis(`${server.url}/0`, { lazyConnect: true });
        try {
          await probe.connect();
          const deadline = Date.now() + 20_000;
          while (!/flags=O/.test(String(await probe.client('LIST'))) && Date.now() < deadline) await sleep(100);
          await sleep(200);
        } finally {
          probe.disconnect();
        }
        const after = await client(server.url);
        try {
          await after.pipeline().client('SETNAME', 'wrong-writer').hset('after-restart', 'timestamps:build_soils', '1').exec();
        } finally {
          after.disconnect();
        }
      });
      expect(writerFindings(r.findings)).toEqual(['after-restart wrong-writer', 'before-restart status']);
    } finally {
      await server.stop();
    }
  });
});
