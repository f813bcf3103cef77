/**
 * The keyspec command line: a thin shell over the library functions. `runCli` never exits the process;
 * it returns the exit code, so it can be tested and embedded.
 */
import { resolve } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { registerCheckCommand } from '../conformance/check-command.ts';
import { registerObserveCommand } from '../conformance/observe-command.ts';
import { registerProbeCommand } from '../conformance/probe-command.ts';
import { registerGenerateCommand } from '../generator/generate-command.ts';
import { nodeHost, renderJson, renderText, summaryLine, validateSpecs } from '../spec/index.ts';

export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Colour output (a TTY without NO_COLOR). */
  color: boolean;
  cwd: string;
}

export function processIO(): CliIO {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
    cwd: process.cwd(),
  };
}

/** Exit codes shared by every command. */
export const EXIT = { ok: 0, violations: 1, usage: 2, connect: 3, unverifiable: 4 } as const;

export async function runCli(argv: readonly string[], io: CliIO = processIO()): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = new Command()
    .name('keyspec')
    .description('Your Redis keyspace as a contract: validate specs, generate typed clients and docs, check live servers.')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run keyspec --help for usage)')
    .addHelpText(
      'after',
      `
Exit codes:
  0  success (spec valid / keyspace conforms)
  1  violations found (check, observe, probe) or generated files drifted (generate --check)
  2  spec or usage error
  3  cannot connect to Redis
  4  only unverifiable checks failed`,
    );

  program
    .command('validate')
    .description('Validate spec files and report every problem as file:line:col, rule id and hint.')
    .argument('<spec...>', 'spec files')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--strict', 'fail on warnings too', false)
    .action((files: string[], opts: { format: 'text' | 'json'; strict: boolean }) => {
      const host = nodeHost(io.cwd);
      const result = validateSpecs(
        files.map((f) => resolve(io.cwd, f)),
        host,
        { strict: opts.strict },
      );
      if (opts.format === 'json') {
        io.stdout(renderJson(result.diagnostics) + '\n');
      } else {
        const text = renderText(result.diagnostics, result.sources, { color: io.color });
        if (text) io.stderr(text + '\n');
        io.stderr(summaryLine(result.errors, result.warnings, files.length, { color: io.color }) + '\n');
      }
      exitCode = result.exitCode;
    });

  registerGenerateCommand(program, io, (code) => {
    exitCode = code;
  });
  registerCheckCommand(program, io, (code) => {
    exitCode = code;
  });
  registerObserveCommand(program, io, (code) => {
    exitCode = code;
  });
  registerProbeCommand(program, io, (code) => {
    exitCode = code;
  });

  try {
    await program.parseAsync(argv as string[], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
      return EXIT.usage;
    }
    io.stderr(`keyspec: internal error: ${(e as Error).message}\n`);
    return EXIT.usage;
  }
  return exitCode;
}
