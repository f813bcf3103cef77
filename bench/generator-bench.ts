/**
 * Generator benchmarks: `keyspec generate` wall time (WEPPcloud, synthetic 300 patterns), and the
 * generated accessors against hand-written raw ioredis doing the same commands, sequential and
 * pipelined (auto-pipelining), interleaved in one run on one throwaway server.
 */
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { startEmbeddedRedis } from '../conformance/redis/embedded-redis.ts';
import { createKeyspace, type Keyspace } from '../generated/weppcloud/client.ts';
import { generateFiles } from '../generator/generate.ts';
import { loadSpec, nodeHost, type SpecHost } from '../spec/index.ts';
import { measure, type BenchResult } from './measure.ts';
import { syntheticSpecYaml } from '../testing/fixtures/synthetic-spec.ts';

const OPS = 20_000;

type Op = (i: number) => Promise<unknown>;

function generatedOps(ks: Keyspace): Record<string, Op> {
  return {
    'SET EX (readme lock)': (i) =>
      ks.readme.editorLock({ runid: `run-${i % 1000}`, config: 'cfg' }).set('0f8fad5bd9cb469fa16570867728950e'),
    'GET (readme lock)': (i) => ks.readme.editorLock({ runid: `run-${i % 1000}`, config: 'cfg' }).get(),
    'HSET field (run timestamp)': (i) => ks.lock.run({ runid: `run-${i % 1000}` }).setTimestamps('build_soils', 1732579200 + i),
    'HSET+EXPIRE in MULTI (readme client)': (i) =>
      ks.readme
        .editorClient({ runid: `run-${i % 1000}`, config: 'cfg', uuid: '0f8fad5bd9cb469fa16570867728950e' })
        .set({ status: 'active', updated_at: '2025-09-22T18:03:11+00:00' }),
  };
}

function rawOps(lock: Redis, readme: Redis): Record<string, Op> {
  return {
    'SET EX (readme lock)': (i) => readme.set(`readme:lock:run-${i % 1000}:cfg`, '0f8fad5bd9cb469fa16570867728950e', 'EX', 1800),
    'GET (readme lock)': (i) => readme.get(`readme:lock:run-${i % 1000}:cfg`),
    'HSET field (run timestamp)': (i) => lock.hset(`run-${i % 1000}`, 'timestamps:build_soils', String(1732579200 + i)),
    'HSET+EXPIRE in MULTI (readme client)': (i) =>
      readme
        .multi()
        .hset(
          `readme:client:run-${i % 1000}:cfg:0f8fad5bd9cb469fa16570867728950e`,
          'status',
          'active',
          'updated_at',
          '2025-09-22T18:03:11+00:00',
        )
        .expire(`readme:client:run-${i % 1000}:cfg:0f8fad5bd9cb469fa16570867728950e`, 3600)
        .exec(),
  };
}

async function sequential(op: Op, n: number): Promise<void> {
  for (let i = 0; i < n; i++) await op(i);
}

async function pipelined(op: Op, n: number): Promise<void> {
  const batch = 500;
  for (let i = 0; i < n; i += batch) {
    const ps: Promise<unknown>[] = [];
    for (let j = i; j < Math.min(n, i + batch); j++) ps.push(op(j));
    await Promise.all(ps);
  }
}

/** Interleaved rounds per op; the side that goes first alternates, so drift hits both sides alike. */
const ROUNDS = 13;

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

interface Sample {
  ms: number;
  /** Client CPU (this process, user + system) per op, in ns. */
  cpuNs: number;
}

async function timed(run: (op: Op, n: number) => Promise<void>, op: Op, n: number): Promise<Sample> {
  const c = process.cpuUsage();
  const t = performance.now();
  await run(op, n);
  const ms = performance.now() - t;
  const d = process.cpuUsage(c);
  return { ms, cpuNs: ((d.user + d.system) * 1000) / n };
}

/**
 * The generated accessors against raw ioredis, the same commands on the same keys with the same values,
 * on one throwaway server: per op, the median time of each side, the median of the per-round ratios
 * (both sides measured back to back in the same round), and the client CPU per op of each side.
 */
export async function clientBenchmarks(url: string): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const mode of ['sequential', 'pipelined'] as const) {
    const auto = mode === 'pipelined';
    const ks = createKeyspace({ url, env: {}, redisOptions: { enableAutoPipelining: auto } });
    const lock = new Redis(`${url}/0`, { enableAutoPipelining: auto });
    const readme = new Redis(`${url}/14`, { enableAutoPipelining: auto });
    const gen = generatedOps(ks);
    const raw = rawOps(lock, readme);
    const run = mode === 'sequential' ? sequential : pipelined;
    const n = mode === 'sequential' ? OPS / 4 : OPS;
    for (const name of Object.keys(gen)) {
      const g: Sample[] = [];
      const r: Sample[] = [];
      const ratios: number[] = [];
      await run(gen[name]!, 1000);
      await run(raw[name]!, 1000);
      for (let round = 0; round < ROUNDS; round++) {
        let a: Sample;
        let b: Sample;
        if (round % 2 === 0) {
          b = await timed(run, raw[name]!, n);
          a = await timed(run, gen[name]!, n);
        } else {
          a = await timed(run, gen[name]!, n);
          b = await timed(run, raw[name]!, n);
        }
        g.push(a);
        r.push(b);
        ratios.push(a.ms / b.ms);
      }
      const gCpu = median(g.map((s) => s.cpuNs));
      const rCpu = median(r.map((s) => s.cpuNs));
      results.push({
        name: `${mode}: ${name}, ${n} ops`,
        runs: ROUNDS,
        medianMs: median(g.map((s) => s.ms)),
        minMs: Math.min(...g.map((s) => s.ms)),
        extra: {
          raw_median_ms: median(r.map((s) => s.ms)).toFixed(1),
          overhead: `${((median(ratios) - 1) * 100).toFixed(1)}%`,
          cpu_ns_per_op: `${gCpu.toFixed(0)} vs ${rCpu.toFixed(0)} raw`,
          // Paired: the median of the per-round differences.
          client_extra_ns: median(g.map((s, i) => s.cpuNs - r[i]!.cpuNs)).toFixed(0),
        },
      });
    }
    await ks.quit();
    lock.disconnect();
    readme.disconnect();
  }
  return results;
}

/**
 * The client layer alone: the same ops against a stub connection whose commands resolve at once (no
 * socket, no parsing), so the CPU per call of key building, validation, codecs and TTL is all that
 * differs between the two sides.
 */
export async function clientLayerBenchmarks(): Promise<BenchResult[]> {
  const ok = Promise.resolve('OK');
  const replies = Promise.resolve([
    [null, 1],
    [null, 1],
  ]);
  const multi = {
    hset: () => multi,
    expire: () => multi,
    persist: () => multi,
    exec: () => replies,
  };
  const stub = { set: () => ok, get: () => ok, hset: () => ok, multi: () => multi, status: 'ready' } as unknown as Redis;
  const ks = createKeyspace({ clients: { lock: stub, readme: stub }, env: {} });
  const gen = generatedOps(ks);
  const raw = rawOps(stub, stub);
  const n = OPS * 5;
  const results: BenchResult[] = [];
  for (const name of Object.keys(gen)) {
    const g: Sample[] = [];
    const r: Sample[] = [];
    await pipelined(gen[name]!, n);
    await pipelined(raw[name]!, n);
    for (let round = 0; round < ROUNDS; round++) {
      if (round % 2 === 0) r.push(await timed(pipelined, raw[name]!, n));
      g.push(await timed(pipelined, gen[name]!, n));
      if (round % 2 === 1) r.push(await timed(pipelined, raw[name]!, n));
    }
    const gCpu = median(g.map((x) => x.cpuNs));
    const rCpu = median(r.map((x) => x.cpuNs));
    results.push({
      name: `client layer only (stub connection): ${name}, ${n} ops`,
      runs: ROUNDS,
      medianMs: median(g.map((x) => x.ms)),
      minMs: Math.min(...g.map((x) => x.ms)),
      extra: {
        raw_median_ms: median(r.map((x) => x.ms)).toFixed(1),
        cpu_ns_per_op: `${gCpu.toFixed(0)} vs ${rCpu.toFixed(0)} raw`,
        client_extra_ns: median(g.map((x, i) => x.cpuNs - r[i]!.cpuNs)).toFixed(0),
      },
    });
  }
  return results;
}

export async function generatorBenchmarks(): Promise<BenchResult[]> {
  const root = join(import.meta.dirname, '..');
  const results: BenchResult[] = [];
  const wepp = loadSpec(join(root, 'spec', 'weppcloud.yaml'), nodeHost(root)).spec!;
  results.push(
    await measure('keyspec generate: WEPPcloud (model -> files, in memory)', 5, () =>
      generateFiles(wepp, { specPath: 'spec/weppcloud.yaml', outDir: 'generated/weppcloud' }),
    ),
  );
  const yaml = syntheticSpecYaml(300, { databases: 4 });
  const host: SpecHost = { readFile: () => yaml, resolve: (_f, s) => s };
  const synth = loadSpec('synthetic.yaml', host).spec!;
  results.push(
    await measure('keyspec generate: synthetic 300 patterns (model -> files, in memory)', 3, () =>
      generateFiles(synth, { specPath: 'synthetic.yaml', outDir: 'generated/synthetic' }),
    ),
  );

  results.push(...(await clientLayerBenchmarks()));
  const server = await startEmbeddedRedis({ config: { 'notify-keyspace-events': 'Kh' } });
  try {
    results.push(...(await clientBenchmarks(server.url)));
  } finally {
    await server.stop();
  }
  return results;
}
