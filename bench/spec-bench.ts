/** Spec-language benchmarks: validating WEPPcloud's spec, and the overlap analysis at 500 patterns. */
import { join } from 'node:path';
import { loadSpec, nodeHost, type SpecHost } from '../spec/index.ts';
import { syntheticSpecYaml } from '../testing/fixtures/synthetic-spec.ts';
import { measure, type BenchResult } from './measure.ts';

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
  for (const dbs of [1, 4]) {
    const yaml = syntheticSpecYaml(500, { databases: dbs });
    const memHost: SpecHost = { readFile: () => yaml, resolve: (_f, s) => s };
    results.push(
      await measure(
        `validate synthetic 500-pattern spec, ${dbs} DB${dbs > 1 ? 's' : ''} (${dbs === 1 ? '124,750' : '~31,000'} pattern pairs)`,
        3,
        () => {
          const r = loadSpec('synthetic.yaml', memHost);
          if (!r.spec || r.diagnostics.length) throw new Error('synthetic spec did not validate clean');
        },
      ),
    );
  }
  return results;
}
