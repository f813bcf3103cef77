/**
 * Long key names (part of `npm run bench conformance`): KEYSPEC_BENCH_LONG_KEYS (default 5,000; 0 skips)
 * string keys with KEYSPEC_BENCH_LONG_NAME_KB (default 100) KB names against as many with 40-byte names,
 * each set in a database of its own on a throwaway server of its own, covered by a tiny spec that
 * declares them (written to a temp dir). The check runs as a whole process (`--db` per set; an empty
 * declared database gives the start-up cost, subtracted for the per-key figures), alternating with the
 * bare SCAN loop over the long names. Target: linear, per-key time growing at most in proportion to the
 * name length; reported with peak RSS and the longest call in SLOWLOG, never asserted.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { startEmbeddedRedis } from '../conformance/redis/embedded-redis.ts';
import { median, type BenchResult } from './measure.ts';
import { cpuSeconds, keyspecCheck, peakRssMb, timeProcess, type ProcessRun } from './process-time.ts';

const root = join(import.meta.dirname, '..');
const BARE = join(root, 'bench', 'bare-scan.mjs');
const NORMAL_BYTES = 40;
const DB = { long: 3, normal: 4, empty: 5 } as const;

const SPEC = `# The long-name benchmark's spec (bench/long-names.ts): one string pattern, three databases.
keyspec: 1
name: long-names-bench
databases:
${Object.entries(DB)
  .map(
    ([name, index]) => `  - index: ${index}
    name: ${name}
    keys:
      - name: blob
        pattern: 'blob:{id:segment}'
        type: string
        ttl: none
`,
  )
  .join('')}`;

/** `blob:<n>-xxx...`, exactly `bytes` long (a `segment` id: no colon). */
function keyName(i: number, bytes: number): string {
  const head = `blob:${String(i).padStart(6, '0')}-`;
  return head + 'x'.repeat(Math.max(0, bytes - head.length));
}

async function fill(url: string, db: number, count: number, bytes: number): Promise<void> {
  const r = new Redis(url, { db });
  try {
    // Batches of at most ~2 MB of names.
    const batch = Math.max(1, Math.min(1000, Math.floor((2 << 20) / bytes)));
    for (let i = 0; i < count; i += batch) {
      const p = r.pipeline();
      for (let j = i; j < Math.min(count, i + batch); j++) p.set(keyName(j, bytes), 'v');
      const replies = await p.exec();
      const failed = replies?.find(([e]) => e);
      if (failed) throw failed[0]!;
    }
  } finally {
    await r.quit();
  }
}

interface Run {
  run: ProcessRun;
  keys: number;
  /** The check's own duration (its JSON report); undefined for the bare loop. */
  durationMs?: number;
}

export async function longNameBenchmarks(runs: number): Promise<BenchResult[]> {
  const count = Number(process.env.KEYSPEC_BENCH_LONG_KEYS ?? 5000);
  const kb = Number(process.env.KEYSPEC_BENCH_LONG_NAME_KB ?? 100);
  if (count === 0) return [{ name: 'long key names (KEYSPEC_BENCH_LONG_KEYS=0: skipped)', runs: 0, medianMs: 0, minMs: 0 }];
  if (!(Number.isInteger(count) && count > 0))
    throw new Error(`KEYSPEC_BENCH_LONG_KEYS: expected a whole number, got '${process.env.KEYSPEC_BENCH_LONG_KEYS}'`);
  if (!(kb > 0)) throw new Error(`KEYSPEC_BENCH_LONG_NAME_KB: expected a positive number, got '${process.env.KEYSPEC_BENCH_LONG_NAME_KB}'`);
  const longBytes = Math.round(kb * 1024);
  const dir = mkdtempSync(join(tmpdir(), 'keyspec-long-names-'));
  const spec = join(dir, 'long-names.yaml');
  writeFileSync(spec, SPEC);
  const server = await startEmbeddedRedis({ mode: 'local' });
  const admin = new Redis(server.url);
  const n = count.toLocaleString('en-US');
  try {
    const t = performance.now();
    await fill(server.url, DB.long, count, longBytes);
    await fill(server.url, DB.normal, count, NORMAL_BYTES);
    const fillMs = performance.now() - t;

    const check = async (db: number, expect: number): Promise<Run> => {
      const { run, scanned, durationMs } = await keyspecCheck(spec, server.url, ['--db', String(db), '--sample', '0']);
      if (scanned !== expect) throw new Error(`keyspec check --db ${db} scanned ${scanned} keys, expected ${expect}`);
      return { run, keys: scanned, durationMs };
    };
    const bare = async (db: number): Promise<Run> => {
      const run = await timeProcess(process.execPath, [BARE, '--url', server.url, '--dbs', String(db)], { cwd: root });
      const keys = Number((JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') as { keys?: number }).keys);
      if (keys !== count) throw new Error(`bench/bare-scan.mjs --dbs ${db} counted ${keys} keys, expected ${count}`);
      return { run, keys };
    };

    // Warm-up, then alternate: start-up (empty DB), normal names, long names, bare loop over the long names.
    await check(DB.empty, 0);
    await check(DB.normal, count);
    const empty: Run[] = [];
    const normal: Run[] = [];
    const long: Run[] = [];
    const bareLong: Run[] = [];
    for (let i = 0; i < runs; i++) {
      empty.push(await check(DB.empty, 0));
      normal.push(await check(DB.normal, count));
      long.push(await check(DB.long, count));
      bareLong.push(await bare(DB.long));
    }
    const wall = (rs: Run[]): number => median(rs.map((r) => r.run.wallMs));
    const own = (rs: Run[]): number => median(rs.map((r) => r.durationMs ?? 0));
    // Microseconds per key net of what the empty database costs: from the check's own duration (its
    // report), and from the whole process's wall time (start-up and exit included, so noisier). Never
    // below 0 on a noisy machine.
    const usPerKey = (rs: Run[]): number => (Math.max(0, own(rs) - own(empty)) * 1000) / count;
    const processUsPerKey = (rs: Run[]): number => (Math.max(0, wall(rs) - wall(empty)) * 1000) / count;
    const normalUs = usPerKey(normal);
    const longUs = usPerKey(long);
    const nameRatio = longBytes / NORMAL_BYTES;
    const perKeyRatio = normalUs > 0 ? `${(longUs / normalUs).toFixed(1)}x` : 'n/a (normal names below resolution)';
    const row = (name: string, rs: Run[], extra: Record<string, string | number>): BenchResult => ({
      name,
      runs: rs.length,
      medianMs: wall(rs),
      minMs: Math.min(...rs.map((r) => r.run.wallMs)),
      extra: { ...extra, rssMb: peakRssMb(rs.map((r) => r.run)), cpuS: cpuSeconds(rs.map((r) => r.run)) },
    });

    const slow = await (async () => {
      await admin.config('SET', 'slowlog-max-len', '1024');
      await admin.config('SET', 'slowlog-log-slower-than', '10000');
      await admin.call('SLOWLOG', 'RESET');
      await check(DB.long, count);
      const len = Number(await admin.call('SLOWLOG', 'LEN'));
      const entries = (await admin.call('SLOWLOG', 'GET', '1024')) as [number, number, number, string[]][];
      const top = entries.reduce<[number, number, number, string[]] | undefined>((a, e) => (!a || e[2] > a[2] ? e : a), undefined);
      return { len, top };
    })();

    return [
      {
        name: `long names: fill ${n} keys of ${kb} KB and ${n} of ${NORMAL_BYTES} bytes (own server)`,
        runs: 1,
        medianMs: fillMs,
        minMs: fillMs,
      },
      row(`long names: check of an empty declared DB (--db ${DB.empty}): the fixed cost, subtracted below`, empty, {
        checkMs: own(empty).toFixed(0),
      }),
      row(`long names: check --sample 0, ${n} keys with ${NORMAL_BYTES}-byte names (--db ${DB.normal})`, normal, {
        checkMs: own(normal).toFixed(0),
        usPerKey: normalUs.toFixed(2),
        usPerKB: (normalUs / (NORMAL_BYTES / 1024)).toFixed(1),
        processUsPerKey: processUsPerKey(normal).toFixed(1),
      }),
      row(`long names: check --sample 0, ${n} keys with ${kb} KB names (--db ${DB.long})`, long, {
        checkMs: own(long).toFixed(0),
        usPerKey: longUs.toFixed(1),
        usPerKB: (longUs / kb).toFixed(2),
        processUsPerKey: processUsPerKey(long).toFixed(1),
        perKeyVsNormal: perKeyRatio,
        nameLengthRatio: `${nameRatio.toFixed(0)}x`,
        target: 'perKeyVsNormal <= nameLengthRatio',
      }),
      row(`long names: bare SCAN loop over the ${kb} KB names (bench/bare-scan.mjs --dbs ${DB.long})`, bareLong, {
        checkVsBare: `${(wall(long) / wall(bareLong)).toFixed(2)}x`,
      }),
      {
        name: `long names: SLOWLOG during a check of the ${kb} KB names (slowlog-log-slower-than 10000)`,
        runs: 1,
        medianMs: 0,
        minMs: 0,
        value: `LEN ${slow.len}`,
        extra: {
          longestMs: slow.top ? (slow.top[2] / 1000).toFixed(1) : 'none',
          command: slow.top ? String(slow.top[3][0] ?? '?').toUpperCase() : '-',
          target: 'empty',
        },
      },
    ];
  } finally {
    admin.disconnect();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
