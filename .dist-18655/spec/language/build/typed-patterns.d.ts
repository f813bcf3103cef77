/**
 * Patterns and value formats as written in a spec, compiled against a type scope: every placeholder
 * must resolve to a type, appear once, not touch another placeholder, and (outside templates) not
 * match the empty string.
 */
import type { Pattern, ValueFormat } from '../model.ts';
import type { DataPath, SourceFile } from '../source.ts';
import { type FormatContext } from '../value-format.ts';
import type { Builder } from './builder.ts';
import type { TypeScope } from './type-scope.ts';
export type PatternUse = 'key' | 'field' | 'channel' | 'template';
export declare function compileIn(b: Builder, text: string, scope: TypeScope, file: SourceFile, path: DataPath, what: PatternUse): Pattern | undefined;
/** How value formats resolve placeholder types and compile templates in this scope. */
export declare function formatContext(b: Builder, scope: TypeScope, file: SourceFile, base?: DataPath): FormatContext;
export declare function formatIn(b: Builder, raw: unknown, scope: TypeScope, file: SourceFile, path: DataPath): ValueFormat;
//# sourceMappingURL=typed-patterns.d.ts.map