import { Redis } from 'ioredis';
import { startTestRedis } from '../testing/redis/throwaway-redis.ts';
import { loadWeppcloudFixture } from '../testing/fixtures/weppcloud-fixture.ts';
import { runInfer } from './run-infer.ts';

const r = await startTestRedis();
try {
  const c = new Redis(r.url);
  await loadWeppcloudFixture(c, { runs: 60, jobsPerStatus: 3, sessions: 30, seed: 3, now: Date.now() });
  c.disconnect();
  const t = performance.now();
  const res = await runInfer({ url: r.url });
  console.log(res.text);
  console.log(res.diagnostics.map((d) => `${d.id} ${d.message}`).join('\n'));
  console.log(res.exitCode, res.error, JSON.stringify(res.summary), performance.now() - t);
} finally {
  await r.stop();
}
