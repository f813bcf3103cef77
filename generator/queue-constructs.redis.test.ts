/**
 * Issue 13, items 4 and 5, in the generated client: encoded zset scores are typed objects written as
 * `high * multiplier + low` and read back as parts (parts out of range are rejected), stream entries
 * are a union discriminated by their event (a case's fields typed, another case's rejected by tsc),
 * and what the client writes, `keyspec check` accepts.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Redis } from 'ioredis';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSpec, nodeHost } from '../spec/index.ts';
import { runCheck } from '../conformance/check/run-check.ts';
import { startTestRedis, type TestRedis } from '../testing/redis/throwaway-redis.ts';
import { generateFiles } from './generate.ts';

const SPEC = join(import.meta.dirname, '..', 'testing', 'fixtures', 'queue-constructs', 'queue-app.yaml');
const dir = mkdtempSync(join(import.meta.dirname, '.tmp-queue-'));
let s: TestRedis;
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await s?.stop();
});

const USAGE = `
import type { Keyspace, QueueEventsFields } from './client.js';
export async function uses(ks: Keyspace): Promise<void> {
  await ks.jobs.queueDelayed({ queue: 'mail' }).add('1', { due: 1, counter: 2 });
  // @ts-expect-error the score is { due, counter }, not a number
  await ks.jobs.queueDelayed({ queue: 'mail' }).add('1', 5);
  const completed: QueueEventsFields = { event: 'completed', jobId: '1', returnvalue: null };
  // @ts-expect-error failedReason belongs to failed entries
  const wrong: QueueEventsFields = { event: 'completed', jobId: '1', returnvalue: null, failedReason: 'x' };
  // @ts-expect-error an added entry carries no jobId
  const added: QueueEventsFields = { event: 'added', jobId: '1' };
  void completed; void wrong; void added;
}
`;

describe('the generated client of encoded scores and stream entry cases', () => {
  beforeAll(() => {
    const result = loadSpec(SPEC, nodeHost(dirname(SPEC)));
    expect(result.diagnostics).toEqual([]);
    for (const f of generateFiles(result.spec!, { specPath: SPEC, outDir: dir })) {
      mkdirSync(dirname(join(dir, f.path)), { recursive: true });
      writeFileSync(join(dir, f.path), f.contents);
    }
    writeFileSync(join(dir, 'usage.ts'), USAGE);
  });

  it('type-checks, and rejects what the spec does not allow', () => {
    const program = ts.createProgram([join(dir, 'client.ts'), join(dir, 'usage.ts')], {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      skipLibCheck: true,
      types: ['node'],
    });
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(diagnostics).toEqual([]);
  });

  it('writes and reads encoded scores and entries that check accepts', async () => {
    s = await startTestRedis();
    // The client is generated at run time, so it is typed here by the first test (tsc), not by this file.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const client = (await import(join(dir, 'client.ts'))) as { createKeyspace: (o: object) => any };
    const ks = client.createKeyspace({ url: s.url, env: {} });
    try {
      const due = 1_764_000_000_000;
      await ks.jobs.queueJob({ queue: 'mail', id: '1' }).set({ name: 'send' });
      await ks.jobs.queueDelayed({ queue: 'mail' }).add('1', { due, counter: 4095 });
      const raw = new Redis(s.url);
      await raw.select(3);
      expect(await raw.zscore('q:mail:delayed', '1')).toBe(String(due * 4096 + 4095));
      raw.disconnect();
      expect(await ks.jobs.queueDelayed({ queue: 'mail' }).score('1')).toEqual({ due, counter: 4095 });
      await ks.jobs.queueDelayed({ queue: 'mail' }).add('2', { due: due + 5000, counter: 0 });
      // Due by `due + 1000`: the first job only, with its score's parts.
      expect(
        await ks.jobs.queueDelayed({ queue: 'mail' }).rangeByScore({ due: 0, counter: 0 }, { due: due + 1000, counter: 4095 }),
      ).toEqual([{ member: '1', score: { due, counter: 4095 } }]);
      await ks.jobs.queueDelayed({ queue: 'mail' }).remove('2');
      await expect(ks.jobs.queueDelayed({ queue: 'mail' }).add('1', { due, counter: 4096 })).rejects.toThrow(/counter/);
      await expect(ks.jobs.queueDelayed({ queue: 'mail' }).add('1', { due: -1, counter: 0 })).rejects.toThrow(/due/);
      const events = ks.jobs.queueEvents({ queue: 'mail' });
      await events.add({ event: 'completed', jobId: '1', returnvalue: { ok: true } });
      await events.add({ event: 'failed', jobId: '1', failedReason: 'boom', attemptsMade: 2 });
      // A whole entry needs its required fields: one built at run time without `event` is rejected, nothing sent.
      await expect(events.add({ jobId: '1' } as never)).rejects.toThrow(/an entry needs field 'event' \(required\)/);
      const read = await events.range();
      expect(read.map((e: { fields: unknown }) => e.fields)).toEqual([
        { event: 'completed', jobId: '1', returnvalue: { ok: true } },
        { event: 'failed', jobId: '1', failedReason: 'boom', attemptsMade: 2 },
      ]);
    } finally {
      await ks.quit();
    }
    const res = await runCheck({ spec: SPEC, url: s.url, env: {}, sampleRate: 1, dbs: [3] });
    expect(res.findings.filter((f) => f.id !== 'pattern.unseen')).toEqual([]);
  });
});
