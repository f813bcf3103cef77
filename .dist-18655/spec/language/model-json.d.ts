/**
 * The validated model as JSON, for other tools to consume (as buf's image or Prisma's DMMF are): the
 * model with a `modelVersion`, printed deterministically (two-space indent, keys in model order, no
 * trailing newline), so `JSON.stringify(JSON.parse(out), null, 2) === out`. Its shape is published
 * as spec/model.schema.json.
 */
import type { Spec } from './model.ts';
/** Bumped whenever the model's JSON shape changes incompatibly. */
export declare const MODEL_VERSION = "1";
export interface ModelDocument extends Spec {
    modelVersion: typeof MODEL_VERSION;
}
export declare function modelDocument(spec: Spec): ModelDocument;
export declare function modelJson(spec: Spec): string;
//# sourceMappingURL=model-json.d.ts.map