/**
 * keyspec as a user installs it: `npm pack`, the tarball installed into a fresh project outside this
 * repository, then used from plain Node, from strict TypeScript (NodeNext), from its CLI and from Vitest,
 * against a throwaway redis-server. This is what proves README's install and usage hold outside the repo.
 *
 * Packages come from the local npm cache where they are there (`--prefer-offline`); the registry is only
 * asked for what the cache lacks.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRedis, type TestRedis } from '../testing/redis/throwaway-redis.ts';

const run = promisify(execFile);
const repo = join(import.meta.dirname, '..');
const typescriptBin = join(repo, 'node_modules', 'typescript', 'bin', 'tsc');

const SPEC = `# yaml-language-server: $schema=../node_modules/keyspec/spec/keyspec.schema.json
keyspec: 1
name: shop
description: A consumer's own spec, importing a library spec that ships with keyspec.
imports:
  - spec: keyspec/lib/rq.yaml
    as: rq
    database: jobs
    params:
      queues: [default]
databases:
  - index: 0
    name: main
    keys:
      - name: cart
        pattern: 'cart:{id:uuid}'
        type: string
        ttl: 3600
        value: json
        examples: ['cart:0b6f3a52-3c1e-4f64-9a55-1f5b1d0c7e21']
  - index: 1
    name: jobs
`;

interface Shell {
  code: number;
  stdout: string;
  stderr: string;
}

async function sh(cwd: string, file: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Shell> {
  try {
    const r = await run(file, args, { cwd, env: { ...process.env, ...env }, timeout: 240_000, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code?: number; stdout?: string; stderr?: string; message: string };
    return { code: typeof x.code === 'number' ? x.code : -1, stdout: x.stdout ?? '', stderr: x.stderr ?? x.message };
  }
}

const npm = (cwd: string, args: string[]): Promise<Shell> =>
  sh(cwd, 'npm', [...args, '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error']);

describe('the packed package in a fresh project', () => {
  let work: string;
  let app: string;
  let redis: TestRedis;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'keyspec-consumer-'));
    redis = await startTestRedis({ mode: 'local' });
    const packed = await npm(repo, ['pack', '--pack-destination', work, '--json']);
    expect(packed.code, packed.stderr).toBe(0);
    const tarball = join(
      work,
      readdirSync(work).find((f) => f.endsWith('.tgz'))!,
    );
    app = join(work, 'app');
    mkdirSync(join(app, 'spec'), { recursive: true });
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }, null, 2));
    writeFileSync(join(app, 'spec', 'shop.yaml'), SPEC);
    const ioredis = JSON.parse(readFileSync(join(repo, 'node_modules', 'ioredis', 'package.json'), 'utf8')).version as string;
    const vitest = JSON.parse(readFileSync(join(repo, 'node_modules', 'vitest', 'package.json'), 'utf8')).version as string;
    const node = JSON.parse(readFileSync(join(repo, 'node_modules', '@types', 'node', 'package.json'), 'utf8')).version as string;
    const installed = await npm(app, ['install', tarball, `ioredis@${ioredis}`, `vitest@${vitest}`, `@types/node@${node}`]);
    expect(installed.code, installed.stderr).toBe(0);
  }, 300_000);

  afterAll(async () => {
    await redis?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('ships no tests, fixtures or TypeScript sources, and no tsx, esbuild or Docker client', () => {
    const pkg = join(app, 'node_modules', 'keyspec');
    const files: string[] = [];
    const walk = (d: string): void => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(d, e.name));
        else files.push(join(d, e.name).slice(pkg.length + 1));
      }
    };
    walk(pkg);
    expect(files.filter((f) => /\.test\.|[/\\]testing[/\\]|[/\\]fixtures[/\\]/.test(f))).toEqual([]);
    // TypeScript sources only where the generator copies them into users' projects.
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.startsWith('dist/generator/runtime/'))).toEqual([]);
    const modules = readdirSync(join(app, 'node_modules'));
    for (const heavy of ['tsx', 'esbuild', 'testcontainers', 'dockerode', 'ssh2']) expect(modules).not.toContain(heavy);
  });

  it('npx keyspec --version and -v print the package version', async () => {
    const version = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).version as string;
    for (const flag of ['--version', '-v']) {
      const r = await sh(app, 'npx', ['keyspec', flag]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout.trim()).toBe(version);
    }
  });

  it('validates a spec that imports keyspec/lib/rq.yaml, and says why in one line on a bad flag', async () => {
    const ok = await sh(app, 'npx', ['keyspec', 'validate', 'spec/shop.yaml']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stderr).toContain('0 errors');
    const bad = await sh(app, 'npx', ['keyspec', 'validate', '--bogus', 'spec/shop.yaml']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('plain node imports keyspec and keyspec/vitest and validates the spec', async () => {
    writeFileSync(
      join(app, 'lib.mjs'),
      `import { validateSpecs, nodeHost, generateFiles } from 'keyspec';
import { conformanceSuite } from 'keyspec/vitest';
const result = validateSpecs([new URL('./spec/shop.yaml', import.meta.url).pathname], nodeHost());
const spec = result.specs[0].spec;
console.log(JSON.stringify({
  errors: result.errors,
  keys: spec.databases.flatMap((d) => d.keys.map((k) => k.id)).length,
  kit: typeof conformanceSuite,
  files: generateFiles(spec, { specPath: 'spec/shop.yaml', outDir: 'gen' }).length,
}));
`,
    );
    const r = await sh(app, process.execPath, ['lib.mjs']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { errors: number; keys: number; kit: string; files: number };
    expect(out.errors).toBe(0);
    expect(out.keys).toBeGreaterThan(10); // cart plus rq's keys
    expect(out.kit).toBe('function');
    expect(out.files).toBeGreaterThan(1);
  });

  it('generates a client that strict TypeScript (NodeNext) compiles together with the typed API, and it runs', async () => {
    const gen = await sh(app, 'npx', ['keyspec', 'generate', 'spec/shop.yaml', '--out', 'src/generated']);
    expect(gen.code, gen.stderr).toBe(0);
    expect(gen.stderr).not.toContain('warning');
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          outDir: 'out',
          types: ['node'],
          skipLibCheck: false,
        },
        include: ['src'],
      }),
    );
    writeFileSync(
      join(app, 'src', 'main.ts'),
      `import { loadSpec, nodeHost, runCheck, validateSpecs, type Spec, type KeyPattern } from 'keyspec';
import { createKeyspace } from './generated/client.js';

// README's library example, as written there.
const result = validateSpecs(['spec/shop.yaml'], nodeHost());
if (result.errors === 0) {
  const { report, exitCode } = await runCheck({ spec: 'spec/shop.yaml', url: process.env.REDIS_URL });
  console.error(report?.summary.status, exitCode);
}

const loaded = loadSpec(new URL('../spec/shop.yaml', import.meta.url).pathname, nodeHost());
const spec: Spec | undefined = loaded.spec;
const keys: KeyPattern[] = spec ? spec.databases.flatMap((d) => d.keys) : [];
const ks = createKeyspace({ url: process.env.REDIS_URL ?? '' });
const cart = ks.main.cart({ id: '0b6f3a52-3c1e-4f64-9a55-1f5b1d0c7e21' });
await cart.set({ items: 2 });
const back: unknown = await cart.get();
const ttl = await ks.client('main').ttl('cart:0b6f3a52-3c1e-4f64-9a55-1f5b1d0c7e21');
await ks.quit();
console.log(JSON.stringify({ keys: keys.length, back, ttl }));
`,
    );
    const tsc = await sh(app, process.execPath, [typescriptBin, '-p', '.']);
    expect(tsc.code, tsc.stdout + tsc.stderr).toBe(0);
    const r = await sh(app, process.execPath, ['out/main.js'], { REDIS_URL: redis.url });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { keys: number; back: unknown; ttl: number };
    expect(out.back).toEqual({ items: 2 });
    expect(out.ttl).toBeGreaterThan(3500);
  });

  it('npx keyspec check finds a planted violation on a throwaway redis-server, and the Vitest kit runs', async () => {
    const { Redis } = await import('ioredis');
    const r = new Redis(redis.url);
    await r.set('cart:not-a-uuid', '{}');
    await r.quit();
    const check = await sh(app, 'npx', ['keyspec', 'check', 'spec/shop.yaml', '--url', redis.url, '--format', 'json', '--no-progress']);
    expect(check.code, check.stderr).toBe(1);
    const report = JSON.parse(check.stdout) as { findings: { id: string; key?: string }[] };
    expect(report.findings.some((f) => f.id === 'key.unmatched' && f.key === 'cart:not-a-uuid')).toBe(true);

    writeFileSync(
      join(app, 'keyspace.test.mjs'),
      `import { conformanceSuite } from 'keyspec/vitest';
conformanceSuite({ spec: 'spec/shop.yaml', url: process.env.REDIS_URL, exceptions: { 'key.unmatched': 'planted by the test' } });
`,
    );
    const kit = await sh(app, 'npx', ['vitest', 'run', 'keyspace.test.mjs'], { REDIS_URL: redis.url, CI: 'true' });
    expect(kit.code, kit.stdout + kit.stderr).toBe(0);
    expect(kit.stdout).toMatch(/passed/);
  });
});
