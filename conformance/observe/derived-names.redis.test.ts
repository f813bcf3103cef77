/**
 * Issue 13, item 8, end to end with MONITOR against a real redis-server: BullMQ-style connection names
 * `q:<base64(queue)>` attribute writes (also a script's, MONITOR's `[3 lua]` lines) to the worker of a
 * declared queue; another name, or a script run by a client that is not a writer, is `key.writer`.
 */
import { dirname, join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSpec, nodeHost, type Spec } from '../../spec/index.ts';
import { startTestRedis, type TestRedis } from '../../testing/redis/throwaway-redis.ts';
import { runObserve } from './run-observe.ts';

const APP = join(import.meta.dirname, '..', '..', 'testing', 'fixtures', 'queue-constructs', 'queue-app.yaml');
const spec: Spec = loadSpec(APP, nodeHost(dirname(APP))).spec!;
const b64 = (s: string): string => Buffer.from(s).toString('base64');

let server: TestRedis;
beforeAll(async () => {
  server = await startTestRedis({ config: { 'notify-keyspace-events': 'KEA' } });
});
afterAll(async () => server?.stop());

async function named(name: string): Promise<Redis> {
  const c = new Redis(`${server.url}/3`, { lazyConnect: true, connectionName: name });
  await c.connect();
  return c;
}

describe('key.writer by derived client names and scripts (MONITOR)', () => {
  it('attributes encoded names and their scripts to the worker, and reports the others', { timeout: 60_000 }, async () => {
    const controller = new AbortController();
    let traffic: Promise<unknown> = Promise.resolve();
    const lua = "redis.call('RPUSH', KEYS[1], ARGV[1]); return 1";
    const r = await runObserve({
      spec,
      url: server.url,
      env: {},
      durationSeconds: 30,
      settleMs: 100,
      monitor: true,
      signal: controller.signal,
      onReady: () => {
        traffic = (async () => {
          const mail = await named(`q:${b64('mail')}`);
          const m4 = await named(`q:${b64('m4')}`);
          const other = await named(`q:${b64('other')}`);
          const web = await named('web');
          try {
            await mail.rpush('q:mail:wait', '1');
            await m4.eval(lua, 1, 'q:m4:wait', '2');
            await other.rpush('q:mail:wait', '3');
            await web.eval(lua, 1, 'q:m4:wait', '4');
          } finally {
            for (const c of [mail, m4, other, web]) c.disconnect();
          }
        })().finally(() => setTimeout(() => controller.abort(), 300));
      },
    });
    await traffic;
    const writers = r.findings
      .filter((f) => f.id === 'key.writer')
      .map((f) => f.message)
      .sort();
    expect(writers).toEqual([
      expect.stringMatching(
        /^a Lua script run by client 'web' \(\S+\) ran RPUSH on "q:m4:wait", but is not a declared writer of jobs\.queue\.wait/,
      ),
      expect.stringMatching(new RegExp(`^client 'q:${b64('other')}' \\(\\S+\\) ran RPUSH on "q:mail:wait", but is not a declared writer`)),
    ]);
  });
});
