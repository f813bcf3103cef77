/**
 * The Python toolchain of the Python-client tests: Debian's `/usr/bin/python3` with `python3-redis`, and
 * `mypy`. When either is missing and we may install packages (root, apt-get present), `apt-get install -y
 * python3-redis mypy` is tried once; otherwise the tests that need them are skipped with the reason.
 * (`python3` on the PATH may be another interpreter without redis-py: only Debian's is used.)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface PythonToolchain {
  python: string;
  mypy: string;
  /** The redis-py version the interpreter imports. */
  redisVersion: string;
}

const PYTHON = '/usr/bin/python3';
const MYPY = '/usr/bin/mypy';

function redisVersion(): string | undefined {
  const r = spawnSync(PYTHON, ['-c', 'import redis; print(redis.__version__)'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

function ready(): boolean {
  return existsSync(PYTHON) && existsSync(MYPY) && redisVersion() !== undefined;
}

let cached: { toolchain?: PythonToolchain; reason?: string } | undefined;

/** The toolchain, installing Debian's packages if needed and possible; else why it is unavailable. */
export function pythonToolchain(): { toolchain?: PythonToolchain; reason?: string } {
  if (cached) return cached;
  if (!ready() && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    try {
      execFileSync('/usr/bin/apt-get', ['install', '-y', '--no-install-recommends', 'python3', 'python3-redis', 'mypy'], {
        stdio: 'ignore',
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
        timeout: 300_000,
      });
    } catch {
      // reported below
    }
  }
  const version = existsSync(PYTHON) ? redisVersion() : undefined;
  if (!existsSync(PYTHON) || !existsSync(MYPY) || version === undefined) {
    const missing = [!existsSync(PYTHON) && PYTHON, version === undefined && 'python3-redis', !existsSync(MYPY) && MYPY].filter(Boolean);
    cached = {
      reason: `Python client tests skipped: ${missing.join(', ')} unavailable (install Debian's python3, python3-redis and mypy)`,
    };
  } else cached = { toolchain: { python: PYTHON, mypy: MYPY, redisVersion: version } };
  return cached;
}

/** The pyright CLI of the npm devDependency (a node script, no network). */
export function pyrightCli(): string {
  const pkg = createRequire(import.meta.url).resolve('pyright/package.json');
  return join(dirname(pkg), 'index.js');
}

/** Runs a Python script with Debian's interpreter, `PYTHONPATH` pointing at `path`; its stdout. */
export function runPython(
  toolchain: PythonToolchain,
  script: string,
  options: { pythonPath: string; input?: string; env?: Record<string, string>; timeoutMs?: number },
): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(toolchain.python, ['-c', script], {
    input: options.input,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: options.timeoutMs ?? 120_000,
    env: { ...process.env, ...options.env, PYTHONPATH: options.pythonPath, PYTHONDONTWRITEBYTECODE: '1' },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
