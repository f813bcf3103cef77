/**
 * keyspec observe under load: a pipelined writer does SET ... EX on a declared pattern as fast as it
 * can (and at a paced 50,000 commands/s); observe must see every keyspace event (2 per SET EX: set and
 * expire) with no drops. The overhead on the server is the writer's throughput without an observer
 * against with one, in each mode (notifications; notifications + MONITOR), measured side by side.
 */
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { startEmbeddedRedis } from '../conformance/redis/embedded-redis.ts';
import { runObserve } from '../conformance/observe/run-observe.ts';
import { loadSpec, nodeHost } from '../spec/index.ts';
import type { BenchResult } from './measure.ts';

const N = 200_000;
const BATCH = 1000;

async function write(url: string, n: number, ratePerSec?: number, offset = 0): Promise<number> {
  const c = new Redis(`${url}/14`);
  const t0 = performance.now();
  for (let i = 0; i < n; i += BATCH) {
    const pl = c.pipeline();
    for (let j = i; j < Math.min(n, i + BATCH); j++)
      pl.set(`readme:lock:run-${offset + j}:cfg`, '0f8fad5bd9cb469fa16570867728950e', 'EX', 1800);
    await pl.exec();
    if (ratePerSec) {
      const ahead = ((i + BATCH) / ratePerSec) * 1000 - (performance.now() - t0);
      if (ahead > 0) await new Promise((r) => setTimeout(r, ahead));
    }
  }
  const secs = (performance.now() - t0) / 1000;
  c.disconnect();
  return n / secs;
}

export async function observeBenchmarks(): Promise<BenchResult[]> {
  const root = join(import.meta.dirname, '..');
  const spec = loadSpec(join(root, 'spec', 'weppcloud.yaml'), nodeHost(root)).spec!;
  const server = await startEmbeddedRedis({ config: { 'notify-keyspace-events': 'KEA' } });
  const results: BenchResult[] = [];
  try {
    let offset = 0;
    const baseline = await write(server.url, N, undefined, (offset += N));
    results.push({
      name: `writer alone: ${N} pipelined SET EX`,
      runs: 1,
      medianMs: (N / baseline) * 1000,
      minMs: (N / baseline) * 1000,
      extra: { ops_per_s: Math.round(baseline) },
    });
    for (const monitor of [false, true]) {
      for (const rate of [undefined, 50_000]) {
        const controller = new AbortController();
        let rateSeen = 0;
        const writerOffset = (offset += N);
        const result = await runObserve({
          spec,
          url: server.url,
          env: {},
          durationSeconds: 600,
          monitor,
          signal: controller.signal,
          onReady: () => {
            void write(server.url, N, rate, writerOffset).then((r) => {
              rateSeen = r;
              setTimeout(() => controller.abort(), 1000);
            });
          },
        });
        const o = result.report!.summary.observe!;
        const expected = N * 2;
        results.push({
          name: `observe (${monitor ? 'notifications + MONITOR' : 'notifications'}), writer ${rate ? 'paced at 50,000/s' : 'unpaced'}`,
          runs: 1,
          medianMs: (N / rateSeen) * 1000,
          minMs: (N / rateSeen) * 1000,
          extra: {
            writer_ops_per_s: Math.round(rateSeen),
            server_overhead: rate ? 'n/a (paced)' : `${((1 - rateSeen / baseline) * 100).toFixed(1)}% fewer writes/s`,
            events_seen: o.events - (monitor ? N : 0),
            events_expected: expected,
            dropped: Math.max(0, expected - (o.events - (monitor ? N : 0))),
            findings: result.findings.length,
          },
        });
      }
    }
  } finally {
    await server.stop();
  }
  return results;
}
