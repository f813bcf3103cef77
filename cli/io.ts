import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import pc from 'picocolors';
import type { Palette } from '../spec/palette.ts';
/** What a command may touch of its process: output streams, colour, the working directory, the environment. */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Colour output (a TTY without NO_COLOR). */
  color: boolean;
  cwd: string;
  /** Show progress bars on stderr (default: stderr is a TTY). */
  progress?: boolean;
  /** The environment connection env vars are read from (default: process.env). */
  env?: Readonly<Record<string, string | undefined>>;
}

export function processIO(): CliIO {
  return {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
    cwd: process.cwd(),
  };
}

/** A flag or argument the command cannot use: reported in one line, exit 2, before anything is done. */
export class UsageError extends Error {}

/** A number flag: a finite number (an integer where asked), not negative. */
export function parseNumberFlag(name: string, raw: string | undefined, integer: boolean): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < 0)
    throw new UsageError(`${name}: expected a ${integer ? 'non-negative integer' : 'number'}, got ${JSON.stringify(raw)}`);
  return n;
}

/** Render options for the library's text renderers: colour as the terminal allows, in picocolors. */
export function colors(io: CliIO): { color: boolean; palette: Palette } {
  return { color: io.color, palette: pc };
}

/**
 * Flags every Redis command shares, checked before anything is read: an empty `--url` (an unset CI
 * variable) must not fall back to the env vars or localhost, and `--output` must be writable now rather
 * than after a long scan.
 */
export function checkRunFlags(flags: { url?: string; output?: string }, cwd: string): void {
  if (flags.url !== undefined && flags.url.trim() === '')
    throw new UsageError("--url is empty (an unset variable?): give a redis:// URL, or leave --url out to use the spec's env vars");
  if (flags.output !== undefined) {
    if (flags.output.trim() === '') throw new UsageError('--output is empty: give a file name');
    const file = resolve(cwd, flags.output);
    let isDirectory = false;
    try {
      isDirectory = statSync(file).isDirectory();
      if (!isDirectory) accessSync(file, constants.W_OK);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') throw new UsageError(`--output ${flags.output}: cannot write it (${code ?? (e as Error).message})`);
      try {
        accessSync(dirname(file), constants.W_OK);
      } catch (d) {
        throw new UsageError(
          `--output ${flags.output}: cannot write in ${dirname(file)} (${(d as NodeJS.ErrnoException).code ?? 'error'})`,
        );
      }
    }
    if (isDirectory) throw new UsageError(`--output ${flags.output}: is a directory; give a file name`);
  }
}
