/**
 * Observe against a throwaway redis-server 7.0 with the redis8-app fixture: sharded channels are heard
 * with SSUBSCRIBE (their messages judged like any other), a PUBLISH on a sharded channel is
 * `channel.sharded`, a required subscriber of a sharded channel is counted with PUBSUB SHARDNUMSUB
 * (observe's own SSUBSCRIBE not counted), and the declared field TTLs are one unverifiable finding.
 */
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRedis, type TestRedis } from '../../testing/redis/throwaway-redis.ts';
import type { Finding } from '../findings/report.ts';
import { runObserve } from './run-observe.ts';

const root = join(import.meta.dirname, '..', '..');
const APP = join(root, 'testing', 'fixtures', 'redis8-app.yaml');

async function observeDuring(url: string, traffic: (r: Redis) => Promise<unknown>): Promise<Finding[]> {
  const controller = new AbortController();
  let done: Promise<unknown> = Promise.resolve();
  const r = new Redis(url);
  try {
    const res = await runObserve({
      spec: APP,
      url,
      env: {},
      durationSeconds: 30,
      settleMs: 150,
      signal: controller.signal,
      onReady: () => {
        done = traffic(r).finally(() => setTimeout(() => controller.abort(), 600));
      },
    });
    await done;
    return res.findings;
  } finally {
    r.disconnect();
  }
}

describe('observe and sharded pub/sub', () => {
  let s: TestRedis;
  beforeAll(async () => {
    s = await startTestRedis({ config: { 'notify-keyspace-events': 'KEA' } });
  });
  afterAll(async () => s?.stop());

  it('hears SPUBLISH on sharded channels and judges it; PUBLISH on one is channel.sharded', async () => {
    const seen: string[] = [];
    const findings = await observeDuring(s.url, async (r) => {
      seen.push(String(await r.call('PUBSUB', 'SHARDCHANNELS')));
      await r.spublish('room:{lobby}', 'anything goes');
      await r.spublish('lobby', 'say hello');
      await r.spublish('lobby', 'not a say message');
      await r.publish('lobby', 'say hi');
    });
    // observe SSUBSCRIBEd to the literal channel and the example of the templated one
    expect(seen[0]!.split(',').sort()).toEqual(['lobby', 'room:{attic}', 'room:{kitchen}', 'room:{lobby}']);
    const byId = (id: string) => findings.filter((f) => f.id === id);
    expect(byId('channel.message').map((f) => [f.channel, String(f.reproduce).replace(/^redis-cli -h \S+ -p \d+ /, '')])).toEqual([
      ['lobby', 'SSUBSCRIBE lobby'],
    ]);
    expect(byId('channel.sharded').map((f) => [f.channel, f.actual])).toEqual([['lobby', 'PUBLISH']]);
    expect(byId('channel.undeclared')).toEqual([]);
    // lobby requires subscribers and only observe itself listened: SHARDNUMSUB 1, less its own
    expect(byId('channel.subscribers').map((f) => [f.channel, String(f.reproduce).replace(/^redis-cli -h \S+ -p \d+ /, '')])).toEqual([
      ['lobby', 'PUBSUB SHARDNUMSUB lobby'],
    ]);
    expect(byId('hash.field.ttl.unverifiable')).toHaveLength(1);
  }, 40_000);

  it('a real SSUBSCRIBEr of a required sharded channel satisfies it', async () => {
    const listener = new Redis(s.url);
    await listener.ssubscribe('lobby');
    try {
      const findings = await observeDuring(s.url, async (r) => {
        await r.spublish('lobby', 'say hello');
      });
      expect(findings.filter((f) => f.id.startsWith('channel.'))).toEqual([]);
    } finally {
      listener.disconnect();
    }
  }, 40_000);
});
