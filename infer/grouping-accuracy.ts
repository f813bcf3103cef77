/**
 * Grouping accuracy (as in log-template mining benchmarks): the share of keys whose inferred group holds
 * exactly the keys their reference group holds. A key counts only if the two groups are the same set.
 */
export function groupingAccuracy(keys: readonly { truth: string; inferred: string | undefined }[]): number {
  if (!keys.length) return 1;
  const byTruth = new Map<string, number[]>();
  const byInferred = new Map<string, number[]>();
  keys.forEach((k, i) => {
    (byTruth.get(k.truth) ?? byTruth.set(k.truth, []).get(k.truth)!).push(i);
    // A key no inferred pattern matches is a group of its own.
    const inf = k.inferred ?? `\u0000unmatched ${i}`;
    (byInferred.get(inf) ?? byInferred.set(inf, []).get(inf)!).push(i);
  });
  let correct = 0;
  for (const [, members] of byTruth) {
    const inf = keys[members[0]!]!.inferred ?? `\u0000unmatched ${members[0]}`;
    const group = byInferred.get(inf)!;
    if (group.length === members.length && members.every((i) => (keys[i]!.inferred ?? `\u0000unmatched ${i}`) === inf))
      correct += members.length;
  }
  return correct / keys.length;
}
