/** `keyspec validate`: every problem of the spec files as file:line:col, rule id, code frame and hint. */
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import type { Spec } from '../../spec/index.ts';
import { colors, type CliIO } from '../io.ts';

/** Loads one spec for a command that needs a valid model; on errors prints them and returns undefined. */
export async function loadValidSpec(file: string, io: CliIO): Promise<Spec | undefined> {
  const { nodeHost, renderText, summaryLine, validateSpecs } = await import('../../spec/index.ts');
  const result = validateSpecs([resolve(io.cwd, file)], nodeHost(io.cwd));
  const spec = result.specs[0]?.spec;
  if (result.errors > 0 || !spec) {
    io.stderr(renderText(result.diagnostics, result.sources, colors(io)) + '\n');
    io.stderr(summaryLine(result.errors, result.warnings, 1, colors(io)) + '\n');
    return undefined;
  }
  return spec;
}

export function registerValidateCommand(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('validate')
    .description('Validate spec files and report every problem as file:line:col, rule id and hint.')
    .argument('<spec...>', 'spec files')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--strict', 'fail on warnings too', false)
    .action(async (files: string[], opts: { format: 'text' | 'json'; strict: boolean }) => {
      const { nodeHost, renderJson, renderText, summaryLine, validateSpecs } = await import('../../spec/index.ts');
      const result = validateSpecs(
        files.map((f) => resolve(io.cwd, f)),
        nodeHost(io.cwd),
        { strict: opts.strict },
      );
      if (opts.format === 'json') {
        io.stdout(renderJson(result.diagnostics) + '\n');
      } else {
        const text = renderText(result.diagnostics, result.sources, colors(io));
        if (text) io.stderr(text + '\n');
        io.stderr(summaryLine(result.errors, result.warnings, files.length, colors(io)) + '\n');
      }
      setExit(result.exitCode);
    });
}
