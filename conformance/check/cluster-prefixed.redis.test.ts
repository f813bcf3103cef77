/**
 * A spec deployed `prefixed` on a Redis Cluster (examples/cluster/weppcloud-cluster.yaml): every logical
 * database in DB 0 under its prefix, judged as such, with no `cluster.databases` finding (issue 12).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from './run-check.ts';
import { haveRedisCli, startTestCluster, type TestCluster } from '../../testing/redis/cluster.ts';

const SPEC = join(import.meta.dirname, '..', '..', 'examples', 'cluster', 'weppcloud-cluster.yaml');
const RUNS = 60;

describe.runIf(haveRedisCli)('a prefixed deployment on a cluster', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startTestCluster({ config: { 'notify-keyspace-events': 'Kh' } });
    const c = cluster.client();
    for (let i = 0; i < RUNS; i++) {
      const run = `run-${i}`;
      await c.hset(`lock:{${run}}`, 'timestamps:build_soils', '1732579200');
      await c.set(`lock:nodb-lock:{${run}}:wepp.nodb`, '{"owner": "w1"}', 'EX', 21600);
      await c.set(`readme:lock:{${run}}:cfg`, '0f8fad5bd9cb469fa16570867728950e', 'EX', 1800);
      await c.set(`loglevel:{${run}}`, '20');
    }
    await c.set('lock:legacy-thing', 'x');
    await c.set('loglevel:{run-x}', '20', 'EX', 60);
  }, 90_000);
  afterAll(async () => {
    await cluster?.stop();
  });

  it('judges every key under its database prefix in DB 0, and finds exactly what was planted', async () => {
    const res = await runCheck({ spec: SPEC, url: cluster.masters[0]!.url, sampleRate: 1 });
    const ids = res.findings.filter((f) => f.severity !== 'info').map((f) => `${f.id} ${f.key}`);
    expect(ids.sort()).toEqual(['key.ttl.forbidden loglevel:{run-x}', 'key.unmatched lock:legacy-thing']);
    expect(res.findings.some((f) => f.id === 'cluster.databases')).toBe(false);
    expect(res.summary.keys.scanned).toBe(RUNS * 4 + 2);
    expect(res.summary.databases.map((d) => [d.db, d.scanned])).toEqual([[0, RUNS * 4 + 2]]);
    const seen = Object.fromEntries(res.summary.patterns.map((p) => [p.pattern, p.seen]));
    expect(seen).toMatchObject({ 'lock.run': RUNS, 'lock.nodb_lock': RUNS, 'readme.editor_lock': RUNS, 'log_level.loglevel': RUNS + 1 });
  });
});
