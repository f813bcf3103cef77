/**
 * `npm run demo`: keyspec end to end on an embedded Redis. Validates the WEPPcloud spec and checks the
 * generated client is current, starts a throwaway redis-server with the spec's config, the reference
 * status and preflight relays and a workload with seeded faults, then runs `check`, `observe` and
 * `probe`, prints the reports and writes JSON, JUnit and Markdown reports to a folder.
 *
 *   npm run demo [-- --faults write-without-ttl,undeclared-channel] [--clean] [--runs 3] [--out reports]
 *
 * Exit 0 when every seeded fault was found and nothing else was; 1 otherwise.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs, styleText } from 'node:util';
import {
  renderReport as render,
  runCheck,
  runObserve,
  runProbe,
  startEmbeddedRedis,
  type Finding,
  type Report,
} from '../../conformance/index.ts';
import { PLAIN, type Palette } from '../../spec/index.ts';
import { generateFiles } from '../../generator/generate.ts';
import { checkOutput } from '../../generator/write-output.ts';
import { nodeHost, validateSpecs } from '../../spec/index.ts';
import { startWeppcloudServices } from './services.ts';
import { FAULTS, runWorkload, type Fault } from './workload.ts';

/** Which finding id each seeded fault must produce, and in which report. */
const EXPECTED: Record<Fault, { id: string; by: 'observe' | 'check' }> = {
  'write-without-ttl': { id: 'key.ttl.missing', by: 'observe' },
  'undeclared-channel': { id: 'channel.undeclared', by: 'observe' },
  'wrong-type-write': { id: 'key.type', by: 'observe' },
  'malformed-message': { id: 'channel.message', by: 'observe' },
  'unknown-key': { id: 'key.unmatched', by: 'observe' },
  'bad-value': { id: 'value.format', by: 'check' },
};

const root = resolve(import.meta.dirname, '..', '..');

const style =
  (format: Parameters<typeof styleText>[0]) =>
  (text: string): string =>
    styleText(format, text);
const ANSI: Palette = {
  red: style('red'),
  green: style('green'),
  yellow: style('yellow'),
  cyan: style('cyan'),
  bold: style('bold'),
  dim: style('dim'),
};

function parseDemoArgs(argv: string[]): { faults: string; clean: boolean; runs: string; out: string; color: boolean } {
  const { values } = parseArgs({
    args: argv,
    options: {
      faults: { type: 'string', default: 'write-without-ttl,undeclared-channel,bad-value' },
      clean: { type: 'boolean', default: false },
      runs: { type: 'string', default: '3' },
      out: { type: 'string', default: 'reports' },
      'no-color': { type: 'boolean', default: false },
    },
    strict: true,
  });
  return { faults: values.faults, clean: values.clean, runs: values.runs, out: values.out, color: !values['no-color'] };
}

async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseDemoArgs>;
  try {
    parsed = parseDemoArgs(argv);
  } catch (e) {
    console.error(
      `demo: ${(e as Error).message} (usage: npm run demo -- [--faults a,b] [--clean] [--runs 3] [--out reports] [--no-color])`,
    );
    return 2;
  }
  const opts = parsed;
  const color = opts.color && Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
  const c: Palette = color ? ANSI : PLAIN;
  const faults = opts.clean ? [] : (opts.faults.split(',').filter(Boolean) as Fault[]);
  for (const f of faults) {
    if (!FAULTS.includes(f)) {
      console.error(`demo: unknown fault '${f}' (known: ${FAULTS.join(', ')})`);
      return 2;
    }
  }
  const say = (s: string): void => void process.stdout.write(`${s}\n`);
  const step = (s: string): void => say(`\n${c.bold(c.cyan(`▶ ${s}`))}`);

  // 1. The spec and the generated client.
  step('keyspec validate spec/weppcloud.yaml');
  const specFile = join(root, 'spec', 'weppcloud.yaml');
  const validated = validateSpecs([specFile], nodeHost(root));
  const spec = validated.specs[0]?.spec;
  if (!spec || validated.errors > 0) {
    say(c.red(`the spec has ${validated.errors} errors; run: npx keyspec validate spec/weppcloud.yaml`));
    return 2;
  }
  say(
    `  ✓ valid: ${spec.databases.length} databases, ${spec.databases.reduce((n, d) => n + d.keys.length, 0)} key patterns, ${spec.channels.length} channels, ${spec.services.length} services`,
  );
  step('keyspec generate spec/weppcloud.yaml --check');
  const drift = checkOutput(
    join(root, 'generated', 'weppcloud'),
    generateFiles(spec, { specPath: 'spec/weppcloud.yaml', outDir: 'generated/weppcloud' }),
    'generated/weppcloud',
  );
  say(
    drift.length
      ? c.yellow(`  ! generated/weppcloud is stale (${drift.map((d) => d.path).join(', ')}): run npx keyspec generate spec/weppcloud.yaml`)
      : '  ✓ generated/weppcloud is up to date',
  );

  // 2. An embedded Redis with the spec's config. notify-keyspace-events: the spec needs Kh; the demo
  //    enables KEA (a superset, so the spec is satisfied) so that observe can see every write.
  step('embedded redis-server');
  const server = await startEmbeddedRedis({
    config: { ...Object.fromEntries(Object.entries(spec.server.config)), 'notify-keyspace-events': 'KEA' },
  });
  say(
    `  ${server.url} (${server.mode === 'docker' ? 'testcontainers' : 'local redis-server'}), notify-keyspace-events KEA ⊇ ${spec.server.notifyKeyspaceEvents?.raw ?? ''}`,
  );
  const services = await startWeppcloudServices({ redisUrl: server.url });
  say(`  status relay ${services.statusUrl}, preflight relay ${services.preflightUrl}`);

  const out = resolve(process.cwd(), opts.out);
  mkdirSync(out, { recursive: true });
  const reports: { name: string; report: Report }[] = [];
  let exitCode = 0;
  try {
    // 3. Observe while the workload runs.
    step(`workload: ${opts.runs} runs${faults.length ? `, seeded faults: ${faults.join(', ')}` : ', no faults'} — observed live`);
    const controller = new AbortController();
    let workload: Awaited<ReturnType<typeof runWorkload>> | undefined;
    const observed = await runObserve({
      spec,
      url: server.url,
      env: {},
      durationSeconds: 120,
      monitor: true,
      signal: controller.signal,
      onReady: () => {
        void runWorkload({ redisUrl: server.url, runs: Number(opts.runs), seed: 2026, faults })
          .then((w) => {
            workload = w;
          })
          .finally(() => setTimeout(() => controller.abort(), 500));
      },
    });
    if (!observed.report || !workload) throw new Error(observed.error ?? 'the workload did not finish');
    say(
      `  ${workload.runids.length} runs, ${workload.jobs.length} RQ jobs, ${workload.published.length} status messages, ${workload.faults.length} faults injected`,
    );
    reports.push({ name: 'observe', report: observed.report });

    // 4. Check the keyspace it left.
    step('keyspec check (the keyspace after the workload)');
    const checked = await runCheck({ spec, url: server.url, env: {}, sampleRate: 1 });
    if (!checked.report) throw new Error(checked.error ?? 'check failed');
    reports.push({ name: 'check', report: checked.report });

    // 5. Probe the services' contracts.
    step('keyspec probe --service status=… --service preflight=…');
    const probed = await runProbe({
      spec,
      url: server.url,
      env: {},
      services: [`status=${services.statusUrl}`, `preflight=${services.preflightUrl}`],
    });
    if (!probed.report) throw new Error(probed.error ?? 'probe failed');
    reports.push({ name: 'probe', report: probed.report });

    for (const { name, report } of reports) {
      step(`report: keyspec ${name}`);
      process.stdout.write(render('text', report, { color, palette: c }));
      writeFileSync(join(out, `${name}.json`), render('json', report));
      writeFileSync(join(out, `${name}.junit.xml`), render('junit', report));
      writeFileSync(join(out, `${name}.md`), render('markdown', report));
    }

    // 6. Did keyspec find exactly what was seeded?
    step('seeded faults');
    const all: (Finding & { by: string })[] = reports.flatMap(({ name, report }) => report.findings.map((f) => ({ ...f, by: name })));
    const expectedIds = new Set<string>();
    for (const f of faults) {
      const e = EXPECTED[f];
      expectedIds.add(e.id);
      const found = all.filter((x) => x.by === e.by && x.id === e.id);
      say(
        `  ${found.length ? c.green('✓ found') : c.red('✗ MISSED')}  ${f} → ${e.id} (keyspec ${e.by})${found[0] ? `: ${found[0].key ?? found[0].channel ?? ''}` : ''}`,
      );
      if (!found.length) exitCode = 1;
    }
    const unexpected = all.filter(
      (x) =>
        (x.severity === 'error' || x.severity === 'warning') &&
        !expectedIds.has(x.id) &&
        !(x.id === 'key.ttl.missing' && expectedIds.has('key.ttl.missing')),
    );
    if (unexpected.length) {
      exitCode = 1;
      say(c.red(`  ✗ ${unexpected.length} unexpected findings:`));
      for (const u of unexpected.slice(0, 10)) say(`    ${u.by} ${u.id} ${u.key ?? u.channel ?? ''}: ${u.message}`);
    } else say(c.green('  ✓ nothing else was found: the clean traffic conforms'));
    say(`\nreports written to ${relative(process.cwd(), out) || '.'}/: ${reports.map((r) => `${r.name}.{json,junit.xml,md}`).join(', ')}`);
  } finally {
    await services.stop();
    await server.stop();
  }
  return exitCode;
}

process.exitCode = await main(process.argv.slice(2));
