/**
 * How check, observe and probe end: the report rendered in the asked format, then written to `--output FILE`
 * (whole, through a temporary file, with a one-line summary on stderr) or to stdout; a run that produced no
 * report says why in one line. One implementation for the three commands.
 */
import { resolve } from 'node:path';
import pc from 'picocolors';
import type { Report, Summary } from '../conformance/findings/report.ts';
import type { ReportFormat } from '../conformance/reports/render.ts';
import { EXIT } from '../spec/exit-codes.ts';
import type { CliIO } from './io.ts';
import { writeWhole } from './write-file.ts';

/** What every engine returns. */
export interface RunOutcome {
  report?: Report;
  summary: Summary;
  error?: string;
  exitCode: number;
}

export interface OutputFlags {
  format: ReportFormat;
  output?: string;
}

/** Renders and delivers the outcome of a run; returns the command's exit code. */
export async function reportRun(
  io: CliIO,
  command: string,
  outcome: RunOutcome,
  flags: OutputFlags,
  lead?: (summary: Summary) => string,
): Promise<number> {
  if (!outcome.report) {
    io.stderr(`keyspec ${command}: ${outcome.error ?? 'failed'}\n`);
    return outcome.exitCode;
  }
  // A run that reached no server still prints its report; the cause also goes to stderr, in one line.
  if (outcome.exitCode === EXIT.connect && outcome.error) io.stderr(`keyspec ${command}: ${outcome.error}\n`);
  const { renderReport } = await import('../conformance/reports/render.ts');
  const color = io.color && !flags.output && flags.format === 'text';
  const text = renderReport(flags.format, outcome.report, { color, palette: pc });
  if (!flags.output) {
    io.stdout(text);
    return outcome.exitCode;
  }
  const file = resolve(io.cwd, flags.output);
  const failed = writeWhole(file, text);
  if (failed) {
    io.stderr(`keyspec ${command}: cannot write ${file}: ${failed}\n`);
    return EXIT.usage;
  }
  io.stderr(`${summaryLine(outcome.summary, io.color, lead?.(outcome.summary))} (report: ${flags.output})\n`);
  return outcome.exitCode;
}

/** `N errors, N warnings, N info: CONFORMS`, the line printed when the report went to a file. */
function summaryLine(summary: Summary, color: boolean, lead?: string): string {
  const c = pc.createColors(color);
  const status =
    summary.status === 'conforms' ? c.green('CONFORMS') : summary.status === 'violations' ? c.red('VIOLATIONS') : c.yellow('UNVERIFIABLE');
  return `${lead ?? `${summary.counts.error} errors, ${summary.counts.warning} warnings, ${summary.counts.info} info`}: ${status}`;
}
