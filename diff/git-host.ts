/**
 * The old side of `keyspec diff --against <ref>`: a SpecHost that reads each file as it was at a git ref
 * (`git show <ref>:<path>`), so the old spec's imports resolve relative to the old file at the same ref.
 * Package imports (under node_modules, which git does not track) are read from disk.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import type { SpecHost } from '../spec/index.ts';
import { resolveSpecImport } from '../spec/index.ts';

export class GitRefError extends Error {}

function git(cwd: string, args: string[]): string {
  return execFileSync('git', ['-C', cwd, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
}

/** The repository holding `file`, and the commit `ref` names there; a GitRefError with a hint otherwise. */
export function gitRepoOf(file: string, ref: string): { top: string; commit: string } {
  let top: string;
  try {
    top = git(dirname(file), ['rev-parse', '--show-toplevel']).trim();
  } catch {
    throw new GitRefError(`--against: ${file} is not inside a git repository (run keyspec diff in your checkout, or pass two spec files)`);
  }
  try {
    const commit = git(top, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).trim();
    return { top, commit };
  } catch {
    throw new GitRefError(`--against: '${ref}' names no commit in ${top} (try HEAD~1, origin/main, or a tag; in CI fetch enough history)`);
  }
}

/** Reads files as they were at `commit` of the repository at `top`. */
export function gitHost(top: string, commit: string, ref: string): SpecHost {
  const inRepo = (path: string): string | undefined => {
    const rel = relative(top, path);
    return rel.startsWith('..') || rel.includes(`${sep}node_modules${sep}`) || rel.startsWith(`node_modules${sep}`) ? undefined : rel;
  };
  return {
    readFile(path) {
      const rel = inRepo(path);
      try {
        if (rel === undefined) return readFileSync(path, 'utf8');
        return git(top, ['show', `${commit}:${rel.split(sep).join('/')}`]);
      } catch {
        return undefined;
      }
    },
    resolve: (from, spec) => {
      // A relative import names a file at the same ref; only package imports may look at the disk.
      if (spec.startsWith('./') || spec.startsWith('../')) return resolve(dirname(from), spec);
      return resolveSpecImport(from, spec);
    },
    display(path) {
      const rel = inRepo(path);
      return rel === undefined ? path : `${ref}:${rel.split(sep).join('/')}`;
    },
  };
}
