/** Loads the two sides of a diff as validated models: two files, or one file and the same file at a git ref. */
import { resolve } from 'node:path';
import type { Diagnostic, SpecHost, Spec } from '../spec/index.ts';
import { loadSpec, nodeHost } from '../spec/index.ts';
import { gitHost, gitRepoOf } from './git-host.ts';

export interface DiffInputs {
  /** The old spec file (without `against`), or the spec file whose old version is read at `against`. */
  oldFile?: string;
  newFile: string;
  /** A git ref: the old side is `newFile` (and its imports) as they were there. */
  against?: string;
  cwd?: string;
}

export type LoadedSide =
  { ok: true; spec: Spec; label: string } | { ok: false; diagnostics: Diagnostic[]; sources: Record<string, string>; label: string };

function loadSide(file: string, host: SpecHost, label: string): LoadedSide {
  const r = loadSpec(file, host);
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (!r.spec || errors.length) return { ok: false, diagnostics: errors.length ? errors : r.diagnostics, sources: r.sources, label };
  return { ok: true, spec: r.spec, label };
}

/** Both sides; a GitRefError when `against` names no commit. */
export function loadDiffInputs(inputs: DiffInputs): { old: LoadedSide; new: LoadedSide } {
  const cwd = inputs.cwd ?? process.cwd();
  const host = nodeHost(cwd);
  const newPath = resolve(cwd, inputs.newFile);
  const newSide = loadSide(newPath, host, inputs.newFile);
  if (inputs.against !== undefined) {
    const { top, commit } = gitRepoOf(newPath, inputs.against);
    return { old: loadSide(newPath, gitHost(top, commit, inputs.against), `${inputs.newFile} at ${inputs.against}`), new: newSide };
  }
  if (inputs.oldFile === undefined) throw new Error('loadDiffInputs: an old spec file or a git ref is needed');
  return { old: loadSide(resolve(cwd, inputs.oldFile), host, inputs.oldFile), new: newSide };
}
