/**
 * Once the model is final (keys bound to their databases, ids settled), the positions the stages
 * recorded per object become `Spec.origins`, keyed by origin id.
 */
import type { SourcePos } from '../diagnostics.ts';
import type { Spec } from '../model.ts';
export declare function collectOrigins(spec: Omit<Spec, 'origins'>, at: ReadonlyMap<object, SourcePos>, libraryKeysAt?: SourcePos): Record<string, SourcePos>;
//# sourceMappingURL=origins.d.ts.map