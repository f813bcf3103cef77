import type { FileContext } from './builder.ts';
/** Databases (applications): their keys, and channels wrongly declared under them. */
export declare function buildDatabases(ctx: FileContext): void;
/** Top-level keys (libraries): built now, bound to a database by the importer. */
export declare function buildLibraryKeys(ctx: FileContext): void;
//# sourceMappingURL=keys.d.ts.map