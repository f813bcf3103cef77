/**
 * The package as a user meets it: cold start of the compiled CLI (`--help`, `validate`) measured as whole
 * processes, interleaved with a bare `node -e ""` in the same run so the ratio holds when the machine's
 * speed drifts; and the production install footprint of the packed tarball (`npm i --omit=dev
 * --omit=optional` into an empty project): packages and megabytes, and whether tsx, esbuild or a Docker
 * client came along.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchResult } from './measure.ts';

const root = join(import.meta.dirname, '..');
const bin = join(root, 'bin', 'keyspec.js');
const RUNS = 10;

function wallMs(args: string[]): number {
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}`);
  return performance.now() - t;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const min = (xs: number[]): number => Math.min(...xs);

function coldStarts(): BenchResult[] {
  const commands: Record<string, string[]> = {
    'node -e ""': ['-e', ''],
    'keyspec --help': [bin, '--help'],
    'keyspec --version': [bin, '--version'],
    'keyspec validate spec/weppcloud.yaml': [bin, 'validate', 'spec/weppcloud.yaml'],
  };
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
  for (const args of Object.values(commands)) wallMs(args); // warm the page cache
  for (let i = 0; i < RUNS; i++) for (const [name, args] of Object.entries(commands)) times[name]!.push(wallMs(args));
  const base = median(times['node -e ""']!);
  return Object.entries(times).map(([name, xs]) => ({
    name: `cold start: ${name}`,
    runs: RUNS,
    medianMs: median(xs),
    minMs: min(xs),
    extra: { vsBareNode: `${(median(xs) / base).toFixed(2)}x` },
  }));
}

function du(dir: string): number {
  let bytes = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) bytes += du(p);
    else if (e.isFile()) bytes += statSync(p).size;
  }
  return bytes;
}

function packages(nodeModules: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(nodeModules)) {
    if (name.startsWith('.')) continue;
    if (name.startsWith('@')) for (const sub of readdirSync(join(nodeModules, name))) out.push(`${name}/${sub}`);
    else out.push(name);
  }
  return out;
}

function footprint(): BenchResult {
  const work = mkdtempSync(join(tmpdir(), 'keyspec-footprint-'));
  try {
    const t = performance.now();
    const packed = execFileSync('npm', ['pack', '--pack-destination', work, '--json', '--loglevel=error'], { cwd: root, encoding: 'utf8' });
    const info = (JSON.parse(packed) as { filename: string; size: number; unpackedSize: number; entryCount: number }[])[0]!;
    const app = join(work, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'footprint', private: true }));
    execFileSync(
      'npm',
      ['i', join(work, info.filename), '--omit=dev', '--omit=optional', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'],
      { cwd: app, stdio: 'ignore' },
    );
    const nm = join(app, 'node_modules');
    const pkgs = packages(nm);
    const heavy = ['tsx', 'esbuild', 'testcontainers', 'dockerode', 'docker-modem', 'ssh2'].filter((p) => pkgs.includes(p));
    return {
      name: 'production install of the packed tarball (npm i --omit=dev --omit=optional)',
      runs: 1,
      medianMs: performance.now() - t,
      minMs: performance.now() - t,
      extra: {
        packages: pkgs.length,
        MB: (du(nm) / 1e6).toFixed(1),
        tarballKB: (info.size / 1e3).toFixed(0),
        tarballFiles: info.entryCount,
        heavy: heavy.length ? heavy.join(',') : 'none',
      },
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export async function packageBenchmarks(): Promise<BenchResult[]> {
  execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'ignore' });
  return [...coldStarts(), footprint()];
}
