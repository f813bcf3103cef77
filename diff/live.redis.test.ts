/** Live weighing against a throwaway redis-server filled with old-shaped keys: how many keys each change affects. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startTestRedis, type TestRedis } from '../testing/redis/throwaway-redis.ts';
import { io } from '../testing/cli/io.ts';
import { runCli } from '../cli/run-cli.ts';
import { diffModels } from './diff-models.ts';
import { weighLive } from './live.ts';
import { BASE, edit, specOf } from './testing/specs.ts';

const NEW = edit(
  // ttl.shortened: one cache key has a TTL above the new 600 s.
  ['ttl: { max: 3600 }', 'ttl: { max: 600 }'],
  // key.pattern.narrowed: only cache keys whose file is a number still match.
  ["pattern: 'cache:{runid}:{file:segment}'", "pattern: 'cache:{runid}:{file:uint}'"],
  // ttl.added: run hashes had no TTL.
  [
    '        type: hash\n        ttl: none\n        fields:\n          - name: status',
    '        type: hash\n        ttl: 1d\n        fields:\n          - name: status',
  ],
  // key.removed: the counters.
  [
    "      - name: counter\n        pattern: 'counter:{n:uint}'\n        type: string\n        value: integer\n        ttl: none\n        writers: [worker]\n        readers: [web]\n",
    '',
  ],
  ['    reads: [main.run, main.counter]', '    reads: [main.run]'],
  ['    writes: [main.counter]', '    writes: []'],
  // key.type.changed in db 1: the queue list becomes a set.
  ['        type: list\n        ttl: none\n        member: uuid', '        type: set\n        ttl: none\n        member: uuid'],
  // field.removed: not weighed.
  ['          - name: owner\n            value: raw\n', ''],
);

describe('keyspec diff --url: changes weighed by live keys', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startTestRedis();
    const db0 = new Redis(redis.url);
    await db0.set('cache:r1:a-json', '{}', 'EX', 3000);
    await db0.set('cache:r2:7', '{}', 'EX', 100);
    await db0.set('counter:1', '1');
    await db0.set('counter:2', '2');
    await db0.hset('run:alpha', { status: 'queued', owner: 'ana' });
    await db0.hset('run:beta', { status: 'finished' });
    await db0.expire('run:beta', 500);
    await db0.set('unrelated', 'x');
    const db1 = new Redis(redis.url, { db: 1 });
    await db1.rpush('queue:default', '9b2c8e4a-1f3d-4c6b-8a7e-2d5f0c9b1e3a');
    db0.disconnect();
    db1.disconnect();
  });
  afterAll(async () => redis?.stop());

  it('counts the affected live keys per change, says "no live key" where none, and "not weighed" elsewhere', async () => {
    const diff = diffModels(specOf(BASE), specOf(NEW));
    await weighLive(diff, { url: redis.url, count: 2 });
    const live = Object.fromEntries(diff.changes.map((c) => [c.rule + ' ' + c.subject, c.live]));
    const keys = (id: string): number | string => {
      const l = live[id];
      return l?.weighed ? l.keys : `not weighed: ${l?.reason}`;
    };
    expect(keys('ttl.shortened db:main/key:cache/ttl')).toBe(1);
    expect(keys('key.pattern.narrowed db:main/key:cache/pattern')).toBe(1);
    expect(live['key.pattern.narrowed db:main/key:cache/pattern']).toMatchObject({ samples: ['cache:r1:a-json'] });
    expect(keys('ttl.added db:main/key:run/ttl')).toBe(1);
    expect(keys('key.removed db:main/key:counter')).toBe(2);
    expect(keys('key.type.changed db:jobs/key:queue/type')).toBe(1);
    expect(keys('field.removed db:main/key:run/field:owner')).toBe('not weighed: no live measure for this rule');
    expect(diff.live).toMatchObject({ scanned: 8, complete: true });
  });

  it('says so when a change affects no live key, and stops at --max-keys', async () => {
    const narrowed = edit(
      ['              ttl: 600', '              ttl: 60'],
      ["pattern: 'cache:{runid}:{file:segment}'", "pattern: 'cache:{runid}:{file:uint}'"],
    );
    const diff = diffModels(specOf(BASE), specOf(narrowed));
    await weighLive(diff, { url: redis.url, maxKeys: 1 });
    expect(diff.changes.find((c) => c.rule === 'key.pattern.narrowed')?.live).toMatchObject({ weighed: true, scanned: 1, complete: false });
    // The case-dependent TTL cannot be judged from PTTL alone.
    expect(diff.changes.find((c) => c.rule === 'ttl.shortened')?.live).toEqual({ weighed: false, reason: 'no live measure for this rule' });

    const dir = mkdtempSync(join(tmpdir(), 'keyspec-diff-live-'));
    writeFileSync(join(dir, 'old.yaml'), BASE);
    // The session key becomes a string (its fields and field-dependent TTL go with it): no live session keys.
    const retyped = edit(
      ["pattern: 'session:{sid:hex32}'\n        type: hash", "pattern: 'session:{sid:hex32}'\n        type: string"],
      ['        fields:\n          - name: state\n            value: { enum: [active, stale] }\n            required: true\n', ''],
      [
        '        ttl:\n          field: state\n          cases:\n            - when: [active]\n              ttl: 3600\n            - when: [stale]\n              ttl: 600\n',
        '        ttl: 3600\n',
      ],
    );
    writeFileSync(join(dir, 'new.yaml'), retyped);
    const x = io({ cwd: dir });
    expect(await runCli(['diff', 'old.yaml', 'new.yaml', '--url', redis.url], x)).toBe(1);
    expect(x.out).toMatch(/key\.type\.changed[^\n]*\n.*\n.*\n {2}live: affects no live key \(of 7 scanned\)/);
    const md = io({ cwd: dir });
    await runCli(['diff', 'old.yaml', 'new.yaml', '--url', redis.url, '--format', 'markdown'], md);
    expect(md.out).toContain('| 🔴 breaking | 1 | 0 | 0 |');
  });

  it('an enum value removed: the live hashes whose field holds it', async () => {
    const diff = diffModels(
      specOf(BASE),
      specOf(edit(['value: { enum: [queued, started, finished] }', 'value: { enum: [started, finished] }'])),
    );
    await weighLive(diff, { url: redis.url });
    expect(diff.changes.map((c) => [c.rule, c.live])).toEqual([
      [
        'enum.value.removed',
        { weighed: true, keys: 1, scanned: 7, complete: true, samples: ['run:alpha'], what: "keys whose field 'status' is 'queued'" },
      ],
    ]);
  });

  it('a database moved to another index: its live keys to move', async () => {
    const diff = diffModels(specOf(BASE), specOf(edit(['  - index: 1\n    name: jobs', '  - index: 5\n    name: jobs'])));
    await weighLive(diff, { url: redis.url });
    expect(diff.changes.map((c) => [c.rule, c.live])).toEqual([
      [
        'db.index.changed',
        { weighed: true, keys: 1, scanned: 1, complete: true, samples: ['queue:default'], what: 'keys to move to the new index' },
      ],
    ]);
  });

  it('a server that cannot be reached is exit 3', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyspec-diff-live-'));
    writeFileSync(join(dir, 'old.yaml'), BASE);
    writeFileSync(join(dir, 'new.yaml'), NEW);
    const x = io({ cwd: dir });
    expect(await runCli(['diff', 'old.yaml', 'new.yaml', '--url', `redis://127.0.0.1:${await freePort()}`], x)).toBe(3);
    expect(x.err).toMatch(/keyspec diff: cannot connect to redis:\/\/127\.0\.0\.1:\d+/);
  });
});
