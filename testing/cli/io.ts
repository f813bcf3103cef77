/** The CLI's IO for tests: stdout and stderr captured as strings, no colours, the repository as cwd. */
import { join } from 'node:path';
import type { CliIO } from '../../cli/io.ts';

export interface CapturedIO extends CliIO {
  /** Everything written to stdout so far. */
  out: string;
  /** Everything written to stderr so far. */
  err: string;
}

/** The repository root, the working directory the CLI tests run in. */
export const REPO_ROOT = join(import.meta.dirname, '..', '..');

export function io(options: { cwd?: string; env?: CliIO['env']; progress?: boolean } = {}): CapturedIO {
  const o: CapturedIO = {
    out: '',
    err: '',
    color: false,
    cwd: options.cwd ?? REPO_ROOT,
    stdout: (t) => void (o.out += t),
    stderr: (t) => void (o.err += t),
  };
  if (options.env !== undefined) o.env = options.env;
  if (options.progress !== undefined) o.progress = options.progress;
  return o;
}
