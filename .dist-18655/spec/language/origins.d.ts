/**
 * Source positions of the model, kept beside it: `Spec.origins` maps a stable origin id to where that
 * part of the model is declared (file, line, column; never source text).
 */
import type { SourcePos } from './diagnostics.ts';
import type { Spec } from './model.ts';
/** The origin id of each kind of model object. */
export declare const originId: {
    readonly type: (name: string) => string;
    readonly database: (index: number) => string;
    readonly slotGroup: (db: number, name: string) => string;
    readonly key: (keyId: string) => string;
    readonly field: (keyId: string, field: string) => string;
    readonly channel: (name: string) => string;
    readonly message: (channel: string, message: string) => string;
    readonly notification: (name: string) => string;
    readonly service: (name: string) => string;
    readonly probe: (service: string, probe: string) => string;
    readonly env: (name: string) => string;
    readonly connection: (name: string) => string;
    readonly import: (as: string) => string;
    readonly server: () => string;
    readonly deployment: () => string;
    /** A library's top-level `keys:`. */
    readonly libraryKeys: () => string;
};
/** Where a part of the model is declared; the top of the entry file if the id is unknown. */
export declare function originOf(spec: Pick<Spec, 'origins' | 'files' | 'name'>, id: string): SourcePos;
//# sourceMappingURL=origins.d.ts.map