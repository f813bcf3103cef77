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
