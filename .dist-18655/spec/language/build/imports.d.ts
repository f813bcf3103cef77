/**
 * Imports: each imported library is built under its namespace (`as:`), with the importer's params,
 * and merged into the importer; its keys are bound to the database the import names.
 */
import type { DataPath } from '../source.ts';
import type { Builder, FilePart } from './builder.ts';
import type { RawImport } from './raw.ts';
/** A library built for an import of this file. */
export interface ImportedPart {
    part: FilePart;
    /** The import as written, and its node. */
    bind: RawImport;
    bindPath: DataPath;
}
/** Builds the files this one imports (cycles, missing files and non-libraries are reported). */
export declare function buildImports(b: Builder, from: Pick<FilePart, 'file' | 'raw'>, path: string, q: (n: string) => string, stack: string[], buildFile: (path: string, ns: string, stack: string[], params: {
    values: Record<string, unknown>;
} & Pick<FilePart, 'file'> & {
    path: DataPath;
}) => FilePart | undefined): ImportedPart[];
/** Merges imported libraries into the importing file's part, binding their keys to a database. */
export declare function mergeImports(b: Builder, part: FilePart, imported: readonly ImportedPart[]): void;
//# sourceMappingURL=imports.d.ts.map