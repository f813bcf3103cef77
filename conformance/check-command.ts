/**
 * `keyspec check`: the command-line face of runCheck. Wire it in with
 * `registerCheckCommand(program, io, (code) => { exitCode = code; })`.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import cliProgress from 'cli-progress';
import { Option, type Command } from 'commander';
import pc from 'picocolors';
import type { RunCheckOptions } from './check/plan.ts';
import { runCheck } from './check/run-check.ts';
import { renderReport, type ReportFormat } from './reports/render.ts';
import { CHECK_EXIT } from './run/result.ts';

/** The CliIO of cli/run-cli.ts (structurally), plus an optional progress switch. */
export interface CheckIO {
  stdout(text: string): void;
  stderr(text: string): void;
  color: boolean;
  cwd: string;
  /** Show a progress bar on stderr (default: stderr is a TTY). */
  progress?: boolean;
  env?: Readonly<Record<string, string | undefined>>;
}

interface CheckFlags {
  url?: string;
  embedded?: boolean;
  db?: string[];
  sample?: string;
  format: ReportFormat;
  output?: string;
  baseline?: string;
  maxOps?: string;
  maxFindings?: string;
  count?: string;
  connection?: string;
  progress: boolean;
}

function parseNumber(name: string, raw: string | undefined, integer: boolean): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < 0)
    throw new UsageError(`${name}: expected a ${integer ? 'non-negative integer' : 'number'}, got ${JSON.stringify(raw)}`);
  return n;
}

class UsageError extends Error {}

export function registerCheckCommand(program: Command, io: CheckIO, setExitCode: (code: number) => void): Command {
  return program
    .command('check')
    .description('Check a live Redis against a spec: server config, every key (pattern, type, TTL), sampled values, coverage.')
    .argument('<spec>', 'spec file')
    .option('--url <url>', "Redis URL (default: from the spec's connection env vars, e.g. REDIS_URL)")
    .option('--embedded', "start a throwaway local redis-server with the spec's required config and check it", false)
    .option('--db <n...>', 'only these databases (default: every database on the server)')
    .option('--sample <rate>', 'fraction of keys per pattern whose values are sampled, 0..1', '0.01')
    .addOption(new Option('--format <format>', 'report format').choices(['text', 'json', 'junit', 'markdown']).default('text'))
    .option('--output <file>', 'write the report to a file instead of stdout')
    .option('--baseline <file>', 'suppress known findings (JSON: {"keyspecBaseline": 1, "suppress": [{id, pattern, db, key}]})')
    .option('--max-ops <n>', 'at most this many Redis commands per second (keys in a batch count 2)')
    .option('--max-findings <n>', 'per-key findings kept per check x db x pattern in json/junit (default 100)')
    .option('--count <n>', 'SCAN COUNT hint', '1000')
    .option('--connection <name>', 'spec connection to resolve from env vars (default: default)')
    .option('--no-progress', 'no progress bar')
    .addHelpText(
      'after',
      `
Checks (ids are stable; see conformance/CHECKS.md): server.version, server.notify, server.config,
db.undeclared, key.unmatched, key.type, key.ttl.missing|too-long|forbidden, value.format, hash.field.*,
member.format, score.format, stream.field.*, pattern.unseen, baseline.stale (+ *.unverifiable).
Never writes to the server: SCAN/HSCAN/SSCAN are bounded, big values are sampled, never fetched whole.

Exit codes: 0 conforms, 1 violations, 2 spec or usage error, 3 cannot connect, 4 only unverifiable checks failed.`,
    )
    .action(async (spec: string, flags: CheckFlags) => {
      let options: RunCheckOptions;
      try {
        const sampleRate = parseNumber('--sample', flags.sample, false);
        if (sampleRate !== undefined && sampleRate > 1)
          throw new UsageError(`--sample: expected a rate between 0 and 1, got ${flags.sample}`);
        const dbs = (flags.db ?? []).flatMap((d) => d.split(',')).map((d) => parseNumber('--db', d, true)!);
        if (flags.url && flags.embedded) throw new UsageError('--url and --embedded exclude each other');
        const maxOps = parseNumber('--max-ops', flags.maxOps, true);
        const maxFindings = parseNumber('--max-findings', flags.maxFindings, true);
        const count = parseNumber('--count', flags.count, true);
        options = {
          spec,
          cwd: io.cwd,
          ...(io.env ? { env: io.env } : {}),
          ...(flags.url ? { url: flags.url } : {}),
          ...(flags.embedded ? { embedded: true } : {}),
          ...(dbs.length ? { dbs } : {}),
          ...(sampleRate !== undefined ? { sampleRate } : {}),
          ...(maxOps ? { maxOps } : {}),
          ...(maxFindings !== undefined ? { maxFindingsPerCheck: maxFindings } : {}),
          ...(count ? { count } : {}),
          ...(flags.connection ? { connection: flags.connection } : {}),
          ...(flags.baseline ? { baseline: flags.baseline } : {}),
        };
      } catch (e) {
        io.stderr(`keyspec check: ${(e as Error).message}\n`);
        setExitCode(CHECK_EXIT.usage);
        return;
      }
      const showProgress = flags.progress && (io.progress ?? Boolean(process.stderr.isTTY));
      let bar: cliProgress.SingleBar | undefined;
      let started = 0;
      if (showProgress) {
        options.onStart = ({ target, total }) => {
          io.stderr(`checking ${target}\n`);
          started = performance.now();
          bar = new cliProgress.SingleBar(
            {
              format: ` {bar} {percentage}% | {value}/{total} keys | {speed} keys/s | db {db}`,
              hideCursor: true,
              clearOnComplete: true,
              stream: process.stderr,
              etaBuffer: 50,
            },
            cliProgress.Presets.shades_classic,
          );
          bar.start(Math.max(total, 1), 0, { speed: 0, db: '-' });
        };
        options.onProgress = ({ scanned, total, db }) => {
          const s = (performance.now() - started) / 1000;
          if (total > 0 && bar && scanned > bar.getTotal()) bar.setTotal(scanned);
          bar?.update(scanned, { speed: Math.round(scanned / Math.max(s, 0.001)).toLocaleString('en-US'), db });
        };
      }
      let result: Awaited<ReturnType<typeof runCheck>>;
      try {
        result = await runCheck(options);
      } finally {
        bar?.stop();
      }
      if (!result.report) {
        io.stderr(`keyspec check: ${result.error ?? 'failed'}\n`);
        setExitCode(result.exitCode);
        return;
      }
      const color = io.color && !flags.output && flags.format === 'text';
      const text = renderReport(flags.format, result.report, color);
      if (flags.output) {
        const file = resolve(io.cwd, flags.output);
        try {
          writeFileSync(file, text);
        } catch (e) {
          io.stderr(`keyspec check: cannot write ${file}: ${(e as Error).message}\n`);
          setExitCode(CHECK_EXIT.usage);
          return;
        }
        const c = pc.createColors(io.color);
        const s = result.summary;
        io.stderr(
          `${s.counts.error} errors, ${s.counts.warning} warnings, ${s.counts.info} info: ${s.status === 'conforms' ? c.green('CONFORMS') : s.status === 'violations' ? c.red('VIOLATIONS') : c.yellow('UNVERIFIABLE')} (report: ${flags.output})\n`,
        );
      } else {
        io.stdout(text);
      }
      setExitCode(result.exitCode);
    });
}
