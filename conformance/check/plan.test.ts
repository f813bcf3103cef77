/** `runCheck`'s options resolved once into a plan (pure: no server involved). */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeHost } from '../../spec/index.ts';
import { loadCheckedSpec } from '../run/prepare-run.ts';
import { planCheck, type CheckPlan, type RunCheckOptions } from './plan.ts';

const root = join(import.meta.dirname, '..', '..');
const spec = loadCheckedSpec(join(root, 'spec', 'weppcloud.yaml'), nodeHost(root)).spec!;

function plan(options: Partial<RunCheckOptions>): CheckPlan | { error: string } {
  return planCheck({ spec, env: {}, ...options });
}

describe('planCheck', () => {
  it('fills every scan default once', () => {
    const p = plan({ url: 'redis://h:1' }) as CheckPlan;
    expect(p.scan).toEqual({
      count: 1000,
      sampleRate: 0.01,
      minSamples: 3,
      sampleSeed: 0,
      maxOps: 0,
      maxValueBytes: 1024 * 1024,
      maxHashFields: 1000,
      maxSampleBytes: 32 * 1024 * 1024,
      batch: 'auto',
      pageBudgetUs: 5000,
      pageNameBytes: 1024 * 1024,
    });
    expect(p.concurrency).toBe(2);
    expect(p.dbs).toBeUndefined();
    expect(p.embedded).toBeUndefined();
    expect(p.run.target).toMatchObject({ host: 'h', port: 1, source: '--url' });
  });

  it('keeps what was given', () => {
    const p = plan({ url: 'redis://h:1', count: 10, sampleRate: 1, maxOps: 500, batch: 'pipeline', dbs: [0, 9], concurrency: 1 });
    expect(p).toMatchObject({ scan: { count: 10, sampleRate: 1, maxOps: 500, batch: 'pipeline' }, concurrency: 1 });
    expect([...(p as CheckPlan).dbs!]).toEqual([0, 9]);
  });

  it('clamps COUNT to the largest page, takes the page budget in ms, and refuses nonsense', () => {
    expect((plan({ url: 'redis://h:1', count: 1_000_000 }) as CheckPlan).scan.count).toBe(10_000);
    expect((plan({ url: 'redis://h:1', pageBudgetMs: 2.5 }) as CheckPlan).scan.pageBudgetUs).toBe(2500);
    expect(plan({ url: 'redis://h:1', count: 0 })).toEqual({ error: '--count must be a positive integer, got 0' });
    expect(plan({ url: 'redis://h:1', pageBudgetMs: -1 })).toEqual({
      error: '--page-budget-ms must be between 0 and 10000 milliseconds, got -1',
    });
  });

  it('resolves the target from the spec env vars, or leaves it to --embedded', () => {
    expect((plan({ env: { REDIS_HOST: 'r', REDIS_PORT: '6380' } }) as CheckPlan).run.target).toMatchObject({ host: 'r', port: 6380 });
    const embedded = plan({ embedded: true }) as CheckPlan;
    expect(embedded.embedded).toEqual({});
    expect(embedded.run.target).toBeUndefined();
  });

  it.each([
    [{ sampleRate: 2 }, /--sample must be between 0 and 1/],
    [{ dbs: [-1] }, /--db: not a database index: -1/],
    [{ baseline: join(root, 'no-such-baseline.json') }, /no-such-baseline/],
    [{ url: 'http://h' }, /expected a redis:\/\/ or rediss:\/\/ URL/],
    [{ connection: 'nope' }, /declares no connection 'nope'/],
    [{ env: { REDIS_PORT: 'x' } }, /REDIS_PORT: not a port: x/],
    [{ spec: join(root, 'no-such-spec.yaml') }, /no-such-spec/],
  ])('a usage error as { error }: %o', (options, message) => {
    const p = plan(options as Partial<RunCheckOptions>);
    expect('error' in p && p.error).toMatch(message);
  });
});
