/**
 * `keyspec probe` on a sharded channel, against a throwaway redis-server 7.0 and a small relay that
 * SSUBSCRIBEs: the plan's trigger is SPUBLISH, the probe publishes with SPUBLISH (never PUBLISH) and
 * passes; a relay that SUBSCRIBEs (plain pub/sub) never hears it, so the probe fails.
 */
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { WebSocketServer } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeHost } from '../../spec/index.ts';
import { startTestRedis, type TestRedis } from '../../testing/redis/throwaway-redis.ts';
import { loadCheckedSpec } from '../run/prepare-run.ts';
import { planProbes, triggerArgs } from './plan.ts';
import { runProbe } from './run-probe.ts';

const root = join(import.meta.dirname, '..', '..');
const APP = join(root, 'testing', 'fixtures', 'redis8-app.yaml');

/** A relay: a WebSocket at `/<room>` gets `{type: 'say', data}` for each message on `room:{<room>}`. */
async function relay(url: string, sharded: boolean): Promise<{ url: string; close(): Promise<void> }> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  const subs: Redis[] = [];
  wss.on('connection', (ws, req) => {
    const room = (req.url ?? '/').slice(1);
    const sub = new Redis(url);
    subs.push(sub);
    const channel = `room:{${room}}`;
    sub.on(sharded ? 'smessage' : 'message', (_c: string, m: string) => ws.send(JSON.stringify({ type: 'say', data: m })));
    void (sharded ? sub.ssubscribe(channel) : sub.subscribe(channel));
    ws.on('close', () => sub.disconnect());
  });
  await new Promise<void>((res) => wss.once('listening', () => res()));
  const { port } = wss.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    close: async () => {
      for (const s of subs) s.disconnect();
      await new Promise<void>((res) => wss.close(() => res()));
    },
  };
}

let s: TestRedis;
let admin: Redis;
beforeAll(async () => {
  s = await startTestRedis();
  admin = new Redis(s.url);
});
afterAll(async () => {
  admin?.disconnect();
  await s?.stop();
});

const calls = async (name: string): Promise<number> =>
  Number(new RegExp(`cmdstat_${name}:calls=(\\d+)`).exec(await admin.info('commandstats'))?.[1] ?? 0);

describe('probe on a sharded channel', () => {
  it('plans SPUBLISH', () => {
    const spec = loadCheckedSpec(APP, nodeHost(root)).spec!;
    const [plan] = planProbes(spec, [{ name: 'chat', url: 'ws://h' }], { nonce: 'n1', now: 0 });
    expect(plan!.trigger).toMatchObject({ kind: 'publish', channel: 'room:{keyspec-probe}', sharded: true });
    expect(triggerArgs(plan!.trigger)).toEqual(['SPUBLISH', 'room:{keyspec-probe}', 'keyspec probe n1']);
  });

  it('a relay that SSUBSCRIBEs passes, and the probe used SPUBLISH only', async () => {
    const r = await relay(s.url, true);
    try {
      const before = [await calls('spublish'), await calls('publish')];
      const res = await runProbe({ spec: APP, cwd: root, url: s.url, services: [`chat=${r.url}`] });
      expect(res.findings).toEqual([]);
      expect(res.exitCode).toBe(0);
      const after = [await calls('spublish'), await calls('publish')];
      expect(after[0]! - before[0]!).toBeGreaterThanOrEqual(1);
      expect(after[1]! - before[1]!).toBe(0);
    } finally {
      await r.close();
    }
  });

  it('a relay that SUBSCRIBEs (plain pub/sub) never hears an SPUBLISH: probe.frame.missing', async () => {
    const r = await relay(s.url, false);
    try {
      const res = await runProbe({ spec: APP, cwd: root, url: s.url, services: [`chat=${r.url}`], timeoutMs: 600 });
      expect(res.findings.map((f) => f.id)).toEqual(['probe.frame.missing']);
      expect(res.findings[0]!.reproduce).toMatch(/SPUBLISH 'room:\{keyspec-probe\}' 'keyspec probe [0-9a-f]+'$/);
      expect(res.exitCode).toBe(1);
    } finally {
      await r.close();
    }
  });
});
