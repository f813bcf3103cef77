/**
 * Issue 10 item 2 against a real server: hostile key and field names do not hang `check`. A spec with
 * the issue's `(a+)+` type is refused at once (KS119, exit 2); a valid spec whose patterns compose three
 * `text` placeholders (O(n^3) for a backtracking regex) checks 40 kB hostile names in linear time.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from '../check/run-check.ts';
import { startEmbeddedRedis, type EmbeddedRedis } from '../redis/embedded-redis.ts';

const BOUND_MS = 10_000;

describe('check with hostile names', () => {
  let s: EmbeddedRedis;
  let r: Redis;
  let dir: string;
  beforeAll(async () => {
    s = await startEmbeddedRedis();
    r = new Redis(s.url);
    dir = mkdtempSync(join(tmpdir(), 'keyspec-redos-check-'));
  }, 30_000);
  afterAll(async () => {
    r?.disconnect();
    await s?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("refuses the issue's (a+)+ spec at once, with the hostile key in place", async () => {
    await r.set(`e1:${'a'.repeat(40)}!:end`, 'v');
    const spec = join(dir, 'evil.yaml');
    writeFileSync(
      spec,
      [
        'keyspec: 1',
        'name: evil',
        'types:',
        "  evil: { regex: '(a+)+' }",
        'databases:',
        '  - index: 0',
        '    name: main',
        '    keys:',
        '      - name: e1',
        "        pattern: 'e1:{x:evil}:end'",
        '        type: string',
        '',
      ].join('\n'),
    );
    const t = performance.now();
    const res = await runCheck({ spec, url: s.url, sampleRate: 1 });
    expect(performance.now() - t).toBeLessThan(BOUND_MS);
    expect(res.exitCode).toBe(2);
    await r.del(`e1:${'a'.repeat(40)}!:end`);
  }, 30_000);

  it('checks 40 kB hostile key and field names against composed text patterns in linear time', async () => {
    const spec = join(dir, 'texts.yaml');
    writeFileSync(
      spec,
      [
        'keyspec: 1',
        'name: texts',
        'databases:',
        '  - index: 0',
        '    name: main',
        '    keys:',
        '      - name: t3',
        "        pattern: 't3:{a:text}:{b:text}:{c:text}:end'",
        '        type: string',
        '      - name: h',
        "        pattern: 'h:{id:segment}'",
        '        type: hash',
        '        fields:',
        "          - pattern: 'f:{a:text}:{b:text}:{c:text}:end'",
        '            value: raw',
        '',
      ].join('\n'),
    );
    const hostile = 'x:'.repeat(20_000);
    await r.set(`t3:${hostile}`, 'v'); // matches no pattern
    await r.set('t3:a:b:c:end', 'v');
    await r.hset('h:1', `f:${hostile}`, 'v', 'f:a:b:c:end', 'v');
    const t = performance.now();
    const res = await runCheck({ spec, url: s.url, sampleRate: 1 });
    expect(performance.now() - t).toBeLessThan(BOUND_MS);
    const ids = res.findings.map((f) => f.id).sort();
    expect(ids).toEqual(['hash.field.unknown', 'key.unmatched']);
    expect(res.exitCode).toBe(1);
  }, 30_000);
});
