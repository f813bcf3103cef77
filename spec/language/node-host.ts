/** The file-system edge of the loader: reads spec files for `loadSpec`. */
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import type { SpecHost } from './build-model.ts';

export function nodeHost(cwd: string = process.cwd()): SpecHost {
  return {
    readFile(path) {
      try {
        return readFileSync(path, 'utf8');
      } catch {
        return undefined;
      }
    },
    resolve(fromFile, spec) {
      return resolve(dirname(fromFile), spec);
    },
    display(path) {
      const rel = relative(cwd, path);
      return rel.startsWith('..') ? path : rel;
    },
  };
}
