/** `keyspec generate`: validate the spec, generate, then write or --check (diff + exit 1 on drift). */
import { relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { EXIT } from '../../spec/exit-codes.ts';
import type { CliIO } from '../io.ts';
import { loadValidSpec } from './validate.ts';

export function registerGenerateCommand(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('generate')
    .description('Generate the typed ioredis client and Markdown docs for a spec (deterministic output).')
    .argument('<spec>', 'spec file')
    .option('--out <dir>', 'output directory (default: generated/<spec name>)')
    .option('--check', 'compare with the files on disk instead of writing; print a diff and exit 1 on drift', false)
    .action(async (specArg: string, opts: { out?: string; check: boolean }) => {
      const spec = await loadValidSpec(specArg, io);
      if (!spec) {
        setExit(EXIT.usage);
        return;
      }
      const [{ defaultOutDir, generateFiles, requiredPackages }, { checkOutput, writeOutput }, { missingPackages }, { uncheckedSchemas }] =
        await Promise.all([
          import('../../generator/generate.ts'),
          import('../../generator/write-output.ts'),
          import('../../generator/package-check.ts'),
          import('../../generator/client/schema-subset.ts'),
        ]);
      for (const u of uncheckedSchemas(spec))
        io.stderr(
          `warning: the generated client cannot check the JSON Schema of ${u.where} on write (unsupported: ${u.keywords.join(', ')}); keyspec check still judges it
`,
        );
      const outDir = opts.out ?? defaultOutDir(spec);
      const specPath = relative(io.cwd, resolve(io.cwd, specArg)).split('\\').join('/');
      const files = generateFiles(spec, { specPath, outDir: relative(io.cwd, resolve(io.cwd, outDir)).split('\\').join('/') });
      const absOut = resolve(io.cwd, outDir);
      if (opts.check) {
        const drifts = checkOutput(absOut, files, outDir);
        if (drifts.length === 0) {
          io.stderr(`✓ ${outDir} is up to date with ${specPath} (${files.length} files)\n`);
          setExit(EXIT.ok);
          return;
        }
        for (const d of drifts) io.stdout(d.diff);
        io.stderr(
          `✗ ${drifts.length} generated file${drifts.length === 1 ? '' : 's'} in ${outDir} drifted from ${specPath}: ${drifts.map((d) => `${d.path} (${d.kind})`).join(', ')}\n  Regenerate with: npx keyspec generate ${specPath}${opts.out ? ` --out ${opts.out}` : ''}\n`,
        );
        setExit(EXIT.violations);
        return;
      }
      let outcome: ReturnType<typeof writeOutput>;
      try {
        outcome = writeOutput(absOut, files);
      } catch (e) {
        io.stderr(`keyspec generate: cannot write ${outDir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
        setExit(EXIT.usage);
        return;
      }
      const { written, removed } = outcome;
      io.stderr(
        `✓ generated ${files.length} files in ${outDir} (${written.length} changed${removed.length ? `, ${removed.length} removed` : ''})\n`,
      );
      for (const pkg of missingPackages(absOut, requiredPackages()))
        io.stderr(`warning: the generated client imports '${pkg}', which ${outDir} cannot resolve: install it (npm i ${pkg})\n`);
      setExit(EXIT.ok);
    });
}
