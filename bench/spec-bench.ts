/**
 * Spec-language benchmarks: validating WEPPcloud's spec, and synthetic specs of 500 to 5,000 key
 * patterns (the overlap check intersects only the candidate pairs its index cannot rule out).
 */
import { join } from 'node:path';
import { loadSpec, nodeHost, type LoadProgress, type SpecHost } from '../spec/index.ts';
import { syntheticSpecYaml } from '../testing/fixtures/synthetic-spec.ts';
import { measure, type BenchResult } from './measure.ts';

const n = (x: number): string => x.toLocaleString('en-US');

export async function specBenchmarks(): Promise<BenchResult[]> {
  const root = join(import.meta.dirname, '..');
  const host = nodeHost(root);
  const results: BenchResult[] = [];
  results.push(
    await measure('validate spec/weppcloud.yaml (with rq + flask-session imports)', 20, () => {
      const r = loadSpec(join(root, 'spec', 'weppcloud.yaml'), host);
      if (!r.spec || r.diagnostics.length) throw new Error('weppcloud spec did not validate clean');
    }),
  );
  const rows: { patterns: number; dbs: number; variant: 'mixed' | 'hard'; runs: number }[] = [
    { patterns: 500, dbs: 1, variant: 'mixed', runs: 3 },
    { patterns: 500, dbs: 4, variant: 'mixed', runs: 3 },
    { patterns: 1000, dbs: 1, variant: 'mixed', runs: 3 },
    { patterns: 2000, dbs: 1, variant: 'mixed', runs: 2 },
    { patterns: 5000, dbs: 1, variant: 'mixed', runs: 1 },
    { patterns: 5000, dbs: 1, variant: 'hard', runs: 1 },
  ];
  for (const row of rows) {
    const yaml = syntheticSpecYaml(row.patterns, { databases: row.dbs, variant: row.variant });
    const memHost: SpecHost = { readFile: () => yaml, resolve: (_f, s) => s };
    // Key-pattern pairs: every pair of one database, and those the overlap index left to intersect.
    let candidates = 0;
    let allPairs = 0;
    const onProgress = (p: LoadProgress): void => {
      if (p.what === 'keys' && p.done === p.total) {
        candidates += p.total;
        allPairs += p.allPairs;
      }
    };
    const label =
      `validate synthetic ${n(row.patterns)}-pattern spec, ${row.dbs} DB${row.dbs > 1 ? 's' : ''}` +
      (row.variant === 'hard' ? ' (hard: shared long prefixes, leading placeholders)' : '');
    const result = await measure(label, row.runs, () => {
      candidates = 0;
      allPairs = 0;
      const r = loadSpec('synthetic.yaml', memHost, { onProgress });
      if (!r.spec || r.diagnostics.length) throw new Error(`synthetic spec (${label}) did not validate clean`);
    });
    result.extra = { candidatePairs: n(candidates), allPairs: n(allPairs) };
    results.push(result);
  }
  return results;
}
