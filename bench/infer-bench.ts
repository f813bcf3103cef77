/**
 * `npm run bench infer`: `keyspec infer` on the 1M-key WEPPcloud-shaped keyspace (bench/populate.ts) beside
 * `keyspec check --sample 0` on the same server, whole processes of the compiled CLI, alternating rounds;
 * wall time (medians), the ratio, peak RSS (GNU time), and the draft's grouping accuracy against the
 * pattern each populated key was written for. Targets (reported, never asserted): infer within 2x the
 * check's wall time, peak RSS within 200 MB, grouping accuracy >= 95%.
 *
 * KEYSPEC_BENCH_KEYS (default 1,000,000), KEYSPEC_BENCH_RUNS (default 3).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { compileSpec, matchKey } from '../conformance/judging/compile.ts';
import { startEmbeddedRedis } from '../conformance/redis/embedded-redis.ts';
import { groupingAccuracy } from '../infer/grouping-accuracy.ts';
import { draftHost } from '../infer/spec-host.ts';
import { loadSpec } from '../spec/index.ts';
import { median, type BenchResult } from './measure.ts';
import { populate, weppcloudShaped } from './populate.ts';
import { ensureBuilt, keyspecCheck, peakRssMb, cpuSeconds, timeProcess, type ProcessRun } from './process-time.ts';

const root = join(import.meta.dirname, '..');
const SPEC = join(root, 'spec', 'weppcloud.yaml');
const fmt = (n: number): string => n.toLocaleString('en-US');

async function infer(url: string, out: string): Promise<ProcessRun> {
  return timeProcess(process.execPath, [join(root, 'bin', 'keyspec.js'), 'infer', '--url', url, '--output', out], { cwd: root });
}

/** The draft's grouping of the populated keys against the pattern each was written for. */
function accuracy(draft: string, total: number, seed: number): number {
  const file = join(root, 'inferred-bench.yaml');
  const loaded = loadSpec(file, draftHost(new Map([[file, draft]]), root));
  if (!loaded.spec) throw new Error(`the draft does not load: ${loaded.diagnostics.map((d) => d.message).join('; ')}`);
  const compiled = compileSpec(loaded.spec);
  const keys: { truth: string; inferred: string | undefined }[] = [];
  for (const k of weppcloudShaped(total, seed)) {
    const db = compiled.dbs.get(k.db);
    keys.push({ truth: k.pattern, inferred: db ? matchKey(db, k.key)?.id : undefined });
  }
  return groupingAccuracy(keys);
}

export async function inferBenchmarks(): Promise<BenchResult[]> {
  ensureBuilt();
  const total = Number(process.env.KEYSPEC_BENCH_KEYS ?? 1_000_000);
  const runs = Number(process.env.KEYSPEC_BENCH_RUNS ?? 3);
  const seed = 1;
  const server = await startEmbeddedRedis({ config: { save: '', appendonly: 'no' } });
  const dir = mkdtempSync(join(tmpdir(), 'keyspec-bench-infer-'));
  try {
    const { keys } = await populate(server.url, total, seed);
    const admin = new Redis(server.url);
    admin.disconnect();
    const out = join(dir, 'inferred.yaml');
    // Warm-up, not counted.
    await keyspecCheck(SPEC, server.url, ['--sample', '0']);
    await infer(server.url, out);
    const checks: ProcessRun[] = [];
    const infers: ProcessRun[] = [];
    for (let i = 0; i < runs; i++) {
      checks.push((await keyspecCheck(SPEC, server.url, ['--sample', '0'])).run);
      infers.push(await infer(server.url, out));
    }
    const draft = readFileSync(out, 'utf8');
    const acc = accuracy(draft, total, seed);
    const mc = median(checks.map((r) => r.wallMs));
    const mi = median(infers.map((r) => r.wallMs));
    const n = fmt(keys);
    return [
      {
        name: `check --sample 0, ${n} keys (whole process)`,
        runs,
        medianMs: mc,
        minMs: Math.min(...checks.map((r) => r.wallMs)),
        extra: { rssMb: peakRssMb(checks), cpuS: cpuSeconds(checks) },
      },
      {
        name: `infer, ${n} keys (whole process, draft written)`,
        runs,
        medianMs: mi,
        minMs: Math.min(...infers.map((r) => r.wallMs)),
        extra: {
          vsCheck: `${(mi / mc).toFixed(2)}x`,
          target: '<=2x',
          rssMb: peakRssMb(infers),
          rssTarget: '<=200',
          cpuS: cpuSeconds(infers),
        },
      },
      {
        name: `infer grouping accuracy vs spec/weppcloud.yaml, ${n} keys`,
        runs: 1,
        medianMs: 0,
        minMs: 0,
        value: `${(acc * 100).toFixed(2)}%`,
        extra: {
          target: '>=95%',
          patterns: (draft.match(/^\s+pattern: /gm) ?? []).length,
          imports: (draft.match(/^\s+- spec: /gm) ?? []).length,
        },
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await server.stop();
  }
}
