/**
 * A small JSON Schema checker for the keywords specs use (ajv would make the runtime depend on ajv).
 * The generator only emits schemas made of SUPPORTED_KEYWORDS and annotations (others are left
 * unchecked on write, with a warning at generation time); generator/runtime-parity.test.ts checks it
 * against ajv, which `keyspec check` uses, on every schema of the shipped specs.
 */

/**
 * Keywords this checker applies; annotations (description, title, ...) have no effect on validity.
 * The generator reads this list (generator/client/schema-subset.ts) to decide which schemas to emit.
 */
export const SUPPORTED_KEYWORDS: readonly string[] = [
  'type',
  'const',
  'enum',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'minItems',
  'maxItems',
  'minProperties',
  'maxProperties',
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'anyOf',
  'oneOf',
  'allOf',
  'not',
];

export type JsonSchema = boolean | { readonly [keyword: string]: unknown };

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function hasType(v: unknown, t: string): boolean {
  switch (t) {
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    default:
      return typeOf(v) === t;
  }
}

export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeOf(a) !== typeOf(b) || typeof a !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => jsonEqual(x, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao);
  return ak.length === Object.keys(bo).length && ak.every((k) => k in bo && jsonEqual(ao[k], bo[k]));
}

const patterns = new Map<string, RegExp>();
function pattern(source: string): RegExp {
  let r = patterns.get(source);
  if (!r) patterns.set(source, (r = new RegExp(source, 'u')));
  return r;
}

/** Length in code points, as JSON Schema counts it. */
function length(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** The first reason `value` fails `schema` (`<path> <reason>`), or undefined when it is valid. */
export function schemaError(schema: JsonSchema, value: unknown, path = ''): string | undefined {
  if (schema === true) return undefined;
  if (schema === false) return `${path || '/'} no value is allowed`;
  const s = schema;
  const at = path || '/';
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
    if (!types.some((t) => hasType(value, t))) return `${at} must be ${types.join(' or ')}`;
  }
  if ('const' in s && !jsonEqual(value, s.const)) return `${at} must be ${JSON.stringify(s.const)}`;
  if (Array.isArray(s.enum) && !s.enum.some((x) => jsonEqual(value, x))) return `${at} must be one of the enum values`;
  if (typeof value === 'number') {
    if (typeof s.minimum === 'number' && value < s.minimum) return `${at} must be >= ${s.minimum}`;
    if (typeof s.maximum === 'number' && value > s.maximum) return `${at} must be <= ${s.maximum}`;
    if (typeof s.exclusiveMinimum === 'number' && value <= s.exclusiveMinimum)
      return `${at} must be > ${s.exclusiveMinimum}`;
    if (typeof s.exclusiveMaximum === 'number' && value >= s.exclusiveMaximum)
      return `${at} must be < ${s.exclusiveMaximum}`;
    if (typeof s.multipleOf === 'number' && !Number.isInteger(value / s.multipleOf))
      return `${at} must be a multiple of ${s.multipleOf}`;
  }
  if (typeof value === 'string') {
    if (typeof s.minLength === 'number' && length(value) < s.minLength)
      return `${at} must have at least ${s.minLength} characters`;
    if (typeof s.maxLength === 'number' && length(value) > s.maxLength)
      return `${at} must have at most ${s.maxLength} characters`;
    if (typeof s.pattern === 'string' && !pattern(s.pattern).test(value))
      return `${at} must match pattern "${s.pattern}"`;
  }
  if (Array.isArray(value)) {
    if (typeof s.minItems === 'number' && value.length < s.minItems)
      return `${at} must have at least ${s.minItems} items`;
    if (typeof s.maxItems === 'number' && value.length > s.maxItems)
      return `${at} must have at most ${s.maxItems} items`;
    if (s.items !== undefined) {
      for (let i = 0; i < value.length; i++) {
        const e = schemaError(s.items as JsonSchema, value[i], `${path}/${i}`);
        if (e) return e;
      }
    }
  }
  if (typeOf(value) === 'object') {
    const o = value as Record<string, unknown>;
    const keys = Object.keys(o);
    if (typeof s.minProperties === 'number' && keys.length < s.minProperties)
      return `${at} must have at least ${s.minProperties} properties`;
    if (typeof s.maxProperties === 'number' && keys.length > s.maxProperties)
      return `${at} must have at most ${s.maxProperties} properties`;
    for (const r of Array.isArray(s.required) ? (s.required as string[]) : [])
      if (!Object.prototype.hasOwnProperty.call(o, r)) return `${at} must have required property '${r}'`;
    const props = (s.properties ?? {}) as Record<string, JsonSchema>;
    for (const k of keys) {
      const declared = Object.prototype.hasOwnProperty.call(props, k);
      const sub = declared ? props[k] : s.additionalProperties;
      if (sub === undefined) continue;
      if (sub === false && !declared) return `${at} must NOT have additional property '${k}'`;
      const e = schemaError(sub as JsonSchema, o[k], `${path}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`);
      if (e) return e;
    }
  }
  if (Array.isArray(s.allOf)) {
    for (const sub of s.allOf as JsonSchema[]) {
      const e = schemaError(sub, value, path);
      if (e) return e;
    }
  }
  if (Array.isArray(s.anyOf) && !(s.anyOf as JsonSchema[]).some((sub) => schemaError(sub, value, path) === undefined))
    return `${at} must match a schema in anyOf`;
  if (
    Array.isArray(s.oneOf) &&
    (s.oneOf as JsonSchema[]).filter((sub) => schemaError(sub, value, path) === undefined).length !== 1
  )
    return `${at} must match exactly one schema in oneOf`;
  if (s.not !== undefined && schemaError(s.not as JsonSchema, value, path) === undefined)
    return `${at} must NOT be valid`;
  return undefined;
}
