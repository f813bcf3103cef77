/** Tiny timing helper for `npm run bench`: median of N runs after one warm-up, and the table printer. */
export interface BenchResult {
  name: string;
  runs: number;
  medianMs: number;
  minMs: number;
  /**
   * A row whose figure is not a time (peak RSS, SLOWLOG length, ...): printed in place of the times;
   * medianMs and minMs are then ignored. A row with `runs: 0` and no value is printed as skipped.
   */
  value?: string;
  extra?: Record<string, string | number>;
}

/** The median (the upper one of an even count, as the benchmarks have always reported it). */
export function median(xs: readonly number[]): number {
  if (!xs.length) throw new Error('median of no values');
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export async function measure(name: string, runs: number, fn: () => unknown | Promise<unknown>): Promise<BenchResult> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return { name, runs, medianMs: median(times), minMs: Math.min(...times) };
}

export function formatResults(results: readonly BenchResult[]): string {
  const rows = results.map((r) => {
    const extra = r.extra
      ? '  ' +
        Object.entries(r.extra)
          .map(([k, v]) => `${k}=${v}`)
          .join(' ')
      : '';
    const figure =
      r.value !== undefined
        ? `${r.value.padStart(13)}  ${''.padEnd(22)}`
        : r.runs === 0
          ? `${'skipped'.padStart(13)}  ${''.padEnd(22)}`
          : `${r.medianMs.toFixed(1).padStart(10)} ms  ${`(min ${r.minMs.toFixed(1)} ms, ${r.runs} runs)`.padEnd(22)}`;
    return `${figure}  ${r.name}${extra}`;
  });
  return rows.join('\n');
}
