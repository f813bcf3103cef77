/** The process entry of the `keyspec` executable: run the CLI, set the exit code, never throw. */
import { runCli } from './run-cli.ts';

process.exitCode = await runCli(process.argv.slice(2));
