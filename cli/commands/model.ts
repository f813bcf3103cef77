/**
 * `keyspec model`: the validated model as JSON (plain data, defaults filled, `modelVersion`, source
 * positions in `origins`), for other tools to consume; its JSON Schema ships as `keyspec/model.schema.json`.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { EXIT } from '../../spec/exit-codes.ts';
import type { CliIO } from '../io.ts';
import { writeWhole } from '../write-file.ts';
import { loadValidSpec } from './validate.ts';

export function registerModelCommand(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('model')
    .description('Print the validated model of a spec as JSON (schema: keyspec/model.schema.json).')
    .argument('<spec>', 'spec file')
    .option('--output <file>', 'write the JSON to a file instead of stdout')
    .action(async (specArg: string, opts: { output?: string }) => {
      const spec = await loadValidSpec(specArg, io);
      if (!spec) {
        setExit(EXIT.usage);
        return;
      }
      const { modelJson } = await import('../../spec/language/model-json.ts');
      const json = modelJson(spec) + '\n';
      if (!opts.output) {
        io.stdout(json);
        setExit(EXIT.ok);
        return;
      }
      const file = resolve(io.cwd, opts.output);
      const failed = writeWhole(file, json);
      if (failed) {
        io.stderr(`keyspec model: cannot write ${file}: ${failed}\n`);
        setExit(EXIT.usage);
        return;
      }
      io.stderr(`✓ model of ${specArg} (${json.length.toLocaleString('en-US')} bytes) written to ${opts.output}\n`);
      setExit(EXIT.ok);
    });
}
