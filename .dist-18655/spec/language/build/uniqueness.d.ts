/**
 * Uniqueness and overlaps: names declared twice (KS101), and patterns that can match the same key,
 * field or channel (KS120-KS123) unless one `shadows` the other.
 */
import type { Pattern } from '../model.ts';
import type { DataPath, SourceFile } from '../source.ts';
import type { Builder, FilePart } from './builder.ts';
/** A named pattern to compare with its siblings. */
export interface OverlapItem {
    name: string;
    pattern: Pattern;
    shadows: string[];
    path: DataPath;
    /** The file it is declared in, when not the file being checked. */
    file?: SourceFile;
    literal?: boolean;
    /** The import namespace it came from: two of one library were checked in the library. */
    imported?: string;
    /** Where to report it instead of its pattern (imported keys: the import's database node). */
    patternPath?: DataPath;
}
export declare function checkDuplicates(b: Builder, items: {
    name: string;
    path: DataPath;
}[], file: SourceFile, what: string): void;
export declare function checkOverlaps(bld: Builder, items: OverlapItem[], file: SourceFile, rule: 'KS120' | 'KS121' | 'KS122', what: string, describe: (a: string, b: string) => string): void;
/**
 * Across the entry file and its imports: database names and indexes, key patterns per database,
 * channel patterns, and names of channels and services declared in the entry file.
 */
export declare function checkEntryUniqueness(b: Builder, part: FilePart): void;
//# sourceMappingURL=uniqueness.d.ts.map