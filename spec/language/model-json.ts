/**
 * The validated model as JSON, for other tools to consume (as buf's image or Prisma's DMMF are): the
 * model with a `modelVersion`, printed deterministically (two-space indent, keys in model order, no
 * trailing newline), so `JSON.stringify(JSON.parse(out), null, 2) === out`. Its shape is published
 * as spec/model.schema.json.
 */
import type { Spec } from './model.ts';

/** Bumped whenever the model's JSON shape changes incompatibly. */
export const MODEL_VERSION = '1';

export interface ModelDocument extends Spec {
  modelVersion: typeof MODEL_VERSION;
}

export function modelDocument(spec: Spec): ModelDocument {
  return { modelVersion: MODEL_VERSION, ...(plain(spec, '$') as Spec) };
}

export function modelJson(spec: Spec): string {
  return JSON.stringify(modelDocument(spec), null, 2);
}

/** A deep copy that is JSON-exact: throws on anything JSON would change or drop. */
function plain(value: unknown, path: string): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || Object.is(value, -0)) throw new Error(`model JSON: ${path} is ${value}, which JSON cannot hold`);
    return value;
  }
  if (Array.isArray(value)) return value.map((v, i) => plain(v, `${path}[${i}]`));
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null)
      throw new Error(`model JSON: ${path} is a ${proto?.constructor?.name ?? 'non-plain object'}`);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = plain(v, `${path}.${k}`);
    return out;
  }
  if (value === undefined) throw new Error(`model JSON: ${path} is undefined`);
  throw new Error(`model JSON: ${path} is a ${typeof value}`);
}
