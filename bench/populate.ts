/**
 * Seeded, fast population of a WEPPcloud-shaped keyspace of any size for the conformance benchmark:
 * ~30% python-rq keys (DB 9), ~25% Flask sessions (DB 11), the rest per-run state spread over DBs 0, 11,
 * 13, 14 and 15, all built by conformance/testing/weppcloud-fixture.ts. Keys are streamed into pipelines
 * (never all held in memory). Only ever point it at a throwaway server.
 *
 *   npx tsx bench/populate.ts redis://127.0.0.1:6390 1000000 [seed]
 */
import { Redis } from 'ioredis';
import { WeppcloudFixture, writeFixture, type FixtureKey } from '../conformance/testing/weppcloud-fixture.ts';

/** The keys of a WEPPcloud-shaped keyspace of about `total` keys. */
export function* weppcloudShaped(total: number, seed = 1, now = Date.now()): Generator<FixtureKey> {
  const f = new WeppcloudFixture({ seed, now });
  let n = 0;
  // python-rq: ~36 keys per job-per-status step (both queues, every status, results, dependency sets).
  const jobsPerStatus = Math.max(1, Math.round((total * 0.3) / 36));
  const runIds = Array.from({ length: 50 }, (_x, i) => f.runid(i));
  for (const k of f.rq(jobsPerStatus, runIds)) {
    yield k;
    n++;
  }
  const sessions = Math.round(total * 0.25);
  for (let s = 0; s < sessions && n < total; s++, n++) yield f.session();
  for (let i = 0; n < total; i++) {
    for (const k of f.run(i)) {
      if (n++ >= total) return;
      yield k;
    }
    for (const k of f.runCaches(i)) {
      if (n++ >= total) return;
      yield k;
    }
  }
}

export async function populate(url: string, total: number, seed = 1): Promise<{ keys: number; ms: number }> {
  const redis = new Redis(url, { enableAutoPipelining: false, maxRetriesPerRequest: 2 });
  try {
    const t = performance.now();
    const { keys } = await writeFixture(redis, weppcloudShaped(total, seed), 2000);
    return { keys, ms: performance.now() - t };
  } finally {
    redis.disconnect();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [url, total, seed] = process.argv.slice(2);
  if (!url || !total) {
    console.error('usage: tsx bench/populate.ts <redis-url> <keys> [seed]');
    process.exit(2);
  }
  const r = await populate(url, Number(total), Number(seed ?? 1));
  console.log(`${r.keys} keys in ${(r.ms / 1000).toFixed(1)} s`);
}
