/**
 * A throwaway Redis server for demos, `--embedded` and tests: a local `redis-server` on a free port (the
 * default where no Docker engine is reachable), or a testcontainers `redis` container when Docker is
 * reachable. Nothing is persisted; `stop()` always cleans up, and so does process exit.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface EmbeddedRedisOptions {
  /** Server config applied at start (e.g. `{ 'notify-keyspace-events': 'Kh' }`). */
  config?: Record<string, string>;
  /**
   * `local`: spawn `redis-server`; `docker`: testcontainers; `auto` (default): Docker when an engine is
   * reachable, else the local binary. Overridden by the env var KEYSPEC_EMBEDDED.
   */
  mode?: 'auto' | 'local' | 'docker';
  /** The local binary (default: `redis-server` on the PATH, or KEYSPEC_REDIS_SERVER). */
  binary?: string;
  /** Docker image for the testcontainers path (default `redis:7.0`). */
  image?: string;
  /** A fixed port for the local binary (default: a free one), e.g. to restart a server in place. */
  port?: number;
}

export interface EmbeddedRedis {
  url: string;
  host: string;
  port: number;
  mode: 'local' | 'docker';
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Is a Docker engine reachable? Cheap when there is obviously none (no socket, no DOCKER_HOST). */
export async function dockerReachable(): Promise<boolean> {
  if (!process.env.DOCKER_HOST && !existsSync('/var/run/docker.sock')) return false;
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

function configArgs(config: Record<string, string>): string[] {
  return Object.entries(config).flatMap(([k, v]) => [`--${k}`, v]);
}

export async function startEmbeddedRedis(options: EmbeddedRedisOptions = {}): Promise<EmbeddedRedis> {
  const envMode = process.env.KEYSPEC_EMBEDDED as EmbeddedRedisOptions['mode'] | undefined;
  const mode = envMode ?? options.mode ?? 'auto';
  const useDocker = mode === 'docker' || (mode === 'auto' && (await dockerReachable()));
  return useDocker ? startDocker(options) : startLocal(options);
}

async function startLocal(options: EmbeddedRedisOptions, attempt = 0): Promise<EmbeddedRedis> {
  const binary = options.binary ?? process.env.KEYSPEC_REDIS_SERVER ?? 'redis-server';
  const port = options.port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'keyspec-redis-'));
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
    '--dir',
    dir,
    '--daemonize',
    'no',
    '--logfile',
    '',
    '--loglevel',
    'warning',
    ...configArgs(options.config ?? {}),
  ];
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  installExitHook();
  running.add(child);
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (b: Buffer): void => {
      output += b.toString();
      if (output.includes('Ready to accept connections')) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', (e) =>
      reject(new Error(`cannot start ${binary}: ${e.message} (install redis-server, or set KEYSPEC_REDIS_SERVER)`)),
    );
    child.once('exit', (code) =>
      reject(new Error(`${binary} exited with code ${code}: ${output.trim().split('\n').slice(-3).join(' | ')}`)),
    );
  });
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error(`${binary} did not become ready in 10 s`)), 10_000).unref(),
  );
  // --loglevel warning hides the ready line on some builds; fall back to polling the port.
  const polled = pollPing(port, 10_000);
  try {
    await Promise.race([ready, polled, timeout]);
  } catch (e) {
    child.kill('SIGKILL');
    running.delete(child);
    rmSync(dir, { recursive: true, force: true });
    if (attempt < 2 && options.port === undefined && /Address already in use/.test(output)) return startLocal(options, attempt + 1);
    throw e;
  }
  let stopped = false;
  return {
    url: `redis://127.0.0.1:${port}`,
    host: '127.0.0.1',
    port,
    mode: 'local',
    async stop() {
      if (stopped) return;
      stopped = true;
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        const hard = setTimeout(() => child.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(hard);
      }
      running.delete(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function pollPing(port: number, ms: number): Promise<void> {
  const { Socket } = await import('node:net');
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = new Socket();
      s.setTimeout(500);
      s.once('error', () => resolve(false));
      s.once('timeout', () => {
        s.destroy();
        resolve(false);
      });
      s.connect(port, '127.0.0.1', () => s.write('PING\r\n'));
      s.once('data', (d) => {
        s.destroy();
        resolve(d.toString().startsWith('+PONG'));
      });
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`redis-server on port ${port} did not answer PING`);
}

/** testcontainers is an optional peer dependency: present only where the user installed it. */
async function loadTestcontainers(): Promise<typeof import('testcontainers')> {
  try {
    return await import('testcontainers');
  } catch {
    throw new Error(
      "a Docker container was asked for (mode 'docker' or KEYSPEC_EMBEDDED=docker), but the optional package testcontainers is not installed: npm i -D testcontainers (or use the local redis-server: KEYSPEC_EMBEDDED=local)",
    );
  }
}

async function startDocker(options: EmbeddedRedisOptions): Promise<EmbeddedRedis> {
  const { GenericContainer, Wait } = await loadTestcontainers();
  const container = await new GenericContainer(options.image ?? 'redis:7.0')
    .withCommand(['redis-server', '--save', '', '--appendonly', 'no', ...configArgs(options.config ?? {})])
    .withExposedPorts(6379)
    .withWaitStrategy(Wait.forLogMessage('Ready to accept connections'))
    .start();
  const host = container.getHost();
  const port = container.getMappedPort(6379);
  return {
    url: `redis://${host}:${port}`,
    host,
    port,
    mode: 'docker',
    async stop() {
      await container.stop();
    },
  };
}
