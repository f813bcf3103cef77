/**
 * Whole-process timing for the benchmarks: runs a command to its end and reports wall, user and system
 * time and the peak resident set size, as GNU time measures them (`/usr/bin/time -f '%e %U %S %M'`,
 * written to a file of its own so the command's output stays untouched). Without /usr/bin/time, only the
 * wall time is known (performance.now() around the spawn) and the rest is undefined.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const GNU_TIME = '/usr/bin/time';

export interface ProcessRun {
  /** Wall time in ms (GNU time's %e, 10 ms resolution; else measured around the spawn). */
  wallMs: number;
  /** CPU time in user / kernel mode, ms (undefined without /usr/bin/time). */
  userMs?: number;
  sysMs?: number;
  /** Peak RSS in KB (undefined without /usr/bin/time). */
  maxRssKb?: number;
  code: number;
  stdout: string;
  stderr: string;
}

export interface TimeProcessOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Exit codes that count as success (default [0]); any other code rejects with the command's stderr. */
  okCodes?: readonly number[];
}

export function hasGnuTime(): boolean {
  return existsSync(GNU_TIME);
}

/** Runs `command args` as a whole process and measures it (see the module comment). */
export async function timeProcess(command: string, args: readonly string[], options: TimeProcessOptions = {}): Promise<ProcessRun> {
  const gnu = hasGnuTime();
  const dir = gnu ? mkdtempSync(join(tmpdir(), 'keyspec-time-')) : undefined;
  const timeFile = dir ? join(dir, 'time.txt') : undefined;
  const [file, argv] = timeFile ? [GNU_TIME, ['-o', timeFile, '-f', '%e %U %S %M', command, ...args]] : [command, [...args]];
  try {
    const t = performance.now();
    const child = spawn(file, argv, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const code = await new Promise<number>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (c, signal) => resolve(c ?? (signal ? 128 : 1)));
    });
    const spawnMs = performance.now() - t;
    const ok = options.okCodes ?? [0];
    const shown = [command, ...args].join(' ');
    if (!ok.includes(code)) throw new Error(`'${shown}' exited with ${code}: ${stderr.trim().split('\n').slice(-5).join(' | ')}`);
    if (!timeFile) return { wallMs: spawnMs, code, stdout, stderr };
    // GNU time writes "Command exited with non-zero status N" first when it does; the figures are the last line.
    const last = readFileSync(timeFile, 'utf8').trim().split('\n').pop() ?? '';
    const m = /^([0-9.]+) ([0-9.]+) ([0-9.]+) ([0-9]+)$/.exec(last);
    if (!m) throw new Error(`cannot read ${GNU_TIME}'s figures for '${shown}': '${last}'`);
    return {
      wallMs: Number(m[1]) * 1000,
      userMs: Number(m[2]) * 1000,
      sysMs: Number(m[3]) * 1000,
      maxRssKb: Number(m[4]),
      code,
      stdout,
      stderr,
    };
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

/** Peak RSS in MB for a report row: the largest over the runs, or 'n/a' without /usr/bin/time. */
export function peakRssMb(runs: readonly ProcessRun[]): number | 'n/a' {
  const kb = runs.map((r) => r.maxRssKb).filter((x): x is number => x !== undefined);
  return kb.length ? Math.round(Math.max(...kb) / 1024) : 'n/a';
}

/** Median CPU seconds (user + sys) of the runs, or 'n/a' without /usr/bin/time. */
export function cpuSeconds(runs: readonly ProcessRun[]): string {
  const cpu = runs.filter((r) => r.userMs !== undefined).map((r) => r.userMs! + r.sysMs!);
  if (!cpu.length) return 'n/a';
  const s = [...cpu].sort((a, b) => a - b);
  return (s[Math.floor(s.length / 2)]! / 1000).toFixed(2);
}

// ---- the check, as a user runs it: the compiled CLI (bin/keyspec.js -> dist/) in a process of its own ----

const root = join(import.meta.dirname, '..');
/** What the compiled CLI is built from (scripts/build.mjs). */
const SOURCE_ROOMS = ['spec', 'generator', 'conformance', 'cli', 'infer'];

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds dist/ (`npm run build`) when it is missing or older than a source file of the CLI. */
export function ensureBuilt(): void {
  const bundle = join(root, 'dist', 'bin', 'keyspec.js');
  const built = existsSync(bundle) ? statSync(bundle).mtimeMs : 0;
  const newest = Math.max(...SOURCE_ROOMS.map((room) => newestMtime(join(root, room))));
  if (built >= newest) return;
  console.error(`bench: dist/ is ${built ? 'older than the sources' : 'missing'}; npm run build`);
  const r = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`npm run build failed (exit ${r.status})`);
}

export interface CheckRun {
  run: ProcessRun;
  /** summary.keys.scanned of the JSON report. */
  scanned: number;
  /** summary.durationMs of the JSON report: the check itself, as the process timed it (no start-up, no exit). */
  durationMs: number;
}

/**
 * `node bin/keyspec.js check <spec> --url <url> --no-progress --format json --output <tmp> ...args`, timed
 * as a whole process. Exit 0 or 1 (violations) is a finished check; a report with check.error is refused.
 */
export async function keyspecCheck(spec: string, url: string, args: readonly string[]): Promise<CheckRun> {
  const dir = mkdtempSync(join(tmpdir(), 'keyspec-bench-report-'));
  const output = join(dir, 'report.json');
  try {
    const run = await timeProcess(
      process.execPath,
      [join(root, 'bin', 'keyspec.js'), 'check', spec, '--url', url, ...args, '--no-progress', '--format', 'json', '--output', output],
      { cwd: root, okCodes: [0, 1] },
    );
    const report = JSON.parse(readFileSync(output, 'utf8')) as {
      summary: { keys: { scanned: number }; durationMs: number };
      findings: { id: string; message?: string }[];
    };
    const error = report.findings.find((f) => f.id === 'check.error');
    if (error) throw new Error(`keyspec check ${args.join(' ')} on ${url} ended with check.error: ${error.message ?? ''}`);
    return { run, scanned: report.summary.keys.scanned, durationMs: report.summary.durationMs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
