/**
 * Issue 10 items 6, 7 (report part) and 14 against a real server: `--db` naming a database the server
 * or the spec does not have is a clear result, never CONFORMS; a key with a newline (or another control
 * character, or a lone surrogate) is shown escaped in every format and its reproduce line gives
 * redis-cli the real bytes; unmatched keys name their nearest declared pattern and what differs, without
 * printing the key twice; a partly blind observe is UNVERIFIABLE.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from './run-check.ts';
import { runObserve } from '../observe/run-observe.ts';
import { renderReport } from '../reports/render.ts';
import { startTestRedis, type TestRedis } from '../../testing/redis/throwaway-redis.ts';

const SPEC = join(import.meta.dirname, '..', '..', 'testing', 'fixtures', 'rq-app.yaml');
const FORGED = 'weird:\nFORGED 0 errors: CONFORMS (exit 0)';

describe('report hygiene', () => {
  let s: TestRedis;
  let r: Redis;
  beforeAll(async () => {
    s = await startTestRedis();
    r = new Redis(s.url);
    await r.select(9);
    await r.rpush('rq:queue:m4', 'x');
    await r.set(FORGED, 'v');
    await r.set('weird:\x1b[2J\u202e', 'v');
    await r.set('rq:jobs:x', 'v');
  }, 30_000);
  afterAll(async () => {
    r?.disconnect();
    await s?.stop();
  });

  it('--db 99 (no such database on the server) is no CONFORMS', async () => {
    const res = await runCheck({ spec: SPEC, url: s.url, dbs: [99] });
    expect(res.summary.status).not.toBe('conforms');
    expect(res.exitCode).not.toBe(0);
    const msgs = res.findings.filter((f) => f.id === 'check.error').map((f) => f.message);
    expect(msgs.join('\n')).toMatch(/database 99 does not exist on this server \(it has 16/);
  }, 30_000);

  it('--db 5 (a database the spec does not declare, empty) is no CONFORMS', async () => {
    const res = await runCheck({ spec: SPEC, url: s.url, dbs: [5] });
    expect(res.exitCode).not.toBe(0);
    expect(res.findings.map((f) => f.message).join('\n')).toMatch(/the spec declares no database 5 \(it declares 9, 11\)/);
  }, 30_000);

  it('--db 6 (undeclared, holding keys) reports them as db.undeclared', async () => {
    const w = new Redis(s.url);
    try {
      await w.select(6);
      await w.set('stray', 'v');
      const res = await runCheck({ spec: SPEC, url: s.url, dbs: [6] });
      expect(res.exitCode).toBe(1);
      expect(res.findings.some((f) => f.id === 'db.undeclared' && f.db === 6)).toBe(true);
    } finally {
      await w.del('stray');
      w.disconnect();
    }
  }, 30_000);

  it('--db 9 still checks db 9', async () => {
    const res = await runCheck({ spec: SPEC, url: s.url, dbs: [9] });
    expect(res.findings.some((f) => f.id === 'key.unmatched')).toBe(true);
    expect(res.findings.some((f) => f.id === 'check.error')).toBe(false);
  }, 30_000);

  it('shows control characters in key names escaped in every format, and reproduce lines name the real key', async () => {
    const res = await runCheck({ spec: SPEC, url: s.url, dbs: [9], sampleRate: 1 });
    for (const format of ['text', 'markdown', 'junit', 'json'] as const) {
      const out = renderReport(format, res.report!, { color: false });
      expect(
        out.split('\n').some((l) => l.startsWith('FORGED')),
        format,
      ).toBe(false);
      expect(out.includes('\x1b'), format).toBe(false);
      // JSON carries the exact name (JSON.stringify escapes the controls); the others show it escaped.
      if (format !== 'json') expect(out.includes('\u202e'), format).toBe(false);
      expect(out, format).toContain('weird:\\nFORGED');
    }
    const f = res.findings.find((x) => x.key === FORGED)!;
    expect(f.reproduce).toContain("$'weird:\\x0aFORGED");
    // The reproduce line, run by a shell, reaches the real key (TYPE says string, not none).
    const line = f.reproduce!.replace(/^redis-cli/, `redis-cli -h 127.0.0.1 -p ${s.port}`).replace(/ -h 127\.0\.0\.1 -p \d+ -h/, ' -h');
    const type = execFileSync('bash', ['-c', line], { encoding: 'utf8', timeout: 10_000 }).trim();
    expect(type).toBe('string');
  }, 30_000);

  it('names the nearest declared pattern and what differs, never the key twice', async () => {
    const res = await runCheck({ spec: SPEC, url: s.url, dbs: [9], sampleRate: 0 });
    const m4 = res.findings.find((x) => x.key === 'rq:queue:m4')!;
    expect(m4.actual).toBe('nearest `rq:queue:{queue}`: queue `m4` is not one of [default, batch]');
    const g = res.summary.unmatchedPrefixes.find((u) => u.examples.includes('rq:queue:m4'))!;
    expect(g.prefix).toBe('rq:queue:*');
    expect(g.nearest).toEqual([{ key: 'rq:queue:m4', pattern: 'rq:queue:{queue}', differs: 'queue `m4` is not one of [default, batch]' }]);
    const text = renderReport('text', res.report!, { color: false });
    expect(text).toContain('"rq:queue:m4": nearest `rq:queue:{queue}`: queue `m4` is not one of [default, batch]');
    expect(text).not.toMatch(/"([^"]+)": "\1"/);
    const md = renderReport('markdown', res.report!, { color: false });
    expect(md).toContain('nearest `rq:queue:{queue}`');
    const jobs = res.findings.find((x) => x.key === 'rq:jobs:x')!;
    expect(jobs.actual).toMatch(/^nearest `rq:/);
  }, 30_000);

  for (const [notify, monitor] of [
    ['Kg', false],
    ['Kh', false],
    ['', false],
    ['Kg', true],
    ['Eh', true],
  ] as const)
    it(`a partly blind observe (notify-keyspace-events '${notify}'${monitor ? ', --monitor' : ''}) is UNVERIFIABLE, exit 4`, async () => {
      const own = await startTestRedis({ config: { 'notify-keyspace-events': notify } });
      try {
        const res = await runObserve({ spec: SPEC, url: own.url, durationSeconds: 1, settleMs: 100, monitor });
        expect(res.report!.summary.observe!.missedEventClasses.length).toBeGreaterThan(0);
        expect(res.summary.status).toBe('unverifiable');
        expect(res.exitCode).toBe(4);
        expect(renderReport('text', res.report!, { color: false })).toMatch(/UNVERIFIABLE \(exit 4\)/);
      } finally {
        await own.stop();
      }
    }, 30_000);

  it('channel.undeclared counts channels, shows them, and its reproduce line subscribes to them', async () => {
    const own = await startTestRedis({ config: { 'notify-keyspace-events': 'KEA' } });
    const pub = new Redis(own.url);
    try {
      const res = await runObserve({
        spec: SPEC,
        url: own.url,
        durationSeconds: 1.5,
        settleMs: 100,
        onReady: () => {
          void pub
            .publish('nochan:1', 'a')
            .then(() => pub.publish('nochan:1', 'b'))
            .then(() => pub.publish('nochan:\n2', 'c'));
        },
      });
      const text = renderReport('text', res.report!, { color: false });
      expect(text).toMatch(/channel\.undeclared {2}2 channels/);
      expect(text).not.toMatch(/channel\.undeclared.*keys/);
      expect(text).toContain('e.g. "nochan:1"');
      expect(text).toContain('e.g. "nochan:\\n2"');
      expect(text).toMatch(/reproduce: redis-cli .*SUBSCRIBE /);
      expect(text).not.toContain('PUBSUB NUMSUB');
      for (const format of ['markdown', 'junit'] as const)
        expect(renderReport(format, res.report!, { color: false })).not.toContain('PUBSUB NUMSUB');
    } finally {
      pub.disconnect();
      await own.stop();
    }
  }, 30_000);
});
