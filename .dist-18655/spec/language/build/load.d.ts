import { type SourceFile } from '../source.ts';
import type { Builder, Site } from './builder.ts';
import type { RawSpec } from './raw.ts';
/** Parameter values an importer passes to a library, and where it wrote them. */
export interface GivenParams extends Site {
    values: Record<string, unknown>;
}
/** Parses and structurally checks a file; undefined when it cannot be used. */
export declare function loadFile(b: Builder, path: string, params?: GivenParams): {
    file: SourceFile;
    raw: RawSpec;
} | undefined;
//# sourceMappingURL=load.d.ts.map