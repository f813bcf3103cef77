import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWeppcloudServices, type WeppcloudServices } from './services.ts';
import { numsub } from '../../testing/redis/pubsub.ts';
import { startWeppcloudRedis, type TestRedis } from '../../testing/redis/throwaway-redis.ts';
import { until, waitFor } from '../../testing/wait.ts';
import { FrameClient } from '../../testing/ws/frame-client.ts';
import { runWorkload, workloadRunIds } from './workload.ts';

describe('WEPPcloud services with the workload', () => {
  let redis: TestRedis;
  let admin: Redis;
  const running: WeppcloudServices[] = [];
  const clients: FrameClient[] = [];

  const start = async (brokenRelay?: 'wrong-frame' | 'no-frame'): Promise<WeppcloudServices> => {
    const s = await startWeppcloudServices({
      redisUrl: redis.url,
      pingIntervalMs: 100,
      pongTimeoutMs: 2000,
      ...(brokenRelay ? { brokenRelay } : {}),
    });
    running.push(s);
    return s;
  };
  const connect = async (url: string): Promise<FrameClient> => {
    const c = await FrameClient.connect(url);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    redis = await startWeppcloudRedis();
    admin = new Redis(redis.url);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await Promise.all(running.map((s) => s.stop()));
    admin?.disconnect();
    await redis?.stop();
  });

  it('a browser watching a run sees its status feed and its checklist fill in', async () => {
    const services = await start();
    const [runid] = workloadRunIds({ seed: 4, runs: 1 }).runids;
    const feed = await connect(`${services.statusUrl}/${runid}:wepp`);
    const preflight = await connect(`${services.preflightUrl}/${runid}`);
    await preflight.waitForFrame((f) => f.type === 'preflight', 'the initial checklist');
    await until(async () => (await numsub(admin, `${runid}:wepp`)) === 1, 'the status subscription');

    const report = await runWorkload({ redisUrl: redis.url, runs: 1, seed: 4 });
    expect(report.runids).toEqual([runid]);

    const wepp = report.jobs.find((j) => j.func === 'run_wepp_rq')!;
    await feed.waitForFrame((f) => f.data === `rq:${wepp.id} TRIGGER   wepp WEPP_RUN_TASK_COMPLETED`, 'the WEPP trigger');
    const data = feed.of('status').map((f) => f.data);
    expect(data).toContain(`rq:${wepp.id} STARTED run_wepp_rq(${runid})`);
    expect(data.some((d) => typeof d === 'string' && d.startsWith(`rq:${wepp.id} COMPLETED run_wepp_rq(${runid}) -> (True, `))).toBe(true);
    expect(data).toEqual(report.published.filter((p) => p.channel === `${runid}:wepp`).map((p) => p.message));

    const last = await preflight.waitForFrame(
      (f) =>
        f.type === 'preflight' &&
        (f.checklist as Record<string, boolean>).wepp === true &&
        (f.checklist as Record<string, boolean>).dss_export === true,
      'a checklist with WEPP and the DSS export done',
    );
    const checklist = last.checklist as Record<string, boolean>;
    for (const item of ['channels', 'outlet', 'subcatchments', 'landuse', 'soils', 'climate', 'wepp'])
      expect(checklist[item], item).toBe(true);
    // The NoDb lock mirror went true while WEPP ran, and back to false.
    const locks = preflight.of('preflight').map((f) => (f.lock_statuses as Record<string, boolean>)['wepp.nodb']);
    expect(locks).toContain(true);
    expect(locks.at(-1)).toBe(false);
  });

  it('brokenRelay "wrong-frame" sends {"type":"status","message":...}', async () => {
    const services = await start('wrong-frame');
    const c = await connect(`${services.statusUrl}/busy-beaver:wepp`);
    await until(async () => (await numsub(admin, 'busy-beaver:wepp')) >= 1, 'the subscription');
    await admin.publish('busy-beaver:wepp', 'Running hillslope 1 of 112');
    const f = await c.waitForFrame((x) => x.type === 'status', 'a status frame');
    expect(f).toEqual({ type: 'status', message: 'Running hillslope 1 of 112' });
  });

  it('brokenRelay "no-frame" subscribes but forwards nothing (heartbeats continue)', async () => {
    const services = await start('no-frame');
    const c = await connect(`${services.statusUrl}/quiet-heron:soils`);
    await until(async () => (await numsub(admin, 'quiet-heron:soils')) === 1, 'the subscription');
    await admin.publish('quiet-heron:soils', 'Building soils for 112 hillslopes');
    await waitFor(() => (c.of('ping').length >= 3 ? true : undefined), 'three pings');
    expect(c.of('status')).toEqual([]);
  });

  it('stop() hangs up on every socket of both relays', async () => {
    const services = await startWeppcloudServices({ redisUrl: redis.url });
    const a = await connect(`${services.statusUrl}/busy-beaver:wepp`);
    const b = await connect(`${services.preflightUrl}/busy-beaver`);
    await b.waitForFrame((f) => f.type === 'preflight', 'the initial checklist');
    await services.stop();
    await Promise.all([a.closed(), b.closed()]);
    expect(a.frames.at(-1)).toEqual({ type: 'hangup' });
    expect(b.frames.at(-1)).toEqual({ type: 'hangup' });
  });
});
