/**
 * Safety: the whole check runs as an ACL user that may only read, and the keyspace is bit-for-bit the
 * same afterwards (type, content and EXPIRETIME of every key, the server's dirty counter), and no command outside
 * the read-only set was executed (INFO commandstats). Also: a restricted user without EVAL_RO and
 * CONFIG (managed Redis style) falls back to per-key pipelines and reports UNVERIFIABLE, exit 4.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from './run-check.ts';
import { startTestRedis, type TestRedis } from '../../testing/redis/throwaway-redis.ts';
import { PLANTED } from '../../testing/fixtures/planted.ts';
import { loadWeppcloudFixture } from '../../testing/fixtures/weppcloud-fixture.ts';

const SPEC = join(import.meta.dirname, '..', '..', 'spec', 'weppcloud.yaml');

/** Commands the check may send (everything else would be a safety bug). */
const READ_ONLY = new Set([
  'scan',
  'type',
  'pttl',
  'eval_ro',
  'hget',
  'hmget',
  'hscan',
  'sscan',
  'lrange',
  'zrange',
  'xrange',
  'xrevrange',
  'get',
  'strlen',
  'dbsize',
  'info',
  'config|get',
  'hello',
  'select',
  'ping',
  'cluster|slots',
  'auth',
  'memory|usage',
  'hexists',
  'httl',
  'getrange',
]);

async function digest(r: Redis): Promise<string> {
  const h = createHash('sha256');
  for (let db = 0; db < 16; db++) {
    await r.select(db);
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, ks] = await r.scan(cursor, 'COUNT', 1000);
      cursor = next;
      keys.push(...ks);
    } while (cursor !== '0');
    for (const k of [...new Set(keys)].sort()) {
      // Canonical content, not DUMP: reads may advance a hash table's incremental rehash, which
      // reorders DUMP's output without changing the value.
      const type = await r.type(k);
      const exp = await r.call('EXPIRETIME', k);
      h.update(`${db}\0${k}\0${type}\0${exp}\0`);
      const parts: Buffer[] = [];
      if (type === 'string') parts.push((await r.getBuffer(k))!);
      else if (type === 'list') parts.push(...(await r.lrangeBuffer(k, 0, -1)));
      else if (type === 'set') parts.push(...(await r.smembersBuffer(k)).sort(Buffer.compare));
      else if (type === 'zset') parts.push(...(await r.zrangeBuffer(k, 0, -1, 'WITHSCORES')));
      else if (type === 'hash') {
        const flat = await r.hgetallBuffer(k);
        parts.push(
          ...Object.entries(flat)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
            .flatMap(([f, v]) => [Buffer.from(f), v]),
        );
      } else if (type === 'stream') parts.push(Buffer.from(JSON.stringify(await r.xrange(k, '-', '+'))));
      for (const p of parts) h.update(`${p.length}:`).update(p);
    }
  }
  await r.select(0);
  return h.digest('hex');
}

async function commandsRun(admin: Redis): Promise<string[]> {
  const stats = String(await admin.info('commandstats'));
  return [...stats.matchAll(/^cmdstat_([^:]+):calls=([0-9]+)/gm)].filter((m) => Number(m[2]) > 0).map((m) => m[1]!);
}

describe('read-only safety', () => {
  let s: TestRedis;
  let admin: Redis;
  beforeAll(async () => {
    s = await startTestRedis({ config: { 'notify-keyspace-events': 'Kh' } });
    admin = new Redis(s.url);
    await loadWeppcloudFixture(admin, { runs: 6, jobsPerStatus: 2 });
    // Violations too, so that every sampling path (big values, hashes, streams, zsets) runs.
    const pl = admin.pipeline();
    for (const p of PLANTED) {
      pl.select(p.db);
      for (const [cmd, ...args] of p.commands) pl.call(String(cmd), ...args);
    }
    pl.select(5);
    pl.set('stray', '1');
    pl.select(0);
    await pl.exec();
    await admin.call(
      'ACL',
      'SETUSER',
      'checker',
      'on',
      '>checker-pw-1',
      '~*',
      '&*',
      '-@all',
      '+@read',
      '+@connection',
      '+info',
      '+config|get',
      '+eval_ro',
      '-@write',
    );
    await admin.call(
      'ACL',
      'SETUSER',
      'managed',
      'on',
      '>managed-pw-1',
      '~*',
      '-@all',
      '+@read',
      '+@connection',
      '-@write',
      '-info',
      '-config',
    );
  });
  afterAll(async () => {
    admin?.disconnect();
    await s?.stop();
  });

  it('the ACL user really cannot write', async () => {
    const u = new Redis({ host: s.host, port: s.port, username: 'checker', password: 'checker-pw-1' });
    try {
      await expect(u.set('x', '1')).rejects.toThrow(/NOPERM/);
      await expect(u.call('EVAL', "return redis.call('SET','x','1')", 0)).rejects.toThrow(/NOPERM/);
      await expect(u.call('EVAL_RO', "return redis.call('SET','x','1')", 0)).rejects.toThrow(/./);
    } finally {
      u.disconnect();
    }
  });

  for (const batch of ['auto', 'pipeline'] as const) {
    it(`runs the whole check as a read-only user and leaves the keyspace unchanged (${batch})`, async () => {
      const before = await digest(admin);
      const dirty = Number(/rdb_changes_since_last_save:([0-9]+)/.exec(String(await admin.info('persistence')))![1]);
      await admin.config('RESETSTAT');
      const res = await runCheck({ spec: SPEC, url: `redis://checker:checker-pw-1@${s.host}:${s.port}`, sampleRate: 1, batch });
      const used = await commandsRun(admin);
      expect(res.exitCode).toBe(1);
      expect(res.findings.some((f) => f.id === 'check.error')).toBe(false);
      expect(new Set(res.findings.map((f) => f.key)).size).toBeGreaterThan(PLANTED.length - 2);
      expect(used.filter((c) => !READ_ONLY.has(c) && c !== 'config|resetstat')).toEqual([]);
      if (batch === 'auto') expect(used).toContain('eval_ro');
      else expect(used).not.toContain('eval_ro');
      expect(Number(/rdb_changes_since_last_save:([0-9]+)/.exec(String(await admin.info('persistence')))![1])).toBe(dirty);
      expect(await digest(admin)).toBe(before);
      expect(JSON.stringify(res.report)).not.toContain('checker-pw-1');
      expect(res.report!.target.url).toBe(`redis://checker:***@${s.host}:${s.port}`);
    });
  }

  it('a managed-Redis user (no EVAL_RO, no CONFIG, no INFO) falls back to pipelines and reports UNVERIFIABLE, exit 4', async () => {
    const clean = await startTestRedis({ config: { 'notify-keyspace-events': 'Kh' } });
    const a = new Redis(clean.url);
    try {
      await loadWeppcloudFixture(a, { runs: 3 });
      await a.call('ACL', 'SETUSER', 'managed', 'on', '>managed-pw-1', '~*', '-@all', '+@read', '+@connection', '-info', '-config');
      const res = await runCheck({ spec: SPEC, url: `redis://managed:managed-pw-1@${clean.host}:${clean.port}`, sampleRate: 1 });
      const ids = res.findings.filter((f) => f.id !== 'pattern.unseen').map((f) => f.id);
      // Version through the HELLO probe; notify flags cannot be probed without writing.
      expect(ids).toEqual(['server.notify.unverifiable']);
      expect(res.summary.server.version).toMatch(/^7\./);
      expect(res.summary.server.checks.find((c) => c.name === 'notify-keyspace-events')!.state).toBe('unverifiable');
      expect(res.exitCode).toBe(4);
      expect(res.summary.status).toBe('unverifiable');
      expect(res.summary.keys.scanned).toBeGreaterThan(50);
    } finally {
      a.disconnect();
      await clean.stop();
    }
  });
});
