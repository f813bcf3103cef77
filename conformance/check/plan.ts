/**
 * `runCheck`'s options, resolved once into a plain plan: the prepared run (spec, baseline, target), the
 * databases to check, the scan limits with their defaults filled, and the progress callbacks. Everything
 * after this reads the plan only.
 */
import type { Baseline } from '../findings/baseline.ts';
import type { EmbeddedRedisOptions } from '../redis/embedded-redis.ts';
import { DEFAULT_PAGE_BUDGET_US, DEFAULT_PAGE_NAME_BYTES, MAX_PAGE_COUNT } from '../redis/page-size.ts';
import type { Progress, ScanLimits } from '../redis/scanner.ts';
import { prepareRun, type PreparedRun, type RunOptions } from '../run/prepare-run.ts';

/** Tuning of the scan (every field optional; defaults in `planCheck`). */
export interface ScanOptions {
  /**
   * The largest SCAN COUNT a page asks for (default 1000; above 10,000 it is clamped to 10,000). Pages
   * start smaller and stay within the page budget.
   */
  count?: number;
  /** Server time one call may take, in milliseconds (default 5): page sizes adapt to it. */
  pageBudgetMs?: number;
  /** Fraction of keys per pattern whose values are sampled (0..1, default 0.01). */
  sampleRate?: number;
  /** Keys per pattern always sampled (those with the lowest sample hashes; default 3). */
  minSamples?: number;
  /** Seed of the per-key sample hash (default 0): the same seed and keyspace give the same sample. */
  sampleSeed?: number;
  /** Commands per second the check may send (default unlimited). Keys in a script count 2 (TYPE+PTTL). */
  maxOps?: number;
  /** Strings longer than this are not fetched (default 1 MB). */
  maxValueBytes?: number;
  /** Hash fields read per sampled hash (bounded HSCAN, default 1000). */
  maxHashFields?: number;
  /** Hashes and streams above this MEMORY USAGE estimate are not sampled (default 32 MB). */
  maxSampleBytes?: number;
  /** Databases scanned at once, one connection each (default 2). */
  concurrency?: number;
  /** `auto` (default): the EVAL_RO script, falling back to pipelines when it is refused or on a cluster. */
  batch?: 'auto' | 'script' | 'pipeline';
}

export interface RunCheckOptions extends RunOptions, ScanOptions {
  /** Start a throwaway server with the spec's required config and check that. */
  embedded?: boolean | EmbeddedRedisOptions;
  /** Only these databases (default: every database on the server). */
  dbs?: number[];
  /** A baseline file or object. */
  baseline?: string | Baseline;
  /** On a Redis Cluster: scan one replica of each master (READONLY) instead of the masters. */
  replicas?: boolean;
  /** Per-key findings kept per check x db x pattern (default 100). */
  maxFindingsPerCheck?: number;
  onStart?: (info: { target: string; total: number; cluster: boolean }) => void;
  onProgress?: (p: Progress) => void;
}

export interface CheckPlan {
  run: PreparedRun;
  /** Start a throwaway server with these options (`run.target` is then absent). */
  embedded?: EmbeddedRedisOptions;
  /** Only these databases (absent: every database). */
  dbs?: ReadonlySet<number>;
  scan: ScanLimits;
  /** Databases scanned at once (on a cluster: node scans at once). */
  concurrency: number;
  /** On a cluster: scan replicas instead of masters. */
  replicas: boolean;
  maxFindingsPerCheck?: number;
  onStart?: RunCheckOptions['onStart'];
  onProgress?: RunCheckOptions['onProgress'];
}

/** Resolves the options once; a spec or usage error as `{ error }` (exit 2). */
export function planCheck(options: RunCheckOptions): CheckPlan | { error: string } {
  const run = prepareRun(options, {
    check: () => {
      if (options.sampleRate !== undefined && !(options.sampleRate >= 0 && options.sampleRate <= 1))
        return `--sample must be between 0 and 1, got ${options.sampleRate}`;
      if (options.sampleSeed !== undefined && !Number.isSafeInteger(options.sampleSeed))
        return `--sample-seed must be an integer, got ${options.sampleSeed}`;
      if (options.count !== undefined && !(Number.isSafeInteger(options.count) && options.count >= 1))
        return `--count must be a positive integer, got ${options.count}`;
      if (options.pageBudgetMs !== undefined && !(options.pageBudgetMs > 0 && options.pageBudgetMs <= 10_000))
        return `--page-budget-ms must be between 0 and 10000 milliseconds, got ${options.pageBudgetMs}`;
      for (const db of options.dbs ?? []) if (!Number.isInteger(db) || db < 0) return `--db: not a database index: ${db}`;
      return undefined;
    },
    ...(options.baseline !== undefined ? { baseline: options.baseline } : {}),
    resolveTarget: !options.embedded,
  });
  if ('error' in run) return run;
  return {
    run,
    ...(options.embedded ? { embedded: typeof options.embedded === 'object' ? options.embedded : {} } : {}),
    ...(options.dbs?.length ? { dbs: new Set(options.dbs) } : {}),
    scan: {
      count: Math.min(options.count ?? 1000, MAX_PAGE_COUNT),
      pageBudgetUs: Math.round((options.pageBudgetMs ?? DEFAULT_PAGE_BUDGET_US / 1000) * 1000),
      pageNameBytes: DEFAULT_PAGE_NAME_BYTES,
      sampleRate: options.sampleRate ?? 0.01,
      minSamples: options.minSamples ?? 3,
      sampleSeed: options.sampleSeed ?? 0,
      maxOps: options.maxOps ?? 0,
      maxValueBytes: options.maxValueBytes ?? 1024 * 1024,
      maxHashFields: options.maxHashFields ?? 1000,
      maxSampleBytes: options.maxSampleBytes ?? 32 * 1024 * 1024,
      batch: options.batch ?? 'auto',
    },
    concurrency: options.concurrency ?? 2,
    replicas: options.replicas ?? false,
    ...(options.maxFindingsPerCheck !== undefined ? { maxFindingsPerCheck: options.maxFindingsPerCheck } : {}),
    ...(options.onStart ? { onStart: options.onStart } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  };
}
