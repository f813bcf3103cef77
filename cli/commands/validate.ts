/** `keyspec validate`: every problem of the spec files as file:line:col, rule id, code frame and hint. */
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import type { LoadOptions, LoadProgress, Spec } from '../../spec/index.ts';
import { colors, type CliIO } from '../io.ts';

/** Specs with fewer patterns than this check their overlaps too fast for a progress line to help. */
const PROGRESS_MIN_PATTERNS = 300;

/**
 * A single updating line on stderr while a large spec's overlaps are checked, e.g.
 * `checking overlaps of 5,000 keys: 1,200/4,800 candidate pairs (of 12,497,500)`; cleared when done.
 * Only when progress is wanted (io.progress, default: stderr is a TTY); otherwise no options at all.
 */
export function validateProgress(io: CliIO): { options: LoadOptions; end: () => void } {
  if (!(io.progress ?? Boolean(process.stderr.isTTY))) return { options: {}, end: () => {} };
  let shown = false;
  let last = 0;
  const n = (x: number): string => x.toLocaleString('en-US');
  const onProgress = (p: LoadProgress): void => {
    if (p.patterns < PROGRESS_MIN_PATTERNS) return;
    const now = performance.now();
    if (shown && p.done !== p.total && now - last < 100) return;
    last = now;
    shown = true;
    io.stderr(`\rchecking overlaps of ${n(p.patterns)} ${p.what}: ${n(p.done)}/${n(p.total)} candidate pairs (of ${n(p.allPairs)})\x1b[K`);
  };
  return {
    options: { onProgress },
    end: () => {
      if (shown) io.stderr('\r\x1b[K');
      shown = false;
    },
  };
}

/** Loads one spec for a command that needs a valid model; on errors prints them and returns undefined. */
export async function loadValidSpec(file: string, io: CliIO): Promise<Spec | undefined> {
  const { nodeHost, renderText, summaryLine, validateSpecs } = await import('../../spec/index.ts');
  const progress = validateProgress(io);
  let result: ReturnType<typeof validateSpecs>;
  try {
    result = validateSpecs([resolve(io.cwd, file)], nodeHost(io.cwd), progress.options);
  } finally {
    progress.end();
  }
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
    .option('--no-progress', 'no progress line for large specs (shown on a terminal only)')
    .action(async (files: string[], opts: { format: 'text' | 'json'; strict: boolean; progress: boolean }) => {
      const { nodeHost, renderJson, renderText, summaryLine, validateSpecs } = await import('../../spec/index.ts');
      // The progress line is for people at a terminal: never with --format json.
      const progress = opts.format === 'json' || !opts.progress ? { options: {}, end: () => {} } : validateProgress(io);
      let result: ReturnType<typeof validateSpecs>;
      try {
        result = validateSpecs(
          files.map((f) => resolve(io.cwd, f)),
          nodeHost(io.cwd),
          { strict: opts.strict, ...progress.options },
        );
      } finally {
        progress.end();
      }
      if (opts.format === 'json') {
        io.stdout(renderJson(result.diagnostics) + '\n');
      } else {
        const text = renderText(result.diagnostics, result.sources, colors(io));
        if (text) io.stderr(text + '\n');
        io.stderr(summaryLine(result.errors, result.warnings, files.length, { ...colors(io), strict: opts.strict }) + '\n');
      }
      setExit(result.exitCode);
    });
}
