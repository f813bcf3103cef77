/**
 * `keyspec probe`: the command-line face of runProbe. Wire it in with
 * `registerProbeCommand(program, io, (code) => { exitCode = code; })`.
 *
 * Text and JSON are `keyspec check`'s renderers (same schema, `mode: "probe"`, `summary.probes[]`). JUnit
 * and Markdown have probe-shaped renderers here: the check ones are organised around databases and key
 * patterns, so their JUnit output has no test case for a probe (`tests="0"`) and their Markdown is
 * headed `keyspec check`.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import pc from 'picocolors';
import type { CheckIO } from './check-command.ts';
import { renderReport as render, type ReportFormat } from './reports/render.ts';
import { CHECK_EXIT } from './run/result.ts';
import type { Report } from './findings/report.ts';
import { runProbe, type RunProbeOptions } from './probe/run-probe.ts';

interface ProbeFlags {
  service: string[];
  url?: string;
  connection?: string;
  format: ReportFormat;
  output?: string;
  timeout?: string;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function renderProbeReport(format: ReportFormat, report: Report, color: boolean): string {
  return render(format, report, color);
}

export function registerProbeCommand(program: Command, io: CheckIO, setExitCode: (code: number) => void): Command {
  return program
    .command('probe')
    .description(
      "Probe running services against their spec contracts: trigger each probe through Redis and judge the service's WebSocket frame.",
    )
    .argument('<spec>', 'spec file')
    .option('--service <name=url>', 'a service with a contract and its base URL, e.g. status=ws://localhost:9002 (repeatable)', collect, [])
    .option('--url <url>', "Redis URL the services use (default: from the spec's connection env vars, e.g. REDIS_URL)")
    .option('--connection <name>', 'spec connection to resolve from env vars (default: default)')
    .addOption(new Option('--format <format>', 'report format').choices(['text', 'json', 'junit', 'markdown']).default('text'))
    .option('--output <file>', 'write the report to a file instead of stdout')
    .option('--timeout <ms>', "wait this long for each probe's frame (default: each probe's timeoutMs, 3000)")
    .addHelpText(
      'after',
      `
For each probe of each service: open the WebSocket (service URL + the contract's path), trigger it
through Redis (PUBLISH on a scratch channel, or HSET on a scratch hash that must not exist yet and is
deleted afterwards), and judge the first frame after the trigger against expectFrame. These are the
only writes keyspec makes, and only to channels and keys marked probeSafe.

Checks: probe.connect, probe.frame.missing, probe.frame.mismatch, probe.scratch.unverifiable.
Exit codes: 0 every probe passed, 1 a probe failed, 2 spec or usage error, 3 cannot connect to Redis,
4 only unverifiable probes (e.g. the scratch key already exists).`,
    )
    .action(async (spec: string, flags: ProbeFlags) => {
      let timeoutMs: number | undefined;
      if (flags.timeout !== undefined) {
        const n = Number(flags.timeout);
        if (flags.timeout.trim() === '' || !Number.isInteger(n) || n <= 0) {
          io.stderr(`keyspec probe: --timeout: expected a positive number of milliseconds, got ${JSON.stringify(flags.timeout)}\n`);
          setExitCode(CHECK_EXIT.usage);
          return;
        }
        timeoutMs = n;
      }
      const options: RunProbeOptions = {
        spec,
        cwd: io.cwd,
        services: flags.service,
        ...(io.env ? { env: io.env } : {}),
        ...(flags.url ? { url: flags.url } : {}),
        ...(flags.connection ? { connection: flags.connection } : {}),
        ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      };
      const result = await runProbe(options);
      if (!result.report) {
        io.stderr(`keyspec probe: ${result.error ?? 'failed'}\n`);
        setExitCode(result.exitCode);
        return;
      }
      const color = io.color && !flags.output && flags.format === 'text';
      const text = renderProbeReport(flags.format, result.report, color);
      if (flags.output) {
        const file = resolve(io.cwd, flags.output);
        try {
          writeFileSync(file, text);
        } catch (e) {
          io.stderr(`keyspec probe: cannot write ${file}: ${(e as Error).message}\n`);
          setExitCode(CHECK_EXIT.usage);
          return;
        }
        const c = pc.createColors(io.color);
        const probes = result.summary.probes ?? [];
        const s = result.summary;
        io.stderr(
          `${probes.filter((p) => p.state === 'pass').length}/${probes.length} probes passed: ${s.status === 'conforms' ? c.green('CONFORMS') : s.status === 'violations' ? c.red('VIOLATIONS') : c.yellow('UNVERIFIABLE')} (report: ${flags.output})\n`,
        );
      } else {
        io.stdout(text);
      }
      setExitCode(result.exitCode);
    });
}
