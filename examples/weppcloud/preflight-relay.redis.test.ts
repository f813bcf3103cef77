import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeyspace, type Keyspace } from '../../generated/weppcloud/client.ts';
import { startPreflightRelay, type PreflightRelay } from './preflight-relay.ts';
import { startWeppcloudRedis, type TestRedis } from '../../testing/redis/throwaway-redis.ts';
import { waitFor } from '../../testing/wait.ts';
import { FrameClient, type Frame } from '../../testing/ws/frame-client.ts';

describe('preflight relay', () => {
  let redis: TestRedis;
  let relay: PreflightRelay;
  let ks: Keyspace;
  const clients: FrameClient[] = [];

  const connect = async (runid: string): Promise<FrameClient> => {
    const c = await FrameClient.connect(relay.urlFor(runid));
    clients.push(c);
    return c;
  };
  const checklistOf = (f: Frame): Record<string, boolean> => f.checklist as Record<string, boolean>;

  beforeAll(async () => {
    redis = await startWeppcloudRedis();
    relay = await startPreflightRelay({ redisUrl: redis.url, pingIntervalMs: 100, pongTimeoutMs: 400 });
    ks = createKeyspace({ url: redis.url });
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await relay?.stop();
    await ks?.quit();
    await redis?.stop();
  });

  // The relay PSUBSCRIBEs before it sends its first frame, so once that frame is in, every later
  // change to the hash is seen.
  it('pushes the checklist once on connect and again, recomputed, when a timestamp is set', async () => {
    const runid = 'busy-beaver';
    const prep = ks.lock.run({ runid });
    await prep.set({ 'attrs:loaded': true, 'attrs:has_sbs': false });
    await prep.setTimestamps('abstract_watershed', 1_700_000_100);
    await prep.setTimestamps('build_landuse', 1_700_000_110);

    const c = await connect(runid);
    const first = await c.waitForFrame((f) => f.type === 'preflight', 'the initial frame');
    expect(Object.keys(first)).toEqual(['type', 'checklist', 'lock_statuses', 'last_modified']);
    expect(checklistOf(first).landuse).toBe(true);
    expect(checklistOf(first).soils).toBe(false);
    expect(first.lock_statuses).toEqual({});
    expect(first.last_modified).toBe(1_700_000_110);

    await prep.setTimestamps('build_soils', 1_700_000_120);
    const second = await waitFor(() => c.of('preflight')[1], 'a recomputed frame');
    expect(checklistOf(second).soils).toBe(true);
    expect(second.last_modified).toBe(1_700_000_120);
  });

  it('reports lock statuses from the locked:<relpath> mirror fields', async () => {
    const runid = 'rlew-unwitting-cane';
    const c = await connect(runid);
    await c.waitForFrame((f) => f.type === 'preflight', 'the initial frame');
    await ks.lock.run({ runid }).setLocked('wepp.nodb', true);
    await ks.lock.run({ runid }).setLocked('_pups/omni/scenarios/undisturbed/wepp.nodb', false);
    await waitFor(() => c.of('preflight').find((f) => Object.keys(f.lock_statuses as object).length === 2), 'both locks');
    const last = c.of('preflight').at(-1)!;
    expect(last.lock_statuses).toEqual({ '_pups/omni/scenarios/undisturbed/wepp.nodb': false, 'wepp.nodb': true });
    expect('last_modified' in last).toBe(false);
  });

  it('does not resend an unchanged checklist', async () => {
    const runid = 'quiet-otter';
    await ks.lock.run({ runid }).setTimestamps('build_channels', 1_700_000_000);
    const c = await connect(runid);
    await c.waitForFrame((f) => f.type === 'preflight', 'the initial frame');
    await ks.lock.run({ runid }).setRq('build_channels_rq', '0f8fad5b-d9cb-469f-a165-70867728950e');
    await ks.lock.run({ runid }).setTimestamps('set_outlet', 1_700_000_050);
    await waitFor(() => c.of('preflight')[1], 'the outlet frame');
    expect(c.of('preflight')).toHaveLength(2);
    expect(checklistOf(c.of('preflight')[1]!).outlet).toBe(true);
  });

  it('serves batch run ids, heartbeats, and hangs up on a dead socket', async () => {
    const runid = 'batch;;spring-burns;;busy-beaver';
    await ks.lock.run({ runid }).set({ 'attrs:has_sbs': true });
    const c = await connect(runid);
    const first = await c.waitForFrame((f) => f.type === 'preflight', 'the initial frame');
    expect(checklistOf(first).sbs_map).toBe(true);
    await waitFor(() => (c.of('ping').length >= 2 ? true : undefined), 'pings');

    const silent = await FrameClient.connect(relay.urlFor('misty-ridge'), { autoPong: false });
    clients.push(silent);
    await silent.closed();
    expect(silent.frames.at(-1)).toEqual({ type: 'hangup' });
    expect(silent.closeCode).toBe(1000);
  });

  it('rejects bad run ids with HTTP 400', async () => {
    await expect(FrameClient.connect(`${relay.url}/busy beaver`)).rejects.toThrow(/400/);
    await expect(FrameClient.connect(`${relay.url}/busy-beaver:wepp`)).rejects.toThrow(/400/);
  });
});
