/** Tiny timing helper for `npm run bench`: median of N runs after one warm-up. */
export interface BenchResult {
  name: string;
  runs: number;
  medianMs: number;
  minMs: number;
  extra?: Record<string, string | number>;
}

export async function measure(name: string, runs: number, fn: () => unknown | Promise<unknown>): Promise<BenchResult> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { name, runs, medianMs: times[Math.floor(times.length / 2)]!, minMs: times[0]! };
}

export function formatResults(results: readonly BenchResult[]): string {
  const rows = results.map((r) => {
    const extra = r.extra
      ? '  ' +
        Object.entries(r.extra)
          .map(([k, v]) => `${k}=${v}`)
          .join(' ')
      : '';
    return `${r.medianMs.toFixed(1).padStart(10)} ms  (min ${r.minMs.toFixed(1)} ms, ${r.runs} runs)  ${r.name}${extra}`;
  });
  return rows.join('\n');
}
