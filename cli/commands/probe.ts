/**
 * `keyspec probe`: the command-line face of runProbe. Text and JSON use check's renderers (same schema,
 * `mode: "probe"`, `summary.probes[]`); JUnit and Markdown have probe-shaped renderers.
 */
import type { Command } from 'commander';
import type { RunProbeOptions } from '../../conformance/probe/run-probe.ts';
import type { ReportFormat } from '../../conformance/reports/render.ts';
import { EXIT } from '../../spec/exit-codes.ts';
import { checkRunFlags, UsageError, type CliIO } from '../io.ts';
import { reportRun } from '../output.ts';
import { commandTimeoutOption, connectTimeoutOption, formatOption, timeoutsFrom, type TimeoutFlags } from '../run-options.ts';

interface ProbeFlags extends TimeoutFlags {
  service: string[];
  url?: string;
  connection?: string;
  format: ReportFormat;
  output?: string;
  timeout?: string;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function registerProbeCommand(program: Command, io: CliIO, setExitCode: (code: number) => void): Command {
  return program
    .command('probe')
    .description(
      "Probe running services against their spec contracts: trigger each probe through Redis and judge the service's WebSocket frame.",
    )
    .argument('<spec>', 'spec file')
    .option('--service <name=url>', 'a service with a contract and its base URL, e.g. status=ws://localhost:9002 (repeatable)', collect, [])
    .option('--url <url>', "Redis URL the services use (default: from the spec's connection env vars, e.g. REDIS_URL)")
    .option('--connection <name>', 'spec connection to resolve from env vars (default: default)')
    .addOption(formatOption())
    .option('--output <file>', 'write the report to a file instead of stdout')
    .option('--timeout <ms>', "wait this long for each probe's frame (default: each probe's timeoutMs, 3000)")
    .addOption(connectTimeoutOption())
    .addOption(commandTimeoutOption())
    .addHelpText(
      'after',
      `
For each probe of each service: open the WebSocket (service URL + the contract's path), trigger it
through Redis (PUBLISH on a scratch channel, or HSET on a scratch hash that must not exist yet and is
deleted afterwards), and judge the first frame after the trigger against expectFrame. These are the
only writes keyspec makes, and only to channels and keys marked probeSafe.

Checks: probe.connect, probe.frame.missing, probe.frame.mismatch, probe.scratch.unverifiable.
Exit codes: 0 every probe passed, 1 a probe failed, 2 spec or usage error, 3 cannot connect to Redis,
4 only unverifiable probes (e.g. the scratch key already exists, or Redis was lost mid-run: check.error).`,
    )
    .action(async (spec: string, flags: ProbeFlags) => {
      try {
        checkRunFlags(flags, io.cwd);
      } catch (e) {
        if (!(e instanceof UsageError)) throw e;
        io.stderr(`keyspec probe: ${e.message}\n`);
        setExitCode(EXIT.usage);
        return;
      }
      let timeoutMs: number | undefined;
      if (flags.timeout !== undefined) {
        const n = Number(flags.timeout);
        if (flags.timeout.trim() === '' || !Number.isInteger(n) || n <= 0) {
          io.stderr(`keyspec probe: --timeout: expected a positive number of milliseconds, got ${JSON.stringify(flags.timeout)}\n`);
          setExitCode(EXIT.usage);
          return;
        }
        timeoutMs = n;
      }
      let timeouts: ReturnType<typeof timeoutsFrom>;
      try {
        timeouts = timeoutsFrom(flags);
      } catch (e) {
        if (!(e instanceof UsageError)) throw e;
        io.stderr(`keyspec probe: ${e.message}\n`);
        setExitCode(EXIT.usage);
        return;
      }
      const options: RunProbeOptions = {
        spec,
        cwd: io.cwd,
        services: flags.service,
        ...(io.env ? { env: io.env } : {}),
        ...(flags.url ? { url: flags.url } : {}),
        ...(flags.connection ? { connection: flags.connection } : {}),
        ...(timeoutMs !== undefined ? { timeoutMs } : {}),
        ...timeouts,
      };
      const { runProbe } = await import('../../conformance/probe/run-probe.ts');
      const result = await runProbe(options);
      const passed = (s: { probes?: { state: string }[] }): string => {
        const probes = s.probes ?? [];
        return `${probes.filter((p) => p.state === 'pass').length}/${probes.length} probes passed`;
      };
      setExitCode(await reportRun(io, 'probe', result, flags, passed));
    });
}
