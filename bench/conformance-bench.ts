/**
 * Conformance benchmarks (`npm run bench conformance`), every figure of a whole process as a user runs it:
 * on a throwaway redis-server holding a seeded WEPPcloud-shaped keyspace (bench/populate.ts), in
 * alternating rounds (bare, check, sampled, reference, bare, check, ...):
 *
 * - bare      bench/bare-scan.mjs: an ioredis SCAN loop (COUNT 1000) over the same databases
 * - check     `node bin/keyspec.js check spec/weppcloud.yaml --sample 0` (the compiled CLI)
 * - sampled   the same with default value sampling (1% per pattern, at least 3)
 * - reference ../shared/bench/scan-anchor.mjs --mode luascan --split 2 --dbpar 2, when that file exists
 *             (KEYSPEC_BENCH_ANCHOR overrides the path; it is run, never copied)
 *
 * with wall time (medians; `vsBareScan` per row), peak RSS and CPU time of each process (GNU time), then
 * SLOWLOG during a default check, server time per key (INFO commandstats) and `redis-cli --bigkeys`; at
 * KEYSPEC_BENCH_KEYS (default 1,000,000) and again at KEYSPEC_BENCH_KEYS_LARGE (default 3,000,000; 0 skips
 * it) keys. KEYSPEC_BENCH_RUNS (default 3) rounds per size, after one warm-up of bare and check. Then long
 * key names on a server of their own (bench/long-names.ts). The targets are reported, never asserted.
 */
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { Redis } from 'ioredis';
import { startEmbeddedRedis, type EmbeddedRedis } from '../conformance/redis/embedded-redis.ts';
import { populate } from './populate.ts';
import { median, type BenchResult } from './measure.ts';
import { cpuSeconds, ensureBuilt, keyspecCheck, peakRssMb, timeProcess, type ProcessRun } from './process-time.ts';
import { longNameBenchmarks } from './long-names.ts';

const root = join(import.meta.dirname, '..');
const SPEC = join(root, 'spec', 'weppcloud.yaml');
const BARE = join(root, 'bench', 'bare-scan.mjs');
const ANCHOR = process.env.KEYSPEC_BENCH_ANCHOR ?? join(root, '..', 'shared', 'bench', 'scan-anchor.mjs');
const SAMPLED_TARGET = 1.7;
const RSS_TARGET_MB = 150;

const fmt = (n: number): string => n.toLocaleString('en-US');
const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}x`;

/** Keys per database on the server (INFO keyspace). */
async function keyspace(admin: Redis): Promise<Map<number, number>> {
  const info = String(await admin.info('keyspace'));
  return new Map([...info.matchAll(/^db([0-9]+):keys=([0-9]+)/gm)].map((m) => [Number(m[1]), Number(m[2])]));
}

async function totalKeys(admin: Redis): Promise<number> {
  return [...(await keyspace(admin)).values()].reduce((a, b) => a + b, 0);
}

/**
 * A walk saw everything when it counted at least the keys still there after it (keys only go away during
 * the benchmark, by TTL, and SCAN returns every key present for the whole walk).
 */
async function confirmAll(what: string, keys: number, admin: Redis): Promise<void> {
  const after = await totalKeys(admin);
  if (keys < after) throw new Error(`${what} walked ${fmt(keys)} keys, but the server holds ${fmt(after)}`);
}

interface Walk {
  run: ProcessRun;
  keys: number;
  /** The check's own duration from its JSON report (no start-up, no exit); undefined for the others. */
  ownMs?: number;
}

function lastJsonLine(stdout: string, what: string): Record<string, unknown> {
  const line = stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    throw new Error(`${what} printed no JSON line: '${line.slice(0, 200)}'`);
  }
}

async function bare(url: string, dbs: number[], admin: Redis): Promise<Walk> {
  const run = await timeProcess(process.execPath, [BARE, '--url', url, '--dbs', dbs.join(','), '--count', '1000'], { cwd: root });
  const keys = Number(lastJsonLine(run.stdout, 'bench/bare-scan.mjs').keys);
  await confirmAll('bench/bare-scan.mjs', keys, admin);
  return { run, keys };
}

async function check(url: string, args: string[], admin: Redis): Promise<Walk> {
  const { run, scanned, durationMs } = await keyspecCheck(SPEC, url, args);
  await confirmAll(`keyspec check ${args.join(' ')}`, scanned, admin);
  return { run, keys: scanned, ownMs: durationMs };
}

async function reference(server: EmbeddedRedis, admin: Redis): Promise<Walk> {
  const args = ['--port', String(server.port), '--manifest', '/nonexistent', '--json', '--mode', 'luascan', '--split', '2', '--dbpar', '2'];
  const run = await timeProcess(process.execPath, [ANCHOR, ...args], { cwd: root });
  const keys = Number(lastJsonLine(run.stdout, 'scan-anchor.mjs').keys);
  await confirmAll('scan-anchor.mjs', keys, admin);
  return { run, keys };
}

function timeRow(name: string, walks: readonly Walk[], extra: Record<string, string | number>): BenchResult {
  const ms = walks.map((w) => w.run.wallMs);
  const own = walks.flatMap((w) => (w.ownMs === undefined ? [] : [w.ownMs]));
  // The check's own time (its report) beside the whole process: the difference is start-up and exit.
  if (own.length) extra = { ...extra, checkOwnMs: median(own).toFixed(0) };
  return {
    name,
    runs: walks.length,
    medianMs: median(ms),
    minMs: Math.min(...ms),
    extra: {
      keys: walks[walks.length - 1]!.keys,
      ...extra,
      rssMb: peakRssMb(walks.map((w) => w.run)),
      cpuS: cpuSeconds(walks.map((w) => w.run)),
    },
  };
}

interface SlowEntry {
  us: number;
  command: string;
}

/** SLOWLOG of one default check: entries at or over `thresholdUs`, and the longest of them. */
async function slowlogOfCheck(url: string, admin: Redis, thresholdUs: number): Promise<{ len: number; longest?: SlowEntry }> {
  await admin.config('SET', 'slowlog-max-len', '1024');
  await admin.config('SET', 'slowlog-log-slower-than', String(thresholdUs));
  await admin.call('SLOWLOG', 'RESET');
  try {
    await check(url, [], admin);
    const len = Number(await admin.call('SLOWLOG', 'LEN'));
    // Each entry: [id, unix time, microseconds, [command, args...], client address, client name].
    const entries = (await admin.call('SLOWLOG', 'GET', '1024')) as [number, number, number, string[], string, string][];
    let longest: SlowEntry | undefined;
    for (const e of entries) if (!longest || e[2] > longest.us) longest = { us: e[2], command: String(e[3][0] ?? '?').toUpperCase() };
    return { len, ...(longest ? { longest } : {}) };
  } finally {
    await admin.config('SET', 'slowlog-log-slower-than', '10000');
  }
}

/** Server microseconds per command name since the last CONFIG RESETSTAT. */
async function commandUsec(admin: Redis): Promise<Record<string, number>> {
  const info = String(await admin.info('commandstats'));
  return Object.fromEntries([...info.matchAll(/^cmdstat_([^:]+):calls=[0-9]+,usec=([0-9]+)/gm)].map((m) => [m[1]!, Number(m[2])]));
}

interface SizeOutcome {
  rows: BenchResult[];
  checkRssMb: number | 'n/a';
  keys: number;
}

/** The alternation, SLOWLOG and (with `details`) commandstats and --bigkeys at the keyspace as it is. */
async function atSize(server: EmbeddedRedis, admin: Redis, runs: number, details: boolean): Promise<SizeOutcome> {
  const space = await keyspace(admin);
  const dbs = [...space.keys()].sort((a, b) => a - b);
  const n = fmt([...space.values()].reduce((a, b) => a + b, 0));
  const withReference = existsSync(ANCHOR);
  // Warm-up (file cache, the server's allocator), not counted.
  await bare(server.url, dbs, admin);
  await check(server.url, ['--sample', '0'], admin);
  const bares: Walk[] = [];
  const fulls: Walk[] = [];
  const sampled: Walk[] = [];
  const refs: Walk[] = [];
  for (let i = 0; i < runs; i++) {
    bares.push(await bare(server.url, dbs, admin));
    fulls.push(await check(server.url, ['--sample', '0'], admin));
    sampled.push(await check(server.url, [], admin));
    if (withReference) refs.push(await reference(server, admin));
  }
  const mb = median(bares.map((w) => w.run.wallMs));
  const vs = (walks: Walk[]): string => ratio(median(walks.map((w) => w.run.wallMs)), mb);
  const rows: BenchResult[] = [
    timeRow(`bare ioredis SCAN loop, COUNT 1000 (bench/bare-scan.mjs), ${n} keys in DBs ${dbs.join(',')}`, bares, {}),
    timeRow(`check --sample 0: pattern + type + TTL on every key, ${n} keys`, fulls, { vsBareScan: vs(fulls) }),
    timeRow(`check, default sampling (1% per pattern, min 3), ${n} keys`, sampled, {
      vsBareScan: vs(sampled),
      target: `<=${SAMPLED_TARGET}x`,
    }),
    withReference
      ? timeRow(`reference: scan-anchor.mjs --mode luascan --split 2 --dbpar 2, ${n} keys`, refs, { vsBareScan: vs(refs) })
      : { name: `reference: scan-anchor.mjs (no ${ANCHOR}: row skipped)`, runs: 0, medianMs: 0, minMs: 0 },
  ];
  const checkRssMb = peakRssMb([...fulls, ...sampled].map((w) => w.run));

  const slow = await slowlogOfCheck(server.url, admin, 10_000);
  rows.push({
    name: `SLOWLOG during a default check (slowlog-log-slower-than 10000), ${n} keys`,
    runs: 1,
    medianMs: 0,
    minMs: 0,
    value: `LEN ${slow.len}`,
    extra: {
      longestMs: slow.longest ? (slow.longest.us / 1000).toFixed(1) : 'none',
      command: slow.longest?.command ?? '-',
      target: 'empty',
    },
  });
  const slow5 = await slowlogOfCheck(server.url, admin, 5_000);
  rows.push({
    name: `calls over 5 ms at the default --page-budget-ms 5 (slowlog-log-slower-than 5000), ${n} keys (informational)`,
    runs: 1,
    medianMs: 0,
    minMs: 0,
    value: `LEN ${slow5.len}`,
    extra: { longestMs: slow5.longest ? (slow5.longest.us / 1000).toFixed(1) : 'none', command: slow5.longest?.command ?? '-' },
  });

  if (details) {
    // Where the time goes: server microseconds per key of the bare loop and of the check (one process each).
    await admin.config('RESETSTAT');
    await bare(server.url, dbs, admin);
    const bareStats = await commandUsec(admin);
    await admin.config('RESETSTAT');
    const one = await check(server.url, ['--sample', '0'], admin);
    const checkStats = await commandUsec(admin);
    const perKey = (us: number | undefined): string => ((us ?? 0) / one.keys).toFixed(2);
    // On a standalone server SCAN, TYPE and PTTL run inside the page script (EVAL_RO), and commandstats
    // counts a script's commands both on their own and in the script's time: the script's time is the
    // total. Without scripts (pipelines) the total is the sum of the per-key commands.
    const script = (checkStats.eval_ro ?? 0) + (checkStats.evalsha_ro ?? 0);
    const serverUs =
      script > 0 ? script : (checkStats.scan ?? 0) + (checkStats.type ?? 0) + (checkStats.pttl ?? 0) + (checkStats.hget ?? 0);
    rows.push({
      name: `server time per key (INFO commandstats), bare loop vs check --sample 0, ${n} keys`,
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
        // Server time over the check's own time (its report) and over the whole process: near 100%
        // means server-bound.
        serverBusy: `${((serverUs / 1000 / (one.ownMs ?? one.run.wallMs)) * 100).toFixed(0)}%`,
        serverBusyOfProcess: `${((serverUs / 1000 / one.run.wallMs) * 100).toFixed(0)}%`,
      },
    });
    // redis-cli --bigkeys walks one database: one process per database, times summed.
    let bigMs = 0;
    let bigOk = true;
    for (const db of dbs) {
      try {
        bigMs += (await timeProcess('redis-cli', ['-h', server.host, '-p', String(server.port), '-n', String(db), '--bigkeys'])).wallMs;
      } catch {
        bigOk = false;
        break;
      }
    }
    rows.push(
      bigOk
        ? {
            name: `redis-cli --bigkeys over the same databases (-n each, whole processes), ${n} keys`,
            runs: 1,
            medianMs: bigMs,
            minMs: bigMs,
            extra: { checkIsFaster: `${(bigMs / median(fulls.map((w) => w.run.wallMs))).toFixed(1)}x` },
          }
        : { name: 'redis-cli --bigkeys (failed or missing: row skipped)', runs: 0, medianMs: 0, minMs: 0 },
    );
  }
  return { rows, checkRssMb, keys: fulls[fulls.length - 1]!.keys };
}

export async function conformanceBenchmarks(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const total = Number(process.env.KEYSPEC_BENCH_KEYS ?? 1_000_000);
  const large = Number(process.env.KEYSPEC_BENCH_KEYS_LARGE ?? 3_000_000);
  const runs = Number(process.env.KEYSPEC_BENCH_RUNS ?? 3);
  if (!(Number.isInteger(total) && total > 0))
    throw new Error(`KEYSPEC_BENCH_KEYS: expected a positive integer, got '${process.env.KEYSPEC_BENCH_KEYS}'`);
  if (!(Number.isInteger(runs) && runs > 0))
    throw new Error(`KEYSPEC_BENCH_RUNS: expected a positive integer, got '${process.env.KEYSPEC_BENCH_RUNS}'`);
  ensureBuilt();
  const server = await startEmbeddedRedis({ mode: 'local', config: { 'notify-keyspace-events': 'Kh' } });
  const admin = new Redis(server.url);
  try {
    const pop = await populate(server.url, total, 1);
    results.push({
      name: `populate ${fmt(total)} WEPPcloud-shaped keys (bench/populate.ts, redis-cli --pipe)`,
      runs: 1,
      medianMs: pop.ms,
      minMs: pop.ms,
    });
    const first = await atSize(server, admin, runs, true);
    results.push(...first.rows);
    let second: SizeOutcome | undefined;
    if (large > total) {
      const more = await populate(server.url, large - total, 2);
      results.push({ name: `populate ${fmt(large - total)} more keys (seed 2)`, runs: 1, medianMs: more.ms, minMs: more.ms });
      second = await atSize(server, admin, runs, false);
      results.push(...second.rows);
    }
    const growth: Record<string, string> =
      second && typeof first.checkRssMb === 'number' && typeof second.checkRssMb === 'number'
        ? { growth: `${(second.checkRssMb / first.checkRssMb).toFixed(2)}x for ${(second.keys / first.keys).toFixed(1)}x keys` }
        : {};
    results.push({
      name: `peak RSS of the check, whole process, largest of its runs: at ${fmt(first.keys)}${second ? ` / ${fmt(second.keys)}` : ''} keys`,
      runs: 1,
      medianMs: 0,
      minMs: 0,
      value: `${first.checkRssMb}${second ? ` / ${second.checkRssMb}` : ''} MB`,
      extra: { target: `<=${RSS_TARGET_MB} MB, flat`, ...growth },
    });
  } finally {
    admin.disconnect();
    await server.stop();
  }
  // After the main server is gone: the long names need memory of their own (5,000 x 100 KB).
  results.push(...(await longNameBenchmarks(runs)));
  return results;
}
