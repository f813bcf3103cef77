/** `keyspec observe`: the command-line face of runObserve (same reports and exit codes as check). */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import type { CheckIO } from './check-command.ts';
import { renderReport as render, type ReportFormat } from './reports/render.ts';
import { CHECK_EXIT } from './run/result.ts';
import { runObserve, type RunObserveOptions } from './observe/run-observe.ts';

interface ObserveFlags {
  url?: string;
  duration: string;
  monitor: boolean;
  settle?: string;
  format: ReportFormat;
  output?: string;
  baseline?: string;
  connection?: string;
  maxFindings?: string;
}

export function registerObserveCommand(program: Command, io: CheckIO, setExitCode: (code: number) => void): Command {
  return program
    .command('observe')
    .description('Watch live traffic (keyspace notifications, pub/sub, optionally MONITOR) and check it against the spec.')
    .argument('<spec>', 'spec file')
    .option('--url <url>', "Redis URL (default: from the spec's connection env vars, e.g. REDIS_URL)")
    .requiredOption('--duration <seconds>', 'how long to watch')
    .option('--monitor', 'also use MONITOR: command-level checks and writers by client name (costly: for dev and staging)', false)
    .option('--settle <ms>', "judge a key's TTL this long after its last write (default 250)")
    .addOption(new Option('--format <format>', 'report format').choices(['text', 'json', 'junit', 'markdown']).default('text'))
    .option('--output <file>', 'write the report to a file instead of stdout')
    .option('--baseline <file>', 'suppress known findings (the format of keyspec check)')
    .option('--connection <name>', 'spec connection to resolve from env vars (default: default)')
    .option('--max-findings <n>', 'per-key findings kept per check x db x pattern (default 100)')
    .addHelpText(
      'after',
      `
Findings: key.unmatched, key.type, key.ttl.missing|too-long|forbidden (judged after writes settle, so SET then
EXPIRE in one pipeline is fine), db.undeclared, key.writer (with --monitor, for clients that CLIENT SETNAME),
channel.undeclared, channel.message, channel.subscribers, observe.events.unverifiable (event classes that
notify-keyspace-events does not publish), observe.gap (connection lost, e.g. a Redis restart: observe reconnects).
Read-only: PSUBSCRIBE, CONFIG GET, EVAL_RO, CLIENT LIST, PUBSUB NUMSUB, and MONITOR when asked.

Exit codes: 0 conforms, 1 violations, 2 spec or usage error, 3 cannot connect, 4 only unverifiable checks failed.`,
    )
    .action(async (spec: string, flags: ObserveFlags) => {
      const duration = Number(flags.duration);
      const settle = flags.settle === undefined ? undefined : Number(flags.settle);
      const maxFindings = flags.maxFindings === undefined ? undefined : Number(flags.maxFindings);
      if (!(duration > 0) || (settle !== undefined && !(settle >= 0)) || (maxFindings !== undefined && !(maxFindings >= 0))) {
        io.stderr(`keyspec observe: --duration must be a positive number of seconds (and --settle, --max-findings non-negative)\n`);
        setExitCode(CHECK_EXIT.usage);
        return;
      }
      const options: RunObserveOptions = {
        spec,
        cwd: io.cwd,
        durationSeconds: duration,
        monitor: flags.monitor,
        ...(io.env ? { env: io.env } : {}),
        ...(flags.url ? { url: flags.url } : {}),
        ...(settle !== undefined ? { settleMs: settle } : {}),
        ...(flags.baseline ? { baseline: flags.baseline } : {}),
        ...(flags.connection ? { connection: flags.connection } : {}),
        ...(maxFindings !== undefined ? { maxFindingsPerCheck: maxFindings } : {}),
      };
      const result = await runObserve(options);
      if (!result.report) {
        io.stderr(`keyspec observe: ${result.error ?? 'failed'}\n`);
        setExitCode(result.exitCode);
        return;
      }
      const text = render(flags.format, result.report, io.color && !flags.output && flags.format === 'text');
      if (flags.output) {
        try {
          writeFileSync(resolve(io.cwd, flags.output), text);
        } catch (e) {
          io.stderr(`keyspec observe: cannot write ${flags.output}: ${(e as Error).message}\n`);
          setExitCode(CHECK_EXIT.usage);
          return;
        }
      } else io.stdout(text);
      setExitCode(result.exitCode);
    });
}
