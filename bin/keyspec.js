#!/usr/bin/env node
// The keyspec executable: a shim that loads the TypeScript sources through tsx and runs the CLI.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../cli/run-cli.ts');
process.exitCode = await runCli(process.argv.slice(2));
