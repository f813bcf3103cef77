/** `keyspec generate`: validate the spec, generate, then write or --check (diff + exit 1 on drift). */
import { relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { nodeHost, renderText, summaryLine, validateSpecs } from '../spec/index.ts';
import { defaultOutDir, generateFiles } from './generate.ts';
import { checkOutput, writeOutput } from './write-output.ts';

export interface CommandIO {
  stdout(text: string): void;
  stderr(text: string): void;
  color: boolean;
  cwd: string;
}

export function registerGenerateCommand(program: Command, io: CommandIO, setExit: (code: number) => void): void {
  program
    .command('generate')
    .description('Generate the typed ioredis client and Markdown docs for a spec (deterministic output).')
    .argument('<spec>', 'spec file')
    .option('--out <dir>', 'output directory (default: generated/<spec name>)')
    .option('--check', 'compare with the files on disk instead of writing; print a diff and exit 1 on drift', false)
    .action((specArg: string, opts: { out?: string; check: boolean }) => {
      const result = validateSpecs([resolve(io.cwd, specArg)], nodeHost(io.cwd));
      const spec = result.specs[0]?.spec;
      if (result.errors > 0 || !spec) {
        io.stderr(renderText(result.diagnostics, result.sources, { color: io.color }) + '\n');
        io.stderr(summaryLine(result.errors, result.warnings, 1, { color: io.color }) + '\n');
        setExit(2);
        return;
      }
      const outDir = opts.out ?? defaultOutDir(spec);
      const specPath = relative(io.cwd, resolve(io.cwd, specArg)).split('\\').join('/');
      const files = generateFiles(spec, { specPath, outDir: relative(io.cwd, resolve(io.cwd, outDir)).split('\\').join('/') });
      const absOut = resolve(io.cwd, outDir);
      if (opts.check) {
        const drifts = checkOutput(absOut, files, outDir);
        if (drifts.length === 0) {
          io.stderr(`✓ ${outDir} is up to date with ${specPath} (${files.length} files)\n`);
          setExit(0);
          return;
        }
        for (const d of drifts) io.stdout(d.diff);
        io.stderr(
          `✗ ${drifts.length} generated file${drifts.length === 1 ? '' : 's'} in ${outDir} drifted from ${specPath}: ${drifts.map((d) => `${d.path} (${d.kind})`).join(', ')}\n  Regenerate with: npx keyspec generate ${specPath}${opts.out ? ` --out ${opts.out}` : ''}\n`,
        );
        setExit(1);
        return;
      }
      const { written, removed } = writeOutput(absOut, files);
      io.stderr(
        `✓ generated ${files.length} files in ${outDir} (${written.length} changed${removed.length ? `, ${removed.length} removed` : ''})\n`,
      );
      setExit(0);
    });
}
