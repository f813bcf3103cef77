/**
 * The file-system edge of the loader: reads spec files for `loadSpec` and resolves imports. An import is
 * a path relative to the importing spec (`lib/rq.yaml`, `./x.yaml`, `../shared/y.yaml`, or absolute), or a
 * package path (`keyspec/lib/rq.yaml`, `@team/specs/queues.yaml`) resolved the way Node resolves packages,
 * from the importing spec's folder upwards through `node_modules`, honouring the package's `exports`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import type { SpecHost } from './build/builder.ts';

/** `name/rest` or `@scope/name/rest`: a package path rather than a relative one. */
const PACKAGE_PATH = /^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*\/.+$/i;

export function resolveSpecImport(fromFile: string, spec: string): string {
  const relativeTarget = resolve(dirname(fromFile), spec);
  if (isAbsolute(spec) || spec.startsWith('./') || spec.startsWith('../') || !PACKAGE_PATH.test(spec)) return relativeTarget;
  // A file beside the importing spec wins (`lib/rq.yaml` next to it), as it always has.
  if (existsSync(relativeTarget)) return relativeTarget;
  try {
    return createRequire(fromFile).resolve(spec);
  } catch {
    return relativeTarget;
  }
}

export function nodeHost(cwd: string = process.cwd()): SpecHost {
  return {
    readFile(path) {
      try {
        return readFileSync(path, 'utf8');
      } catch {
        return undefined;
      }
    },
    resolve: resolveSpecImport,
    display(path) {
      const rel = relative(cwd, path);
      return rel.startsWith('..') ? path : rel;
    },
  };
}
