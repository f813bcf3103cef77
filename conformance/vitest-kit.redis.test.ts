/** The Vitest kit, used as a user would: a conformance suite against a throwaway clean WEPPcloud keyspace. */
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRedis, type TestRedis } from '../testing/redis/throwaway-redis.ts';
import { loadWeppcloudFixture } from '../testing/fixtures/weppcloud-fixture.ts';
import { conformanceSuite, suiteCases } from './vitest.ts';

const root = join(import.meta.dirname, '..');
let server: TestRedis | undefined;

beforeAll(async () => {
  server = await startTestRedis({ config: { 'notify-keyspace-events': 'Kh' } });
  const r = new Redis(server.url);
  await loadWeppcloudFixture(r, { runs: 4 });
  // One known problem, excepted below.
  await r.select(15);
  await r.set('loglevel:excepted-run', '20', 'EX', 60);
  r.disconnect();
});
afterAll(async () => {
  await server?.stop();
});

conformanceSuite({
  spec: 'spec/weppcloud.yaml',
  cwd: root,
  sampleRate: 1,
  lazy: () => ({ url: server!.url }),
  exceptions: { 'key.ttl.forbidden@log_level.loglevel': 'one run keeps a temporary level' },
});

describe('suiteCases', () => {
  it('names tests by check id and pattern id, stably', () => {
    const groups = suiteCases('spec/weppcloud.yaml', root);
    expect(groups.map((g) => g.group)).toEqual([
      'server',
      'db 0 (lock)',
      'db 2 (status)',
      'db 9 (rq)',
      'db 11 (session)',
      'db 13 (nodb_cache)',
      'db 14 (readme)',
      'db 15 (log_level)',
    ]);
    expect(groups[0]!.cases.map((c) => c.name)).toEqual(['server.version', 'server.notify', 'db.undeclared']);
    const rq = groups.find((g) => g.group === 'db 9 (rq)')!.cases.map((c) => c.name);
    expect(rq).toContain('key.ttl.missing rq.rq.job');
    expect(rq).toContain('score.format rq.rq.finished_registry');
    expect(rq[0]).toBe('key.unmatched');
  });
});
