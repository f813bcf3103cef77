/**
 * The spec host inference validates drafts with: the draft itself from memory, every other file from disk,
 * and the shipped library specs (`keyspec/lib/<name>.yaml`) found in this keyspec's own files when the
 * draft's folder cannot resolve the package (a draft written to /tmp imports them all the same).
 */
import { existsSync } from 'node:fs';
import { nodeHost, resolveSpecImport, type SpecHost } from '../spec/index.ts';
import { packagePath } from '../spec/package-files.ts';

export const SHIPPED_LIB = /^keyspec\/lib\/([a-z0-9_-]+\.yaml)$/;

/** Where `keyspec/lib/<name>.yaml` is in this keyspec's files. */
export function shippedLibPath(spec: string): string | undefined {
  const m = SHIPPED_LIB.exec(spec);
  if (!m) return undefined;
  // From the sources, or from the compiled dist/ (the library specs stay beside it, in spec/lib/).
  return [packagePath(`spec/lib/${m[1]}`), packagePath(`../spec/lib/${m[1]}`)].find((p) => existsSync(p));
}

export function draftHost(files: ReadonlyMap<string, string>, cwd = process.cwd()): SpecHost {
  const disk = nodeHost(cwd);
  return {
    read(path) {
      const text = files.get(path);
      if (text !== undefined) return { text };
      return disk.read ? disk.read(path) : { error: 'unreadable' };
    },
    readFile(path) {
      return files.get(path) ?? disk.readFile(path);
    },
    resolve(fromFile, spec) {
      const r = resolveSpecImport(fromFile, spec);
      if (existsSync(r)) return r;
      return shippedLibPath(spec) ?? r;
    },
    display: (p) => (disk.display ? disk.display(p) : p),
  };
}
