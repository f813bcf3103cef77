import { type Diagnostic, type SourcePos } from './diagnostics.ts';
export type DataPath = readonly (string | number)[];
export interface SourceFile {
    /** The file name as given (used in diagnostics). */
    file: string;
    text: string;
    /** Plain data (undefined if the YAML could not be parsed at all). */
    data: unknown;
    /** Position of the value at `path` (or of its key when `part` is 'key'); the closest existing ancestor if absent. */
    locate(path: DataPath, part?: 'value' | 'key'): SourcePos;
}
export interface ParsedSource {
    source: SourceFile;
    diagnostics: Diagnostic[];
}
export declare function parseSource(file: string, text: string): ParsedSource;
//# sourceMappingURL=source.d.ts.map