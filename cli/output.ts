/**
 * Where a command's report goes: to `--output FILE` (written whole through a temporary file, then a one-line
 * summary on stderr) or to stdout. One implementation for check, observe and probe.
 */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, basename, resolve } from 'node:path';
import pc from 'picocolors';
import type { Summary } from '../conformance/findings.ts';
import { EXIT } from '../spec/exit-codes.ts';
import type { CliIO } from './io.ts';

/** Writes `text` to `output` (resolved against cwd) atomically, or to stdout. Returns an exit code on failure. */
export function deliverReport(io: CliIO, command: string, text: string, output: string | undefined, summary: string): number | undefined {
  if (!output) {
    io.stdout(text);
    return undefined;
  }
  const file = resolve(io.cwd, output);
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    io.stderr(`keyspec ${command}: cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
    return EXIT.usage;
  }
  io.stderr(`${summary} (report: ${output})\n`);
  return undefined;
}

/** `N errors, N warnings, N info: CONFORMS` — the line printed when the report went to a file. */
export function summaryOf(summary: Summary, color: boolean, lead?: string): string {
  const c = pc.createColors(color);
  const status =
    summary.status === 'conforms' ? c.green('CONFORMS') : summary.status === 'violations' ? c.red('VIOLATIONS') : c.yellow('UNVERIFIABLE');
  const counts = lead ?? `${summary.counts.error} errors, ${summary.counts.warning} warnings, ${summary.counts.info} info`;
  return `${counts}: ${status}`;
}
