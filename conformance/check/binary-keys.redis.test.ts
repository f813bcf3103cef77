/**
 * Issue 10 item 7 (binary part): key names that are not valid UTF-8 stay distinct, each counted, shown
 * escaped (`weird:\xff`) with their bytes in `keyBytes`, judged `key.unmatched`, and their reproduce lines
 * reach the real key when bash runs them.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from './run-check.ts';
import { runObserve } from '../observe/run-observe.ts';
import { renderReport } from '../reports/render.ts';
import { startTestRedis, type TestRedis } from '../../testing/redis/throwaway-redis.ts';
import { validateJsonReport } from '../../testing/reports/report-fixtures.ts';

const SPEC = join(import.meta.dirname, '..', '..', 'testing', 'fixtures', 'rq-app.yaml');

/** 17 byte sequences, none valid UTF-8, each different (truncated, overlong, surrogate, out of range, stray). */
const BAD: number[][] = [
  [0xff],
  [0xfe],
  [0xc3],
  [0x80],
  [0x81],
  [0xbf],
  [0xc0, 0x80],
  [0xe0, 0x80, 0x80],
  [0xed, 0xa0, 0x80],
  [0xf5],
  [0xf8],
  [0xc3, 0x28],
  [0xe2, 0x82],
  [0xf0, 0x9f, 0x98],
  [0xfe, 0xff],
  [0x5c, 0xff],
  [0xf4, 0x90, 0x80, 0x80],
];
const key = (bytes: number[]): Buffer => Buffer.concat([Buffer.from('weird:'), Buffer.from(bytes)]);

describe('binary key names', () => {
  let s: TestRedis;
  let r: Redis;
  beforeAll(async () => {
    s = await startTestRedis();
    r = new Redis(s.url);
    await r.select(9);
    for (const b of BAD) await r.set(key(b), 'v');
    await r.set('weird:é', 'v');
    await r.set('rq:jobs:x', 'v');
  }, 30_000);
  afterAll(async () => {
    r?.disconnect();
    await s?.stop();
  });

  for (const batch of ['auto', 'pipeline'] as const)
    it(`finds 18 distinct unmatched weird: keys, each counted (batch ${batch})`, async () => {
      const res = await runCheck({ spec: SPEC, url: s.url, dbs: [9], sampleRate: 1, batch });
      const weird = res.findings.filter((f) => f.id === 'key.unmatched' && f.key!.startsWith('weird:'));
      expect(new Set(weird.map((f) => f.key)).size).toBe(18);
      expect(res.summary.keys.unmatched).toBe(19); // + rq:jobs:x
      const group = res.report!.summary.checks.find((c) => c.id === 'key.unmatched' && c.db === 9)!;
      expect(group.count).toBe(19);
      expect(
        weird
          .filter((f) => f.keyBytes)
          .map((f) => f.keyBytes)
          .sort(),
      ).toEqual(BAD.map((b) => key(b).toString('hex')).sort());
      expect(weird.find((f) => f.key === 'weird:é')!.keyBytes).toBeUndefined();
    }, 30_000);

  it('the JSON report is valid, its keys distinct and escaped; the text report shows \\xNN', async () => {
    const res = await runCheck({ spec: SPEC, url: s.url, dbs: [9], sampleRate: 1 });
    const json = renderReport('json', res.report!, { color: false });
    expect(validateJsonReport(json)).toEqual([]);
    expect(json).not.toMatch(/\\ud[c-f]/i);
    const parsed = JSON.parse(json) as { findings: { key: string | null; keyBytes?: string; message: string }[] };
    const weird = parsed.findings.filter((f) => f.key?.startsWith('weird:'));
    expect(new Set(weird.map((f) => f.key)).size).toBe(18);
    const ff = weird.find((f) => f.keyBytes === key([0xff]).toString('hex'))!;
    expect(ff.key).toBe('weird:\\xff');
    expect(ff.message).toContain('"weird:\\xff"');
    // A backslash of the real name is escaped too: `\\` then the byte.
    expect(weird.find((f) => f.keyBytes === key([0x5c, 0xff]).toString('hex'))!.key).toBe('weird:\\\\\\xff');
    expect(weird.find((f) => f.key === 'weird:é')).toBeDefined();
    for (const format of ['text', 'markdown', 'junit'] as const) {
      const out = renderReport(format, res.report!, { color: false });
      if (format !== 'junit') expect(out, format).toMatch(/weird:[^"`\s]*\\x[0-9a-f]{2}/);
      expect(out, format).not.toContain('\ufffd');
      expect(out, format).not.toMatch(/\\ud[c-f]/i);
    }
  }, 30_000);

  it('a reproduce line run through bash reaches the real key', async () => {
    const res = await runCheck({ spec: SPEC, url: s.url, dbs: [9], sampleRate: 0 });
    const f = res.findings.find((x) => x.keyBytes === key([0xff]).toString('hex'))!;
    expect(f.reproduce).toContain("TYPE $'weird:\\xff'");
    if (spawnSync('redis-cli', ['--version']).status !== 0) return; // no redis-cli here
    const line = f.reproduce!.replace(/^redis-cli/, `redis-cli -h 127.0.0.1 -p ${s.port}`).replace(/ -h 127\.0\.0\.1 -p \d+ -h/, ' -h');
    expect(execFileSync('bash', ['-c', line], { encoding: 'utf8', timeout: 10_000 }).trim()).toBe('string');
    for (const b of BAD) {
      const g = res.findings.find((x) => x.keyBytes === key(b).toString('hex'))!;
      const l = g.reproduce!.replace(/^redis-cli/, `redis-cli -h 127.0.0.1 -p ${s.port}`).replace(/ -h 127\.0\.0\.1 -p \d+ -h/, ' -h');
      expect(execFileSync('bash', ['-c', l], { encoding: 'utf8', timeout: 10_000 }).trim(), g.key!).toBe('string');
    }
  }, 30_000);

  it('observe keeps written binary names distinct too (keyspace and keyevent notifications)', async () => {
    for (const notify of ['KA', 'EA']) {
      const own = await startTestRedis({ config: { 'notify-keyspace-events': notify } });
      const w = new Redis(own.url);
      try {
        await w.select(9);
        const res = await runObserve({
          spec: SPEC,
          url: own.url,
          durationSeconds: 1.5,
          settleMs: 100,
          onReady: () => {
            void (async () => {
              for (const b of BAD.slice(0, 3)) await w.set(key(b), 'v');
            })();
          },
        });
        const weird = res.findings.filter((f) => f.id === 'key.unmatched' && f.key?.startsWith('weird:'));
        expect(weird.map((f) => f.keyBytes).sort(), notify).toEqual(
          BAD.slice(0, 3)
            .map((b) => key(b).toString('hex'))
            .sort(),
        );
        expect(weird.find((f) => f.keyBytes === key([0xff]).toString('hex'))!.reproduce).toContain("TYPE $'weird:\\xff'");
        expect(validateJsonReport(renderReport('json', res.report!, { color: false }))).toEqual([]);
      } finally {
        w.disconnect();
        await own.stop();
      }
    }
  }, 30_000);
});
