/** `keyspec check`: the command-line face of runCheck. The engine is loaded only when the command runs. */
import type cliProgress from 'cli-progress';
import type { Command } from 'commander';
import type { RunCheckOptions } from '../../conformance/check/plan.ts';
import type { ReportFormat } from '../../conformance/reports/render.ts';
import { MAX_PAGE_COUNT } from '../../conformance/redis/page-size.ts';
import { EXIT } from '../../spec/exit-codes.ts';
import { checkRunFlags, parseNumberFlag, UsageError, type CliIO } from '../io.ts';
import { reportRun } from '../output.ts';
import { commandTimeoutOption, connectTimeoutOption, formatOption, timeoutsFrom, type TimeoutFlags } from '../run-options.ts';

interface CheckFlags extends TimeoutFlags {
  url?: string;
  embedded?: boolean;
  db?: string[];
  sample?: string;
  sampleSeed?: string;
  format: ReportFormat;
  output?: string;
  baseline?: string;
  maxOps?: string;
  maxFindings?: string;
  count?: string;
  pageBudgetMs?: string;
  connection?: string;
  replicas?: boolean;
  progress: boolean;
}

function optionsFrom(spec: string, flags: CheckFlags, io: CliIO): RunCheckOptions {
  checkRunFlags(flags, io.cwd);
  const sampleRate = parseNumberFlag('--sample', flags.sample, false);
  if (sampleRate !== undefined && sampleRate > 1) throw new UsageError(`--sample: expected a rate between 0 and 1, got ${flags.sample}`);
  const sampleSeed = parseNumberFlag('--sample-seed', flags.sampleSeed, true);
  const dbs = (flags.db ?? []).flatMap((d) => d.split(',')).map((d) => parseNumberFlag('--db', d, true)!);
  if (flags.url && flags.embedded) throw new UsageError('--url and --embedded exclude each other');
  const maxOps = parseNumberFlag('--max-ops', flags.maxOps, true);
  const maxFindings = parseNumberFlag('--max-findings', flags.maxFindings, true);
  const count = parseNumberFlag('--count', flags.count, true);
  if (count !== undefined && count > MAX_PAGE_COUNT)
    io.stderr(
      `note: --count ${count} is clamped to ${MAX_PAGE_COUNT.toLocaleString('en-US')}: a page asks for at most that many keys (fewer when a call would take longer than --page-budget-ms)\n`,
    );
  const pageBudgetMs = parseNumberFlag('--page-budget-ms', flags.pageBudgetMs, false);
  return {
    spec,
    cwd: io.cwd,
    ...(io.env ? { env: io.env } : {}),
    ...(flags.url ? { url: flags.url } : {}),
    ...(flags.embedded ? { embedded: true } : {}),
    ...(dbs.length ? { dbs } : {}),
    ...(sampleRate !== undefined ? { sampleRate } : {}),
    ...(sampleSeed !== undefined ? { sampleSeed } : {}),
    ...(maxOps ? { maxOps } : {}),
    ...(maxFindings !== undefined ? { maxFindingsPerCheck: maxFindings } : {}),
    ...(count !== undefined ? { count } : {}),
    ...(pageBudgetMs !== undefined ? { pageBudgetMs } : {}),
    ...(flags.connection ? { connection: flags.connection } : {}),
    ...(flags.replicas ? { replicas: true } : {}),
    ...(flags.baseline ? { baseline: flags.baseline } : {}),
    ...timeoutsFrom(flags),
  };
}

async function progressBar(options: RunCheckOptions, io: CliIO): Promise<() => void> {
  const { default: progress } = await import('cli-progress');
  let bar: cliProgress.SingleBar | undefined;
  let started = 0;
  options.onStart = ({ target, total }) => {
    io.stderr(`checking ${target}\n`);
    started = performance.now();
    bar = new progress.SingleBar(
      {
        format: ` {bar} {percentage}% | {value}/{total} keys | {speed} keys/s | db {db}`,
        hideCursor: true,
        clearOnComplete: true,
        stream: process.stderr,
        etaBuffer: 50,
      },
      progress.Presets.shades_classic,
    );
    bar.start(Math.max(total, 1), 0, { speed: 0, db: '-' });
  };
  options.onProgress = ({ scanned, total, db }) => {
    const s = (performance.now() - started) / 1000;
    if (total > 0 && bar && scanned > bar.getTotal()) bar.setTotal(scanned);
    bar?.update(scanned, { speed: Math.round(scanned / Math.max(s, 0.001)).toLocaleString('en-US'), db });
  };
  return () => bar?.stop();
}

export function registerCheckCommand(program: Command, io: CliIO, setExitCode: (code: number) => void): Command {
  return program
    .command('check')
    .description('Check a live Redis against a spec: server config, every key (pattern, type, TTL), sampled values, coverage.')
    .argument('<spec>', 'spec file')
    .option('--url <url>', "Redis URL (default: from the spec's connection env vars, e.g. REDIS_URL)")
    .option('--embedded', "start a throwaway local redis-server with the spec's required config and check it", false)
    .option('--db <n...>', 'only these databases (default: every database on the server)')
    .option('--sample <rate>', 'fraction of keys per pattern whose values are also read and judged, 0..1', '0.01')
    .option('--sample-seed <n>', 'seed of the per-key sample choice (the same seed and data give the same sample)', '0')
    .addOption(formatOption())
    .option('--output <file>', 'write the report to a file instead of stdout')
    .option('--baseline <file>', 'suppress known findings (JSON: {"keyspecBaseline": 1, "suppress": [{id, pattern, db, key}]})')
    .option('--max-ops <n>', 'at most this many Redis commands per second (keys in a batch count 2)')
    .option('--max-findings <n>', 'per-key findings kept per check x db x pattern in json/junit (default 100)')
    .option('--count <n>', `the largest SCAN COUNT a page asks for (at most ${MAX_PAGE_COUNT})`, '1000')
    .option('--page-budget-ms <ms>', 'server time one call may take: page sizes adapt to it', '5')
    .option('--connection <name>', 'spec connection to resolve from env vars (default: default)')
    .option('--replicas', 'Redis Cluster: scan one replica of each master (READONLY) instead of the masters', false)
    .option('--no-progress', 'no progress bar')
    .addOption(connectTimeoutOption())
    .addOption(commandTimeoutOption())
    .addHelpText(
      'after',
      `
Checks (ids are stable; see CHECKS.md): server.version, server.notify, server.config,
db.undeclared, key.unmatched, key.type, key.ttl.missing|too-long|forbidden, key.slot, value.format, hash.field.*,
member.format, score.format, stream.field.*, pattern.unseen, baseline.stale, cluster.databases|migrating
(+ *.unverifiable).
Never writes to the server: SCAN/HSCAN/SSCAN are bounded, big values are sampled, never fetched whole.

A lost connection, a refusal or a timeout mid-check ends it with check.error and the report of what was read
(exit 4, or 1 with violations); a server that cannot be reached at all gives a report with exit 3.

Exit codes: 0 conforms, 1 violations, 2 spec or usage error, 3 cannot connect, 4 only unverifiable checks failed.`,
    )
    .action(async (spec: string, flags: CheckFlags) => {
      let options: RunCheckOptions;
      try {
        options = optionsFrom(spec, flags, io);
      } catch (e) {
        if (!(e instanceof UsageError)) throw e;
        io.stderr(`keyspec check: ${e.message}\n`);
        setExitCode(EXIT.usage);
        return;
      }
      const { runCheck } = await import('../../conformance/check/run-check.ts');
      const stopBar = flags.progress && (io.progress ?? Boolean(process.stderr.isTTY)) ? await progressBar(options, io) : undefined;
      let result: Awaited<ReturnType<typeof runCheck>>;
      try {
        result = await runCheck(options);
      } finally {
        stopBar?.();
      }
      setExitCode(await reportRun(io, 'check', result, flags));
    });
}
