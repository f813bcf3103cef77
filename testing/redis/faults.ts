/**
 * Fault-injection helpers for tests: a small spec (counters in databases 0-3, a TTL to judge), servers
 * the test owns (their pid from INFO, to SIGSTOP and SIGCONT them; restarts on the same port), and a
 * seeded random source so that a failing run can be replayed.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { startEmbeddedRedis, type EmbeddedRedis } from '../../conformance/redis/embedded-redis.ts';
import { prng } from '../weppcloud/python-values.ts';

export const FAULT_SPEC = `keyspec: 1
name: faults
databases:
${[0, 1, 2, 3]
  .map(
    (db) => `  - index: ${db}
    name: db${db}
    keys:
      - name: counter
        pattern: 'counter:{id:segment}'
        type: string
        ttl: { max: 3600 }
        examples: ['counter:a']`,
  )
  .join('\n')}
`;

/** Writes FAULT_SPEC to a fresh temporary directory; returns the file. */
export function writeFaultSpec(): string {
  const dir = mkdtempSync(join(tmpdir(), 'keyspec-faults-'));
  const file = join(dir, 'faults.yaml');
  writeFileSync(file, FAULT_SPEC);
  return file;
}

/** A local redis-server the test owns, with its pid (to pause it) and a restart on the same port. */
export class OwnedRedis {
  private constructor(
    public server: EmbeddedRedis,
    public pid: number,
    private readonly config: Record<string, string>,
  ) {}

  static async start(config: Record<string, string> = {}, port?: number): Promise<OwnedRedis> {
    const server = await startEmbeddedRedis({ mode: 'local', config, ...(port !== undefined ? { port } : {}) });
    return new OwnedRedis(server, await pidOf(server.url), config);
  }

  get url(): string {
    return this.server.url;
  }

  get port(): number {
    return this.server.port;
  }

  private paused = false;

  pause(): void {
    if (this.paused) return;
    process.kill(this.pid, 'SIGSTOP');
    this.paused = true;
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    try {
      process.kill(this.pid, 'SIGCONT');
    } catch {
      // already gone
    }
  }

  /** Stops the server (a paused one is resumed first, so that it can exit). */
  async stop(): Promise<void> {
    this.resume();
    await this.server.stop();
  }

  /** Stops the server and starts a fresh (empty) one on the same port. */
  async restart(): Promise<void> {
    await this.stop();
    const next = await OwnedRedis.start(this.config, this.port);
    this.server = next.server;
    this.pid = next.pid;
  }
}

async function pidOf(url: string): Promise<number> {
  const r = new Redis(url);
  try {
    const info = String(await r.info('server'));
    return Number(/process_id:(\d+)/.exec(info)![1]);
  } finally {
    r.disconnect();
  }
}

/** Writes `n` conforming counters (`counter:<i>`, with a TTL) to `db`, in pipelines. */
export async function fillCounters(url: string, db: number, n: number): Promise<void> {
  const r = new Redis(url, { db });
  try {
    for (let i = 0; i < n; i += 5000) {
      const pl = r.pipeline();
      for (let j = i; j < Math.min(n, i + 5000); j++) pl.set(`counter:${j}`, String(j), 'EX', 3000);
      await pl.exec();
    }
  } finally {
    r.disconnect();
  }
}

/** The seeded PRNG of the fault schedule: the one the workload uses (mulberry32, floats in [0, 1)). */
export const seeded = prng;

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
