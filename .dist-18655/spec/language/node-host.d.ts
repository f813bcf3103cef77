import type { SpecHost } from './build/builder.ts';
export declare function resolveSpecImport(fromFile: string, spec: string): string;
/** A spec is a small text file; anything larger is refused before it is read. */
export declare const MAX_SPEC_BYTES: number;
/** Reads a spec file: a regular file of at most MAX_SPEC_BYTES, decoded as strict UTF-8. */
export declare function readSpecFile(path: string): {
    text: string;
} | {
    error: string;
    line?: number;
    column?: number;
};
export declare function nodeHost(cwd?: string): SpecHost;
//# sourceMappingURL=node-host.d.ts.map