/**
 * Type resolution: a placeholder's type is looked up in the owner's `where:`, then the file's `types:`,
 * then the imported libraries' types (by namespaced name, `rq.jobId`), then the built-ins. Named types
 * are built on first use, so a type defined in terms of itself is reported once.
 */
import type { PlaceholderType } from '../model.ts';
import { type RawNamedType } from '../placeholder-types.ts';
import type { DataPath, SourceFile } from '../source.ts';
import type { Builder } from './builder.ts';
export declare class TypeScope {
    private readonly b;
    private readonly file;
    private readonly raw;
    private readonly q;
    private readonly used;
    private readonly parent?;
    private readonly basePath;
    private readonly owner?;
    private readonly imported;
    private readonly resolved;
    private readonly resolving;
    constructor(b: Builder, file: SourceFile, raw: Record<string, RawNamedType>, q: (n: string) => string, used: Set<string>, parent?: TypeScope | undefined, basePath?: DataPath, owner?: string | undefined, imported?: ReadonlyMap<string, PlaceholderType>);
    child(where: Record<string, RawNamedType>, owner: string, path: DataPath): TypeScope;
    all(): PlaceholderType[];
    /** Is a type of this name declared (in this scope, a parent, imports or built-ins), even if broken? */
    isDeclared(name: string): boolean;
    resolve(name: string, markUsed?: boolean): PlaceholderType | undefined;
    private define;
    private build;
}
//# sourceMappingURL=type-scope.d.ts.map