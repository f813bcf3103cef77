/**
 * A JSON Schema (2020-12) that every sampled JSON document satisfies: types merged per position, object
 * properties with `required` listing those present in every sample, array items merged. Bounded: depth 4,
 * 40 properties per object; past that the schema says only the type.
 */

export type JsonSchema = Record<string, unknown>;

const MAX_DEPTH = 4;
const MAX_PROPERTIES = 40;

type Kind = 'null' | 'boolean' | 'integer' | 'number' | 'string' | 'array' | 'object';

function kindOf(v: unknown): Kind {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v as Kind;
}

/** The schema of a set of parsed JSON values. */
export function inferJsonSchema(values: readonly unknown[], depth = 0): JsonSchema {
  const kinds = new Set(values.map(kindOf));
  // integer ⊂ number: a position with both is a number.
  if (kinds.has('number')) kinds.delete('integer');
  const sorted = [...kinds].sort();
  const out: JsonSchema = { type: sorted.length === 1 ? sorted[0] : sorted };
  if (depth >= MAX_DEPTH) return out;
  if (kinds.size === 1 && kinds.has('object')) {
    const objects = values as Record<string, unknown>[];
    const names = [...new Set(objects.flatMap((o) => Object.keys(o)))].sort();
    if (names.length > MAX_PROPERTIES) return out;
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    for (const n of names) {
      const present = objects.filter((o) => Object.hasOwn(o, n));
      properties[n] = inferJsonSchema(
        present.map((o) => o[n]),
        depth + 1,
      );
      if (present.length === objects.length) required.push(n);
    }
    out.properties = properties;
    if (required.length) out.required = required;
  } else if (kinds.size === 1 && kinds.has('array')) {
    const items = (values as unknown[][]).flat();
    if (items.length) out.items = inferJsonSchema(items, depth + 1);
  }
  return out;
}
