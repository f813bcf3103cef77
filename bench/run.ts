/**
 * `npm run bench [section...]`: speed and memory targets are measured here, side by side in one run,
 * never in timed tests. Sections: package, spec, generator, conformance, observe, infer (default: all; conformance populates 1M and 3M keys and runs whole processes side by side, ~10 minutes).
 */
import { formatResults, type BenchResult } from './measure.ts';
import { conformanceBenchmarks } from './conformance-bench.ts';
import { generatorBenchmarks } from './generator-bench.ts';
import { inferBenchmarks } from './infer-bench.ts';
import { observeBenchmarks } from './observe-bench.ts';
import { packageBenchmarks } from './package-bench.ts';
import { specBenchmarks } from './spec-bench.ts';

const sections: Record<string, () => Promise<BenchResult[]>> = {
  package: packageBenchmarks,
  spec: specBenchmarks,
  generator: generatorBenchmarks,
  conformance: conformanceBenchmarks,
  observe: observeBenchmarks,
  infer: inferBenchmarks,
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
for (const name of wanted.length ? wanted : Object.keys(sections)) {
  const run = sections[name];
  if (!run) {
    console.error(`unknown bench section '${name}' (have: ${Object.keys(sections).join(', ')})`);
    process.exit(2);
  }
  console.log(`\n## ${name}`);
  console.log(formatResults(await run()));
}
