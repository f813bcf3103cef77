/**
 * References of sampled values looked up, read-only and bounded: one pipelined EXISTS per referenced key
 * name (at most MAX_REFS_PER_KEY per sampled key), then, for the missing ones only, the referring value
 * read again (LPOS, SISMEMBER, ZSCORE, HGET, GET, XRANGE of one entry): a value removed meanwhile (a job
 * finished and removed with its queue entry) is not dangling. A failed command (ACL, MOVED on a cluster
 * node) judges nothing.
 */
import type { Redis } from 'ioredis';
import type { Problem, Sample } from '../judging/classify.ts';
import type { CompiledDb, CompiledKey } from '../judging/compile.ts';
import { danglingProblem, refTargets, rereadCommand, stillThere, type RefTarget } from '../judging/key-refs.ts';
import type { RateLimiter } from './rate-limiter.ts';

/** The `ref.dangling` problems of sampled keys, by the sample's index. */
export async function danglingRefs(
  conn: Redis,
  limiter: RateLimiter,
  db: CompiledDb,
  names: readonly string[],
  patterns: readonly (CompiledKey | undefined)[],
  samples: ReadonlyMap<number, Sample>,
): Promise<Map<number, Problem[]>> {
  const out = new Map<number, Problem[]>();
  const all: { i: number; t: RefTarget }[] = [];
  for (const [i, sample] of samples) {
    const pattern = patterns[i];
    if (!pattern) continue;
    for (const t of refTargets(db, pattern, names[i]!, sample)) all.push({ i, t });
  }
  if (!all.length) return out;
  await limiter.take(all.length);
  const pl = conn.pipeline();
  for (const { t } of all) pl.exists(t.target);
  const exists = (await pl.exec().catch(() => null)) ?? [];
  const missing = all.filter((_x, n) => {
    const [err, val] = exists[n] ?? [new Error('no reply')];
    return !err && Number(val) === 0;
  });
  if (!missing.length) return out;
  await limiter.take(missing.length);
  const again = conn.pipeline();
  for (const { i, t } of missing) {
    const [cmd, ...args] = rereadCommand(names[i]!, t);
    again.call(cmd!, ...args);
  }
  const replies = (await again.exec().catch(() => null)) ?? [];
  missing.forEach(({ i, t }, n) => {
    const [err, val] = replies[n] ?? [new Error('no reply')];
    if (err || !stillThere(t, val)) return;
    const list = out.get(i) ?? [];
    list.push(danglingProblem(patterns[i]!, names[i]!, t));
    out.set(i, list);
  });
  return out;
}
