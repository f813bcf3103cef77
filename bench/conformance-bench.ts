/**
 * Conformance benchmarks (`npm run bench conformance`): on a throwaway redis-server holding a seeded
 * WEPPcloud-shaped keyspace (bench/populate.ts), the full check (pattern + type + TTL on every key)
 * against a bare ioredis SCAN loop (COUNT 1000) over the same databases, measured alternately in the
 * same run, and `redis-cli --bigkeys` on the same data. Peak RSS of the check is measured in a child
 * process at 1M and 3M keys. Sizes: KEYSPEC_BENCH_KEYS (default 1000000) and KEYSPEC_BENCH_KEYS_LARGE
 * (default 3000000; 0 skips it).
 */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { startEmbeddedRedis } from '../conformance/redis/embedded-redis.ts';
import { runCheck } from '../conformance/check/run-check.ts';
import { populate } from './populate.ts';
import type { BenchResult } from './measure.ts';

const root = join(import.meta.dirname, '..');
const SPEC = join(root, 'spec', 'weppcloud.yaml');

async function bareScan(url: string, dbs: number[]): Promise<number> {
  const r = new Redis(url);
  let n = 0;
  try {
    for (const db of dbs) {
      await r.select(db);
      let c = '0';
      do {
        const [next, keys] = await r.scan(c, 'COUNT', 1000);
        c = next;
        n += keys.length;
      } while (c !== '0');
    }
  } finally {
    r.disconnect();
  }
  return n;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Peak RSS (MB) of a child process that runs only the check. */
function checkRss(url: string, sampleRate: number): Promise<{ rssMb: number; ms: number; keys: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(root, 'bench', 'conformance-bench.ts'), '--child', url, String(sampleRate)],
      { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.on('exit', (code) => {
      try {
        if (code !== 0) throw new Error(`child exited ${code}`);
        resolve(JSON.parse(out.trim().split('\n').pop()!) as { rssMb: number; ms: number; keys: number });
      } catch (e) {
        reject(e);
      }
    });
  });
}

async function child(url: string, sampleRate: number): Promise<void> {
  const t = performance.now();
  const r = await runCheck({ spec: SPEC, url, sampleRate });
  const ms = performance.now() - t;
  // maxRSS is in kilobytes.
  process.stdout.write(
    JSON.stringify({ rssMb: Math.round(process.resourceUsage().maxRSS / 1024), ms: Math.round(ms), keys: r.summary.keys.scanned }) + '\n',
  );
}

export async function conformanceBenchmarks(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const total = Number(process.env.KEYSPEC_BENCH_KEYS ?? 1_000_000);
  const large = Number(process.env.KEYSPEC_BENCH_KEYS_LARGE ?? 3_000_000);
  const server = await startEmbeddedRedis({ mode: 'local', config: { 'notify-keyspace-events': 'Kh' } });
  try {
    const pop = await populate(server.url, total, 1);
    results.push({
      name: `populate ${total.toLocaleString('en-US')} WEPPcloud-shaped keys (bench/populate.ts, pipelined)`,
      runs: 1,
      medianMs: pop.ms,
      minMs: pop.ms,
    });
    const dbs = [0, 9, 11, 13, 14, 15];
    const bare: number[] = [];
    const full: number[] = [];
    const sampled: number[] = [];
    let scanned = 0;
    // Warm-up, then alternate so that drift on a shared machine hits both alike.
    await bareScan(server.url, dbs);
    await runCheck({ spec: SPEC, url: server.url, sampleRate: 0, minSamples: 0 });
    for (let i = 0; i < 3; i++) {
      let t = performance.now();
      await bareScan(server.url, dbs);
      bare.push(performance.now() - t);
      t = performance.now();
      const r = await runCheck({ spec: SPEC, url: server.url, sampleRate: 0, minSamples: 0 });
      full.push(performance.now() - t);
      scanned = r.summary.keys.scanned;
      t = performance.now();
      await runCheck({ spec: SPEC, url: server.url });
      sampled.push(performance.now() - t);
    }
    const mb = median(bare);
    results.push({
      name: `bare ioredis SCAN loop, COUNT 1000, ${total.toLocaleString('en-US')} keys`,
      runs: 3,
      medianMs: mb,
      minMs: Math.min(...bare),
    });
    results.push({
      name: 'full check: pattern + type + TTL on every key (no value sampling)',
      runs: 3,
      medianMs: median(full),
      minMs: Math.min(...full),
      extra: { keys: scanned, vsBareScan: `${(median(full) / mb).toFixed(2)}x` },
    });
    results.push({
      name: 'full check with default value sampling (1% per pattern, min 3)',
      runs: 3,
      medianMs: median(sampled),
      minMs: Math.min(...sampled),
      extra: { vsBareScan: `${(median(sampled) / mb).toFixed(2)}x` },
    });
    // Where the time goes: server-side microseconds per key (INFO commandstats) of the bare loop and the check.
    const admin = new Redis(server.url);
    const usec = async (): Promise<Record<string, number>> =>
      Object.fromEntries(
        [...String(await admin.info('commandstats')).matchAll(/^cmdstat_([^:]+):calls=[0-9]+,usec=([0-9]+)/gm)].map((m) => [
          m[1]!,
          Number(m[2]),
        ]),
      );
    await admin.config('RESETSTAT');
    await bareScan(server.url, dbs);
    const bareStats = await usec();
    await admin.config('RESETSTAT');
    await runCheck({ spec: SPEC, url: server.url, sampleRate: 0, minSamples: 0 });
    const checkStats = await usec();
    admin.disconnect();
    const perKey = (us: number | undefined): string => ((us ?? 0) / scanned).toFixed(2);
    // On a standalone server the SCAN runs inside the probe script (scan.ts SCAN_PROBE_SCRIPT), and
    // commandstats counts the commands a script calls both on their own and in the script's time
    // (so the script's time is the total; without scripts it is the sum of the per-key commands).
    const script = (checkStats.eval_ro ?? 0) + (checkStats.evalsha_ro ?? 0);
    const serverUs =
      script > 0 ? script : (checkStats.scan ?? 0) + (checkStats.type ?? 0) + (checkStats.pttl ?? 0) + (checkStats.hget ?? 0);
    results.push({
      name: 'server time per key (INFO commandstats)',
      runs: 1,
      medianMs: serverUs / 1000,
      minMs: serverUs / 1000,
      extra: {
        bareScanUs: perKey(bareStats.scan),
        checkTotalUs: perKey(serverUs),
        checkScriptUs: perKey(script),
        scanInScriptUs: perKey(checkStats.scan),
        typeUs: perKey(checkStats.type),
        pttlUs: perKey(checkStats.pttl),
        hgetUs: perKey(checkStats.hget),
        // Server time of one check over the median wall time of the check: near 100% means server-bound.
        serverBusy: `${((serverUs / 1000 / median(full)) * 100).toFixed(0)}%`,
      },
    });
    const t = performance.now();
    const big = spawnSync('redis-cli', ['-h', server.host, '-p', String(server.port), '--bigkeys'], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    const bigMs = performance.now() - t;
    // --bigkeys walks one database (0 unless -n): run it on every database for the same data.
    let allMs = bigMs;
    for (const db of dbs.slice(1)) {
      const t2 = performance.now();
      spawnSync('redis-cli', ['-h', server.host, '-p', String(server.port), '-n', String(db), '--bigkeys'], {
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      });
      allMs += performance.now() - t2;
    }
    if (big.status === 0) {
      results.push({
        name: 'redis-cli --bigkeys over the same databases (-n each)',
        runs: 1,
        medianMs: allMs,
        minMs: allMs,
        extra: { checkIsFaster: `${(allMs / median(full)).toFixed(1)}x` },
      });
    }
    const rss1 = await checkRss(server.url, 0.01);
    results.push({
      name: `peak RSS of the check (child process), ${total.toLocaleString('en-US')} keys`,
      runs: 1,
      medianMs: rss1.ms,
      minMs: rss1.ms,
      extra: { rssMb: rss1.rssMb, keys: rss1.keys },
    });
    if (large > total) {
      const more = await populate(server.url, large - total, 2);
      results.push({
        name: `populate ${(large - total).toLocaleString('en-US')} more keys (seed 2)`,
        runs: 1,
        medianMs: more.ms,
        minMs: more.ms,
      });
      const rss3 = await checkRss(server.url, 0.01);
      results.push({
        name: `peak RSS of the check (child process), ${rss3.keys.toLocaleString('en-US')} keys`,
        runs: 1,
        medianMs: rss3.ms,
        minMs: rss3.ms,
        extra: { rssMb: rss3.rssMb, keys: rss3.keys },
      });
    }
  } finally {
    await server.stop();
  }
  return results;
}

if (process.argv[2] === '--child') {
  await child(process.argv[3]!, Number(process.argv[4] ?? 0.01));
}
