import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeyspace, type Keyspace } from '../../generated/weppcloud/client.ts';
import { startStatusRelay, type StatusRelay } from './status-relay.ts';
import { numsub } from '../../testing/redis/pubsub.ts';
import { startWeppcloudRedis, type TestRedis } from '../../testing/redis/throwaway-redis.ts';
import { until, waitFor } from '../../testing/wait.ts';
import { FrameClient } from '../../testing/ws/frame-client.ts';

const JOB = '0f8fad5b-d9cb-469f-a165-70867728950e';

describe('status relay', () => {
  let redis: TestRedis;
  let relay: StatusRelay;
  let ks: Keyspace;
  let admin: Redis;
  const clients: FrameClient[] = [];

  const connect = async (path: string, autoPong = true): Promise<FrameClient> => {
    const c = await FrameClient.connect(`${relay.url}/${path}`, { autoPong });
    clients.push(c);
    return c;
  };
  const subscribed = (channel: string, n = 1): Promise<void> =>
    until(async () => (await numsub(admin, channel)) === n, `${n} subscriber(s) on ${channel}`);

  beforeAll(async () => {
    redis = await startWeppcloudRedis();
    relay = await startStatusRelay({ redisUrl: redis.url, pingIntervalMs: 100, pongTimeoutMs: 400, writeTimeoutMs: 500 });
    ks = createKeyspace({ url: redis.url });
    admin = new Redis(redis.url);
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await relay?.stop();
    await ks?.quit();
    admin?.disconnect();
    await redis?.stop();
  });

  it('relays a published message as {"type":"status","data":...}, only from the channel asked for', async () => {
    const c = await connect('busy-beaver:wepp');
    await subscribed('busy-beaver:wepp');
    await ks.channels.status.publish({ runid: 'busy-beaver', channel: 'soils' }, { name: 'progress', text: 'not for this socket' });
    await ks.channels.status.publish(
      { runid: 'busy-beaver', channel: 'wepp' },
      { name: 'started', job_id: JOB, func: 'run_wepp_rq', args: 'busy-beaver' },
    );
    await ks.channels.status.publish(
      { runid: 'busy-beaver', channel: 'wepp' },
      { name: 'trigger', job_id: JOB, controller: 'wepp', event: 'WEPP_RUN_TASK_COMPLETED' },
    );
    await ks.channels.status.publish(
      { runid: 'busy-beaver', channel: 'wepp' },
      { name: 'progress', text: 'Running hillslope 17 of 112 — ünïcode "quoted"' },
    );
    await waitFor(() => (c.of('status').length >= 3 ? true : undefined), 'three status frames');
    const status = c.of('status');
    expect(status).toEqual([
      { type: 'status', data: `rq:${JOB} STARTED run_wepp_rq(busy-beaver)` },
      { type: 'status', data: `rq:${JOB} TRIGGER   wepp WEPP_RUN_TASK_COMPLETED` },
      { type: 'status', data: 'Running hillslope 17 of 112 — ünïcode "quoted"' },
    ]);
    for (const f of status) expect(Object.keys(f)).toEqual(['type', 'data']);
  });

  it('relays batch channels and channels the real service accepts beyond the spec', async () => {
    const batch = await connect('spring-burns:batch');
    const odd = await connect('Busy-Beaver:wepp.v2');
    await subscribed('spring-burns:batch');
    await subscribed('Busy-Beaver:wepp.v2');
    await admin.publish('spring-burns:batch', `rq:${JOB} STARTED run_batch_rq(spring-burns)`);
    await admin.publish('Busy-Beaver:wepp.v2', 'hello');
    await batch.waitForFrame((f) => f.type === 'status', 'batch frame');
    await odd.waitForFrame((f) => f.type === 'status', 'odd-channel frame');
    expect(batch.of('status')).toEqual([{ type: 'status', data: `rq:${JOB} STARTED run_batch_rq(spring-burns)` }]);
    expect(odd.of('status')).toEqual([{ type: 'status', data: 'hello' }]);
  });

  it('holds one subscription (on its own connection) per socket, and releases it on close', async () => {
    const a = await connect('quiet-heron:climate');
    const b = await connect('quiet-heron:climate');
    await subscribed('quiet-heron:climate', 2);
    const list = String(await admin.client('LIST'));
    expect(list.split('\n').filter((l) => / name=status /.test(l) && / sub=1 /.test(l)).length).toBeGreaterThanOrEqual(2);
    await a.close();
    await subscribed('quiet-heron:climate', 1);
    await admin.publish('quiet-heron:climate', 'still here');
    await b.waitForFrame((f) => f.data === 'still here', 'frame on the remaining socket');
    await b.close();
    await subscribed('quiet-heron:climate', 0);
  });

  it('sends {"type":"ping"} heartbeats and keeps a socket that answers with pong', async () => {
    const c = await connect('amber-otter:wepp');
    await new Promise((r) => setTimeout(r, 700)); // longer than the 400 ms pong timeout
    expect(c.of('ping').length).toBeGreaterThanOrEqual(4);
    expect(c.isClosed).toBe(false);
    for (const p of c.of('ping')) expect(p).toEqual({ type: 'ping' });
  });

  it('drops a socket that never answers: {"type":"hangup"}, close 1000, subscription released', async () => {
    const c = await connect('misty-ridge:wepp', false);
    await subscribed('misty-ridge:wepp');
    await c.closed();
    expect(c.closeCode).toBe(1000);
    const last = c.frames[c.frames.length - 1];
    expect(last).toEqual({ type: 'hangup' });
    expect(c.of('ping').length).toBeGreaterThanOrEqual(3);
    await subscribed('misty-ridge:wepp', 0);
  });

  it('an init frame (any case) also counts as a sign of life', async () => {
    const c = await connect('lucky-delta:wepp', false);
    const timer = setInterval(() => c.ws.send('{"type":"INIT"}'), 50);
    try {
      await new Promise((r) => setTimeout(r, 700));
      expect(c.isClosed).toBe(false);
    } finally {
      clearInterval(timer);
    }
  });

  it('answers /health and rejects bad paths like the real service', async () => {
    const base = relay.url.replace(/^ws/, 'http');
    const health = await fetch(`${base}/health`);
    expect(health.status).toBe(200);
    expect(await health.text()).toBe('OK');
    expect((await fetch(`${base}/`)).status).toBe(404);
    expect((await fetch(`${base}/no-channel-here`)).status).toBe(400);
    await expect(FrameClient.connect(`${relay.url}/bad path:wepp`)).rejects.toThrow(/400/);
    await expect(FrameClient.connect(`${relay.url}/runid-without-channel`)).rejects.toThrow(/400/);
  });

  it('hangs up every open socket when it stops', async () => {
    const own = await startStatusRelay({ redisUrl: redis.url, pingIntervalMs: 1000 });
    const c = await FrameClient.connect(`${own.url}/rapid-cedar:wepp`);
    clients.push(c);
    await subscribed('rapid-cedar:wepp');
    await own.stop();
    await c.closed();
    expect(c.frames[c.frames.length - 1]).toEqual({ type: 'hangup' });
    expect(c.closeCode).toBe(1000);
    await subscribed('rapid-cedar:wepp', 0);
    expect(own.connections()).toBe(0);
  });
});
