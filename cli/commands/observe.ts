/** `keyspec observe`: the command-line face of runObserve (same reports and exit codes as check). */
import type { Command } from 'commander';
import type { RunObserveOptions } from '../../conformance/observe/run-observe.ts';
import type { ReportFormat } from '../../conformance/reports/render.ts';
import { EXIT } from '../../spec/exit-codes.ts';
import { checkRunFlags, UsageError, type CliIO } from '../io.ts';
import { reportRun } from '../output.ts';
import { commandTimeoutOption, connectTimeoutOption, formatOption, timeoutsFrom, type TimeoutFlags } from '../run-options.ts';

interface ObserveFlags extends TimeoutFlags {
  readyFile?: string;
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

export function registerObserveCommand(program: Command, io: CliIO, setExitCode: (code: number) => void): Command {
  return program
    .command('observe')
    .description('Watch live traffic (keyspace notifications, pub/sub, optionally MONITOR) and check it against the spec.')
    .argument('<spec>', 'spec file')
    .option('--url <url>', "Redis URL (default: from the spec's connection env vars, e.g. REDIS_URL)")
    .requiredOption('--duration <seconds>', 'how long to watch')
    .option('--monitor', 'also use MONITOR: command-level checks and writers by client name (costly: for dev and staging)', false)
    .option('--settle <ms>', "judge a key's TTL this long after its last write (default 250)")
    .addOption(formatOption())
    .option('--output <file>', 'write the report to a file instead of stdout')
    .option('--baseline <file>', 'suppress known findings (the format of keyspec check)')
    .option('--connection <name>', 'spec connection to resolve from env vars (default: default)')
    .option('--max-findings <n>', 'per-key findings kept per check x db x pattern (default 100)')
    .option('--ready-file <path>', 'write one line to this file once every subscription is confirmed (the watch starts then)')
    .addOption(connectTimeoutOption())
    .addOption(commandTimeoutOption())
    .addHelpText(
      'after',
      `
Findings: key.unmatched, key.type, key.ttl.missing|too-long|forbidden (judged after writes settle, so SET then
EXPIRE in one pipeline is fine), db.undeclared, key.writer (with --monitor, for clients that CLIENT SETNAME),
channel.undeclared, channel.message, channel.subscribers, observe.events.unverifiable (event classes that
notify-keyspace-events does not publish), observe.gap (connection lost, e.g. a Redis restart: observe reconnects).
Read-only: PSUBSCRIBE, CONFIG GET, EVAL_RO, CLIENT LIST, PUBSUB NUMSUB, and MONITOR when asked.

Once every subscription is confirmed, a line "keyspec observe: ready ..." goes to stderr (and --ready-file is
written); --duration counts from there. observe always ends by --duration plus a grace of settle + max(settle, 2 s):
keys the server did not answer for by then (it is down or paused) are reported (check.error, observe.gap).

Exit codes: 0 conforms, 1 violations, 2 spec or usage error, 3 cannot connect, 4 only unverifiable checks failed.`,
    )
    .action(async (spec: string, flags: ObserveFlags) => {
      try {
        checkRunFlags(flags, io.cwd);
      } catch (e) {
        if (!(e instanceof UsageError)) throw e;
        io.stderr(`keyspec observe: ${e.message}\n`);
        setExitCode(EXIT.usage);
        return;
      }
      const duration = Number(flags.duration);
      const settle = flags.settle === undefined ? undefined : Number(flags.settle);
      const maxFindings = flags.maxFindings === undefined ? undefined : Number(flags.maxFindings);
      if (!(duration > 0) || (settle !== undefined && !(settle >= 0)) || (maxFindings !== undefined && !(maxFindings >= 0))) {
        io.stderr(`keyspec observe: --duration must be a positive number of seconds (and --settle, --max-findings non-negative)\n`);
        setExitCode(EXIT.usage);
        return;
      }
      let timeouts: ReturnType<typeof timeoutsFrom>;
      try {
        timeouts = timeoutsFrom(flags);
      } catch (e) {
        if (!(e instanceof UsageError)) throw e;
        io.stderr(`keyspec observe: ${e.message}\n`);
        setExitCode(EXIT.usage);
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
        ...(flags.readyFile ? { readyFile: flags.readyFile } : {}),
        ...timeouts,
        onReady: (r) =>
          io.stderr(
            `keyspec observe: ready: ${r.subscriptions} subscriptions confirmed on ${r.target}; watching for ${r.durationSeconds} s\n`,
          ),
      };
      const { runObserve } = await import('../../conformance/observe/run-observe.ts');
      const result = await runObserve(options);
      setExitCode(await reportRun(io, 'observe', result, flags));
    });
}
