/** `keyspec generate`: validate the spec, generate, then write or --check (diff + exit 1 on drift). */
import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { EXIT } from '../../spec/exit-codes.ts';
import type { CliIO } from '../io.ts';
import { loadValidSpec } from './validate.ts';

export function registerGenerateCommand(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('generate')
    .description('Generate the typed ioredis client and Markdown docs, or the typed Python package, for a spec (deterministic output).')
    .argument('<spec>', 'spec file')
    .option('--out <dir>', 'output directory (default: generated/<spec name>; the Python package under its python/)')
    .option(
      '--target <targets>',
      'what to generate: ts (the TypeScript client and docs), python (the redis-py package), or both (ts,python; repeatable); default ts, and python too where its folder exists',
      (v: string, prev: string[] | undefined) => [
        ...(prev ?? []),
        ...v
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean),
      ],
    )
    .option('--check', 'compare with the files on disk instead of writing; print a diff and exit 1 on drift', false)
    .action(async (specArg: string, opts: { out?: string; check: boolean; target?: string[] }) => {
      let targets = [...new Set(opts.target ?? ['ts'])];
      const unknown = targets.filter((t) => t !== 'ts' && t !== 'python');
      if (unknown.length || targets.length === 0) {
        io.stderr(`keyspec generate: unknown --target ${unknown.join(', ')} (expected ts, python or ts,python)\n`);
        setExit(EXIT.usage);
        return;
      }
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
      // No --target: TypeScript, and the Python package too where one was generated before (its folder
      // exists), so a plain `generate --check` keeps every checked-in output in step.
      const pythonDir = defaultOutDir(spec, 'python');
      const withPython = opts.target === undefined && opts.out === undefined && existsSync(resolve(io.cwd, pythonDir));
      if (withPython) targets = ['ts', 'python'];
      const specPath = relative(io.cwd, resolve(io.cwd, specArg)).split('\\').join('/');
      let exit: number = EXIT.ok;
      for (const target of targets as ('ts' | 'python')[]) {
        // With --out and both targets, the Python package goes under <out>/python, as it does by default.
        const outDir =
          opts.out === undefined
            ? defaultOutDir(spec, target)
            : target === 'python' && targets.length > 1
              ? `${opts.out}/python`
              : opts.out;
        const rel = relative(io.cwd, resolve(io.cwd, outDir)).split('\\').join('/');
        const files = generateFiles(spec, { specPath, outDir: rel, target });
        const absOut = resolve(io.cwd, outDir);
        // The TypeScript output folder holds the Python package's folder: its files are not the ts target's.
        const skip = target === 'ts' ? ['python'] : [];
        if (opts.check) {
          const drifts = checkOutput(absOut, files, outDir, skip);
          if (drifts.length === 0) {
            io.stderr(`✓ ${outDir} is up to date with ${specPath} (${files.length} files)\n`);
            continue;
          }
          for (const d of drifts) io.stdout(d.diff);
          const again = `npx keyspec generate ${specPath}${target === 'ts' ? '' : ` --target ${target}`}${opts.out ? ` --out ${outDir}` : ''}`;
          io.stderr(
            `✗ ${drifts.length} generated file${drifts.length === 1 ? '' : 's'} in ${outDir} drifted from ${specPath}: ${drifts.map((d) => `${d.path} (${d.kind})`).join(', ')}\n  Regenerate with: ${again}\n`,
          );
          exit = EXIT.violations;
          continue;
        }
        let outcome: ReturnType<typeof writeOutput>;
        try {
          outcome = writeOutput(absOut, files, skip);
        } catch (e) {
          io.stderr(`keyspec generate: cannot write ${outDir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
          setExit(EXIT.usage);
          return;
        }
        const { written, removed } = outcome;
        io.stderr(
          `✓ generated ${files.length} files in ${outDir} (${written.length} changed${removed.length ? `, ${removed.length} removed` : ''})\n`,
        );
        if (target === 'ts')
          for (const pkg of missingPackages(absOut, requiredPackages()))
            io.stderr(`warning: the generated client imports '${pkg}', which ${outDir} cannot resolve: install it (npm i ${pkg})\n`);
        else io.stderr(`  the Python package needs redis-py >= 4.3 where it runs (pip install 'redis>=4.3')\n`);
      }
      // A ts-only run leaves an existing Python package alone: say how to regenerate or check it too.
      if (!targets.includes('python') && opts.out === undefined && existsSync(resolve(io.cwd, pythonDir)))
        io.stderr(`  ${pythonDir} holds the Python package: add --target ts,python to ${opts.check ? 'check' : 'regenerate'} it too\n`);
      setExit(exit);
    });
}
