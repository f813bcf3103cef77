/**
 * The keyspec command line: a thin shell over the library. `runCli` never exits the process; it returns the
 * exit code, so it can be tested and embedded. Only the command that runs loads its engine (the generator's
 * ts-morph and handlebars, the checker's Redis client), so `--help` and `--version` start fast.
 */
import { Command, CommanderError } from 'commander';
import { EXIT, EXIT_HELP } from '../spec/exit-codes.ts';
import { KEYSPEC_VERSION } from '../spec/package-files.ts';
import { registerCheckCommand } from './commands/check.ts';
import { registerDiffCommand } from './commands/diff.ts';
import { registerGenerateCommand } from './commands/generate.ts';
import { registerInferCommand } from './commands/infer.ts';
import { registerLspCommand } from './commands/lsp.ts';
import { registerModelCommand } from './commands/model.ts';
import { registerObserveCommand } from './commands/observe.ts';
import { registerProbeCommand } from './commands/probe.ts';
import { registerValidateCommand } from './commands/validate.ts';
import { processIO, type CliIO } from './io.ts';

export { processIO, type CliIO } from './io.ts';
export { EXIT } from '../spec/exit-codes.ts';

const COMMANDS = [
  registerValidateCommand,
  registerGenerateCommand,
  registerModelCommand,
  registerCheckCommand,
  registerObserveCommand,
  registerProbeCommand,
  registerDiffCommand,
  registerLspCommand,
  registerInferCommand,
];

/** Commander's error text as one line: `keyspec check: unknown option '--x' (keyspec help check)`. */
function oneLine(message: string, commandPath: string): string {
  const text = message
    .replace(/^error:\s*/i, '')
    .replace(/\s*\n\s*/g, ' ')
    .trim();
  const help = commandPath === 'keyspec' ? 'keyspec --help' : `keyspec help ${commandPath.replace(/^keyspec /, '')}`;
  return `${commandPath}: ${text} (see ${help})\n`;
}

export async function runCli(argv: readonly string[], io: CliIO = processIO()): Promise<number> {
  let exitCode: number = EXIT.ok;
  const setExit = (code: number): void => {
    exitCode = code;
  };
  const program = new Command()
    .name('keyspec')
    .description('Your Redis keyspace as a contract: validate specs, generate typed clients and docs, check live servers.')
    .version(KEYSPEC_VERSION, '-v, --version', 'print the keyspec version')
    .helpCommand('help [command]', 'show help for a command')
    .addHelpText('after', `\n${EXIT_HELP}\n\nDocs: README.md, LANGUAGE.md and CHECKS.md in the keyspec package.`);
  for (const register of COMMANDS) register(program, io, setExit);
  for (const command of [program, ...program.commands]) {
    const path = command === program ? 'keyspec' : `keyspec ${command.name()}`;
    command.exitOverride().configureOutput({
      writeOut: io.stdout,
      writeErr: io.stderr,
      outputError: (message, write) => write(oneLine(message, path)),
    });
  }

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
