/** Writes a whole file or nothing: through a temporary file beside it, renamed into place. */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Returns an error message (the errno code where there is one) instead of throwing. */
export function writeWhole(file: string, text: string): string | undefined {
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, file);
    return undefined;
  } catch (e) {
    rmSync(tmp, { force: true });
    return (e as NodeJS.ErrnoException).code ?? (e as Error).message;
  }
}
