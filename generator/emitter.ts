/**
 * The one contract every emitter implements: the validated model in, files as text out. Emitters are
 * pure; writing, diffing and headers live at the edge (generate.ts / write-output.ts).
 */
import type { Spec } from '../spec/index.ts';

export interface GeneratedFile {
  /** Path relative to the output directory, with `/` separators. */
  path: string;
  contents: string;
}

export interface EmitContext {
  spec: Spec;
  /** The spec's path as written in headers and doc links, relative to the repository root. */
  specPath: string;
  /** The output directory relative to the repository root (for relative links back to the spec). */
  outDir: string;
  /** The command that regenerates the output. */
  command: string;
}

export interface Emitter {
  /** Short name, e.g. `client` or `docs`. */
  name: string;
  /** npm packages the emitted code imports: the project that uses it must install them. */
  packages?: readonly string[];
  emit(ctx: EmitContext): GeneratedFile[];
}
