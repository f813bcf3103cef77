/**
 * The client generated from testing/fixtures/redis8-app.yaml against a throwaway redis-server 7.0: it
 * type-checks; the logical-type accessors (HyperLogLog, bitmap, GEO) work and apply the key TTL; a
 * sharded channel publishes with SPUBLISH and subscribes with SSUBSCRIBE; and a write of a field with its
 * own TTL, whose MULTI holds HEXPIRE (Redis 7.4+), is refused by 7.0 as a whole (nothing is written).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Redis } from 'ioredis';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSpec, nodeHost } from '../spec/index.ts';
import { startTestRedis, type TestRedis } from '../testing/redis/throwaway-redis.ts';
import { generateFiles } from './generate.ts';

const root = join(import.meta.dirname, '..');
const spec = loadSpec(join(root, 'testing', 'fixtures', 'redis8-app.yaml'), nodeHost(root)).spec!;
const dir = mkdtempSync(join(import.meta.dirname, '.tmp-redis8-'));
const files = generateFiles(spec, { specPath: 'testing/fixtures/redis8-app.yaml', outDir: 'generated/redis8-app' });
for (const f of files) {
  mkdirSync(dirname(join(dir, f.path)), { recursive: true });
  writeFileSync(join(dir, f.path), f.contents);
}

// The generated module, loaded from the temporary folder (typed loosely: it is not checked in).
type Accessor = Record<string, (...args: unknown[]) => Promise<unknown>> & { key: string };
type Channel = {
  publish(params: object, message: object): Promise<number>;
  subscribe(params: object, handler: (m: { name: string; text: string } | null, raw: string) => void): Promise<{ close(): Promise<void> }>;
};
type Ks = {
  main: Record<string, (p: object) => Accessor>;
  channels: Record<string, Channel>;
  quit(): Promise<void>;
};

let server: TestRedis;
let r: Redis;
let ks: Ks;
beforeAll(async () => {
  server = await startTestRedis();
  r = new Redis(server.url);
  const client = (await import(join(dir, 'client.ts'))) as { createKeyspace(o: object): Ks };
  ks = client.createKeyspace({ url: server.url, env: {} });
});
afterAll(async () => {
  await ks?.quit();
  r?.disconnect();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the generated redis8-app client', () => {
  it('type-checks', () => {
    const program = ts.createProgram([join(dir, 'client.ts')], {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      skipLibCheck: true,
      types: ['node'],
      noUncheckedIndexedAccess: true,
    });
    expect(ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))).toEqual([]);
  });

  it('types a sharded channel so that subscribe needs every param', () => {
    writeFileSync(
      join(dir, 'misuse.ts'),
      "import { createKeyspace } from './client.js';\nconst ks = createKeyspace({});\nvoid ks.channels.room.subscribe({}, () => {});\n",
    );
    const program = ts.createProgram([join(dir, 'misuse.ts')], {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      skipLibCheck: true,
      types: ['node'],
    });
    const errors = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(errors.join('\n')).toMatch(/Property 'room' is missing/);
    expect(files.find((f) => f.path === 'client.ts')!.contents).toMatch(
      /room: ShardedChannelAccessor<RoomChannelParams, RoomChannelMessage>/,
    );
  });

  it('writes the field TTLs into the descriptors', () => {
    const desc = files.find((f) => f.path === 'descriptors.ts')!.contents;
    expect(desc).toMatch(/ttl: \{ kind: 'exact', seconds: 1800, refresh: 'write' \}/);
    expect(desc).toMatch(/logical: 'hyperloglog'/);
    expect(desc).toMatch(/sharded: true/);
  });

  it('the docs show field TTLs, logical types over their Redis type, and sharded channels', () => {
    const docs = files.find((f) => f.path === 'README.md')!.contents;
    expect(docs).toContain('| Field | Value | Required | Field TTL | Description |');
    expect(docs).toContain('| `csrf` | raw text | no | 1800s (30m), set on write |');
    expect(docs).toContain('| `pinned` | raw text | no | no TTL |');
    expect(docs).toContain('*hyperloglog (string)*');
    expect(docs).toContain('*geo (zset)*');
    expect(docs).toContain('*json (module type `ReJSON-RL`)*');
    expect(docs).toContain('*sharded* (`SPUBLISH` / `SSUBSCRIBE`');
    expect(docs).toContain('HTTL session:abc FIELDS 1 csrf');
  });

  it('HyperLogLog: PFADD with the key TTL, PFCOUNT; the value is a HYLL string', async () => {
    const hll = ks.main.visitors!({ day: 'mon' });
    expect(await hll.add!('a', 'b', 'c')).toBe(true);
    expect(await hll.add!('a')).toBe(false);
    expect(await hll.count!()).toBe(3);
    expect(await r.getrange(hll.key, 0, 3)).toBe('HYLL');
    const ttl = await r.ttl(hll.key);
    expect(ttl).toBeGreaterThan(604800 - 5);
    expect(ttl).toBeLessThanOrEqual(604800);
  });

  it('bitmap: SETBIT, GETBIT, BITCOUNT', async () => {
    const bits = ks.main.seen!({ day: 'mon' });
    expect(await bits.setBit!(7, 1)).toBe(0);
    expect(await bits.setBit!(9, 1)).toBe(0);
    expect(await bits.getBit!(7)).toBe(1);
    expect(await bits.getBit!(8)).toBe(0);
    expect(await bits.count!()).toBe(2);
    expect(await r.type(bits.key)).toBe('string');
  });

  it('GEO: GEOADD, GEOPOS, GEOSEARCH by radius; members checked by their format', async () => {
    const geo = ks.main.shops!({ city: 'paris' });
    expect(await geo.add!('bakery-1', 2.3522, 48.8566)).toBe(1);
    expect(await geo.add!('bakery-2', 2.2945, 48.8584)).toBe(1);
    const [lon, lat] = (await geo.position!('bakery-1')) as [number, number];
    expect(lon).toBeCloseTo(2.3522, 3);
    expect(lat).toBeCloseTo(48.8566, 3);
    expect(await geo.position!('nowhere')).toBeNull();
    expect(await geo.searchRadius!(2.35, 48.856, 1, 'km')).toEqual(['bakery-1']);
    expect(await geo.searchRadius!(2.35, 48.856, 10, 'km')).toEqual(['bakery-1', 'bakery-2']);
    await expect(geo.add!('Not Valid!', 2, 48)).rejects.toThrow(/is not text matching/);
    expect(await r.type(geo.key)).toBe('zset');
  });

  it('a module-type key has the commands every key has', async () => {
    const p = ks.main.profile!({ uid: 'u1' });
    expect(await p.exists!()).toBe(false);
    expect(p.key).toBe('profile:u1');
  });

  it('a sharded channel: SSUBSCRIBE and SPUBLISH; plain SUBSCRIBE never sees it', async () => {
    const got: string[] = [];
    const plain: string[] = [];
    const sub = await ks.channels.room!.subscribe({ room: 'lobby' }, (m) => m && got.push(`${m.name}:${m.text}`));
    const watcher = new Redis(server.url);
    await watcher.subscribe('room:{lobby}');
    watcher.on('message', (_c: string, m: string) => plain.push(m));
    try {
      expect(await r.call('PUBSUB', 'SHARDNUMSUB', 'room:{lobby}')).toEqual(['room:{lobby}', 1]);
      expect(await ks.channels.room!.publish({ room: 'lobby' }, { name: 'say', text: 'hello' })).toBe(1);
      await new Promise((res) => setTimeout(res, 100));
      expect(got).toEqual(['say:hello']);
      expect(plain).toEqual([]);
      await expect(ks.channels.room!.subscribe({}, () => {})).rejects.toThrow(/sharded: SSUBSCRIBE has no patterns/);
    } finally {
      await sub.close();
      watcher.disconnect();
    }
  });

  it('a field with its own TTL is written with HEXPIRE in the MULTI: Redis 7.0 refuses the whole transaction', async () => {
    const s = ks.main.session!({ sid: 'abc' });
    // No field TTL among these: HSET and the key TTL, as on any server.
    await s.set!({ user: 'u1' });
    expect(await r.hget(s.key, 'user')).toBe('u1');
    await expect(s.set!({ user: 'u2', csrf: 'token' })).rejects.toThrow(/EXECABORT|unknown command 'HEXPIRE'/i);
    await expect(s.setField!('csrf', 'token')).rejects.toThrow(/EXECABORT|unknown command 'HEXPIRE'/i);
    expect(await r.hgetall(s.key)).toEqual({ user: 'u1' });
  });
});
