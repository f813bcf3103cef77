/**
 * A generated file built from parts: each part printed into a small scratch file of its own, the texts
 * joined as ts-morph lays out one file (block-like declarations set apart by a blank line), then parsed
 * once. Inserting every statement into one growing file re-parsed all of it on each insertion, which made
 * `generate` quadratic in the number of key patterns (300 patterns: ~20 s).
 */
import type { Project, SourceFile } from 'ts-morph';

/** A block-like declaration (ts-morph puts a blank line around those): after its docs, what it starts with. */
const BLOCK = /^(?:\/\*\*[^]*?\*\/\s*)?(?:export )?(?:declare )?(?:async )?(?:class|interface|function|enum|namespace) /;

/** The parts as ts-morph would have laid them out in one file. */
export function joinParts(parts: readonly string[]): string {
  const kept = parts.filter((t) => t !== '');
  let out = '';
  kept.forEach((t, i) => {
    if (i > 0) out += kept[i - 1]!.endsWith('}') || BLOCK.test(t) ? '\n\n' : '\n';
    out += t;
  });
  return out + '\n';
}

export class StatementParts {
  private readonly parts: string[] = [];

  constructor(private readonly project: Project) {}

  /** One part: what `fill` adds to an empty scratch file. */
  add(fill: (f: SourceFile) => unknown): void {
    const scratch = this.project.createSourceFile('__part.ts', '', { overwrite: true });
    fill(scratch);
    this.parts.push(scratch.getFullText().trim());
  }

  /** One part per item. */
  each<T>(items: readonly T[], fill: (f: SourceFile, item: T) => unknown): void {
    for (const item of items) this.add((f) => fill(f, item));
  }

  /** The whole file, parsed once. */
  file(name: string): SourceFile {
    return this.project.createSourceFile(name, joinParts(this.parts), { overwrite: true });
  }
}
