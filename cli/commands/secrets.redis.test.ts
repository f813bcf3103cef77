/**
 * Issue 10 item 5: a password never reaches any output (stdout in every format, stderr), however
 * malformed the URL that carries it: missing or wrong scheme, a slash, percent-encoding, IPv6, an empty
 * host, spaces, a newline, or a password file.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCheckCommand } from './check.ts';
import { registerObserveCommand } from './observe.ts';
import { registerProbeCommand } from './probe.ts';
import { io } from '../../testing/cli/io.ts';
import { freePort, startTestRedis, type TestRedis } from '../../testing/redis/throwaway-redis.ts';

const SPEC = `keyspec: 1
name: secrets
env:
  REDIS_URL: { description: base URL }
  REDIS_PASSWORD_FILE: { description: a file holding the password }
connections:
  - name: default
    url: [REDIS_URL]
    passwordFile: REDIS_PASSWORD_FILE
databases:
  - index: 0
    name: main
    keys:
      - name: k
        pattern: 'k:{id:segment}'
        type: string
        ttl: none
`;

async function run(
  args: string[],
  env: Record<string, string | undefined>,
  command = 'check',
): Promise<{ code: number; out: string; err: string }> {
  let code = 0;
  const x = io({ progress: false, env });
  const program = new Command().name('keyspec').exitOverride().configureOutput({ writeOut: x.stdout, writeErr: x.stderr });
  registerCheckCommand(program, x, (c) => (code = c));
  registerObserveCommand(program, x, (c) => (code = c));
  registerProbeCommand(program, x, (c) => (code = c));
  try {
    await program.parseAsync([command, ...args], { from: 'user' });
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    code = 2;
  }
  return { code, out: x.out, err: x.err };
}

describe('secrets never reach the output', () => {
  let s: TestRedis;
  let dir: string;
  let spec: string;
  let pwFile: string;
  let P: number;
  let closed: number;
  beforeAll(async () => {
    s = await startTestRedis();
    const r = new Redis(s.url);
    await r.config('SET', 'requirepass', 'fileS3cret'); // the test's own server
    r.disconnect();
    P = s.port;
    closed = await freePort();
    dir = mkdtempSync(join(tmpdir(), 'keyspec-secrets-'));
    spec = join(dir, 'spec.yaml');
    writeFileSync(spec, SPEC);
    pwFile = join(dir, 'pw');
    writeFileSync(pwFile, 'fileS3cret\n');
  }, 30_000);
  afterAll(async () => {
    await s?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** [name, --url or REDIS_URL, the secret texts that must never appear] */
  const rows = (): [string, { url?: string; env?: Record<string, string> }, string[]][] => [
    ['slash in the password', { url: `redis://user:s3cret/pw@127.0.0.1:${P}` }, ['s3cret']],
    ['wrong scheme', { url: `http://user:s3cret@127.0.0.1:${P}` }, ['s3cret']],
    ['missing scheme (--url)', { url: `user:s3cret@127.0.0.1:${P}` }, ['s3cret']],
    ['missing scheme (REDIS_URL)', { env: { REDIS_URL: `user:s3cret@127.0.0.1:${P}` } }, ['s3cret']],
    ['single slash', { url: `redis:/user:s3cret@127.0.0.1:${P}` }, ['s3cret']],
    ['percent-encoding', { url: `redis://user:s3cr%65t@127.0.0.1:${P}` }, ['s3cret', 's3cr%65t']],
    ['IPv6', { url: `redis://user:s3cret@[::1]:${closed}` }, ['s3cret']],
    ['IPv6 malformed', { url: `redis://user:s3cret@[::1:${P}` }, ['s3cret']],
    ['empty host', { url: `redis://user:s3cret@:${P}` }, ['s3cret']],
    ['spaces', { url: `redis://user:s3 cret@127.0.0.1:${P}` }, ['s3 cret', 's3%20cret']],
    ['a newline', { url: `redis://user:s3\ncret@127.0.0.1:${P}` }, ['s3\ncret', 's3cret', 'cret@']],
    ['a newline before the host', { url: `redis://user:s3cret\n@127.0.0.1:${P}` }, ['s3cret']],
    ['password only', { url: `redis://:s3cret@127.0.0.1:${P}` }, ['s3cret']],
    ['an @ in the password', { url: `redis://user:s3@cret@127.0.0.1:${P}` }, ['s3@cret', 's3%40cret', 's3']],
    ['a port that is no port', { url: `redis://user:s3cret@127.0.0.1:port` }, ['s3cret']],
    ['password file, REDIS_URL without a scheme', { env: { REDIS_URL: `127.0.0.1:${P}`, REDIS_PASSWORD_FILE: '@pw' } }, ['fileS3cret']],
    ['password file, right password', { env: { REDIS_URL: `redis://127.0.0.1:${P}`, REDIS_PASSWORD_FILE: '@pw' } }, ['fileS3cret']],
    ['right password in the URL', { url: `redis://:fileS3cret@127.0.0.1:${P}` }, ['fileS3cret']],
    [
      'wrong password, file, REDIS_URL http',
      { env: { REDIS_URL: `http://u:s3cret@127.0.0.1:${P}`, REDIS_PASSWORD_FILE: '@pw' } },
      ['s3cret', 'fileS3cret'],
    ],
  ];

  for (const command of ['observe', 'probe'])
    it(`keyspec ${command}: on stdout and stderr`, async () => {
      for (const [name, input, secrets] of rows()) {
        if (input.url === undefined) continue;
        const extra = command === 'observe' ? ['--duration', '0.5'] : [];
        const r = await run([spec, '--url', input.url, ...extra, '--connect-timeout', '2000', '--command-timeout', '2000'], {}, command);
        const shown = r.out + r.err;
        expect(shown.length, name).toBeGreaterThan(0);
        for (const secret of secrets)
          expect(shown.includes(secret), `${command} ${name}: ${JSON.stringify(secret)} in ${shown}`).toBe(false);
      }
    }, 120_000);

  for (const format of ['text', 'json', 'junit', 'markdown']) {
    it(`in --format ${format} and on stderr`, async () => {
      for (const [name, input, secrets] of rows()) {
        const env: Record<string, string> = {};
        for (const [k, v] of Object.entries(input.env ?? {})) env[k] = v === '@pw' ? pwFile : v;
        const r = await run(
          [
            spec,
            ...(input.url !== undefined ? ['--url', input.url] : []),
            '--format',
            format,
            '--connect-timeout',
            '2000',
            '--command-timeout',
            '2000',
          ],
          env,
        );
        expect([0, 1, 2, 3, 4], name).toContain(r.code);
        const shown = r.out + r.err;
        expect(shown.length, name).toBeGreaterThan(0);
        for (const secret of secrets) expect(shown.includes(secret), `${name}: ${JSON.stringify(secret)} in ${shown}`).toBe(false);
      }
    }, 60_000);
  }
});
