/** The process entry of the `keyspec` executable: run the CLI, set the exit code, never throw. */
import { runCli } from './run-cli.ts';
import { keepYoungGenerationSmall } from './young-generation.ts';

// A reader that stops early (`keyspec model spec.yaml | head`) is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

keepYoungGenerationSmall(process.argv.slice(2));
process.exitCode = await runCli(process.argv.slice(2));
