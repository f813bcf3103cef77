/**
 * Seeded, fast population of a WEPPcloud-shaped keyspace of any size for the conformance benchmark:
 * ~30% python-rq keys (DB 9), ~25% Flask sessions (DB 11), the rest per-run state spread over DBs 0, 11,
 * 13, 14 and 15, all built by testing/fixtures/weppcloud-fixture.ts. Keys are streamed into pipelines
 * (never all held in memory). Only ever point it at a throwaway server.
 *
 *   npx tsx bench/populate.ts redis://127.0.0.1:6390 1000000 [seed]
 */
import { spawn } from 'node:child_process';
import { WeppcloudFixture, type Arg, type FixtureKey } from '../testing/fixtures/weppcloud-fixture.ts';

/** The keys of a WEPPcloud-shaped keyspace of about `total` keys. */
export function* weppcloudShaped(total: number, seed = 1, now = Date.now()): Generator<FixtureKey> {
  const f = new WeppcloudFixture({ seed, now });
  let n = 0;
  // python-rq: ~36 keys per job-per-status step (both queues, every status, results, dependency sets).
  const jobsPerStatus = Math.max(1, Math.round((total * 0.3) / 36));
  const runIds = Array.from({ length: 50 }, (_x, i) => f.runid(i));
  for (const k of f.rq(jobsPerStatus, runIds)) {
    yield k;
    n++;
  }
  const sessions = Math.round(total * 0.25);
  for (let s = 0; s < sessions && n < total; s++, n++) yield f.session();
  // Distinct run ids per seed, so a second population adds keys instead of rewriting them.
  for (let i = (seed - 1) * 10_000_000; n < total; i++) {
    for (const k of f.run(i)) {
      if (n++ >= total) return;
      yield k;
    }
    for (const k of f.runCaches(i)) {
      if (n++ >= total) return;
      yield k;
    }
  }
}

/** Encodes commands as RESP into fixed-size chunks (no per-command objects). */
export class RespWriter {
  private buf = Buffer.allocUnsafe(1 << 20);
  private at = 0;
  constructor(private readonly flush: (chunk: Buffer) => Promise<void>) {}

  private ensure(n: number): Promise<void> | undefined {
    if (this.at + n <= this.buf.length) return undefined;
    const full = this.buf.subarray(0, this.at);
    this.buf = Buffer.allocUnsafe(Math.max(1 << 20, n));
    this.at = 0;
    return this.flush(full);
  }

  /** Encodes one command; returns a promise only when a full chunk was handed over (await it: back-pressure). */
  command(args: readonly Arg[]): Promise<void> | undefined {
    let size = 16;
    const parts = args.map((a) => (Buffer.isBuffer(a) ? a : String(a)));
    for (const p of parts) size += 16 + (typeof p === 'string' ? Buffer.byteLength(p) : p.length);
    const wait = this.ensure(size);
    this.at += this.buf.write(`*${parts.length}\r\n`, this.at, 'latin1');
    for (const p of parts) {
      if (typeof p === 'string') {
        const len = Buffer.byteLength(p);
        this.at += this.buf.write(`$${len}\r\n`, this.at, 'latin1');
        this.at += this.buf.write(p, this.at, 'utf8');
      } else {
        this.at += this.buf.write(`$${p.length}\r\n`, this.at, 'latin1');
        this.at += p.copy(this.buf, this.at);
      }
      this.at += this.buf.write('\r\n', this.at, 'latin1');
    }
    return wait;
  }

  async end(): Promise<void> {
    if (this.at) await this.flush(this.buf.subarray(0, this.at));
    this.at = 0;
  }
}

/**
 * Streams the keys into `redis-cli --pipe` (the server's mass-insertion mode): RESP written straight
 * to its stdin with back-pressure. Resolves with the number of keys once redis-cli reports no errors.
 */
export async function populate(url: string, total: number, seed = 1): Promise<{ keys: number; ms: number }> {
  const u = new URL(url);
  const t = performance.now();
  const cli = spawn(
    'redis-cli',
    [
      '-h',
      u.hostname,
      '-p',
      u.port || '6379',
      ...(u.password ? ['-a', decodeURIComponent(u.password), '--no-auth-warning'] : []),
      '--pipe',
    ],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let out = '';
  cli.stdout.on('data', (b: Buffer) => (out += b.toString()));
  cli.stderr.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<number>((resolve, reject) => {
    cli.once('error', reject);
    cli.once('exit', (code) => resolve(code ?? 1));
  });
  const writer = new RespWriter(
    (chunk) =>
      new Promise<void>((resolve, reject) => {
        // Copy: the writer reuses nothing, but the stream may hold the buffer until written.
        if (cli.stdin.write(chunk, (err) => (err ? reject(err) : undefined))) resolve();
        else cli.stdin.once('drain', resolve);
      }),
  );
  let db = -1;
  let keys = 0;
  for (const k of weppcloudShaped(total, seed)) {
    if (k.db !== db) {
      await writer.command(['SELECT', k.db]);
      db = k.db;
    }
    for (const c of k.commands) {
      const wait = writer.command(c);
      if (wait) await wait;
    }
    keys++;
  }
  await writer.end();
  cli.stdin.end();
  const code = await exited;
  const errors = /errors: ([0-9]+)/.exec(out);
  if (code !== 0 || !errors || errors[1] !== '0') throw new Error(`redis-cli --pipe failed (exit ${code}): ${out.trim()}`);
  return { keys, ms: performance.now() - t };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [url, total, seed] = process.argv.slice(2);
  if (!url || !total) {
    console.error('usage: tsx bench/populate.ts <redis-url> <keys> [seed]');
    process.exit(2);
  }
  const r = await populate(url, Number(total), Number(seed ?? 1));
  console.log(`${r.keys} keys in ${(r.ms / 1000).toFixed(1)} s`);
}
