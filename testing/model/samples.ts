/**
 * Sample values for every value format and placeholder type of a spec, for exercising generated
 * clients (and for fixtures): typed as the generated client expects them (numbers, booleans, Buffers).
 */
import { deflateSync } from 'node:zlib';
import type { Pattern, PlaceholderType, ValueFormat } from '../../spec/index.ts';
import { examplePattern, exampleFor, sampleMatching } from '../../spec/index.ts';

/** `pickle.dumps({'_permanent': True}, protocol=4)`, as Flask-Session stores an empty permanent session. */
export const SAMPLE_PICKLE = Buffer.from('80049512000000000000007d948c0a5f7065726d616e656e749488732e', 'hex');

export function sampleParam(t: PlaceholderType): string | number {
  const v = exampleFor(t);
  return t.kind === 'integer' ? Number(v) : v;
}

export function sampleParams(p: Pattern): Record<string, string | number> {
  return Object.fromEntries(p.parts.flatMap((x) => (x.kind === 'placeholder' ? [[x.name, sampleParam(x.type)]] : [])));
}

export function sampleValue(f: ValueFormat): unknown {
  switch (f.kind) {
    case 'raw':
    case 'text':
      return 'sample text';
    case 'empty':
      return '';
    case 'integer':
      return f.min !== undefined ? f.min : f.max !== undefined ? Math.min(f.max, 7) : 7;
    case 'float':
      return 1.5;
    case 'epochSeconds':
      return 1732579200;
    case 'epochMillis':
      return 1732579200123;
    case 'isoDatetime':
      return '2025-09-22T18:03:11.123456Z';
    case 'boolean':
      return true;
    case 'enum':
      return f.values[0]!;
    case 'json':
      return f.schema === undefined ? { sample: [1, 'two'] } : sampleJson(f.schema);
    case 'jsonpickle':
      return `{"py/object": "${f.pyObject ?? ''}Sample"}`;
    case 'pickle':
      return f.compression === 'zlib' ? deflateSync(SAMPLE_PICKLE) : SAMPLE_PICKLE;
    case 'bytes':
      return Buffer.from([0, 1, 2, 255]);
    case 'uuid':
      return '0f8fad5b-d9cb-469f-a165-70867728950e';
    case 'hex32':
      return '0f8fad5bd9cb469fa16570867728950e';
    case 'regex':
      return sampleMatching(f.regex) ?? '';
    case 'type':
      return sampleParam(f.type);
    case 'template':
      return examplePattern(f.pattern);
    case 'anyOf':
      return sampleValue(f.formats[0]!);
    case 'encoded':
      return { [f.high.name]: sampleValue(f.high.format), [f.low.name]: sampleValue(f.low.format) };
    case 'ref':
      return sampleValue(f.format);
  }
}

/** A value a JSON Schema (of the common subset: types, const, enum, required properties, arrays, patterns) accepts. */
export function sampleJson(schema: unknown): unknown {
  if (schema === true || schema === undefined) return { sample: [1, 'two'] };
  const s = schema as Record<string, unknown>;
  if ('const' in s) return s.const;
  if (Array.isArray(s.enum)) return s.enum[0];
  for (const k of ['anyOf', 'oneOf'] as const) if (Array.isArray(s[k])) return sampleJson((s[k] as unknown[])[0]);
  const type = Array.isArray(s.type) ? (s.type as string[])[0] : (s.type as string | undefined);
  switch (type) {
    case 'object': {
      const props = (s.properties ?? {}) as Record<string, unknown>;
      const required = Array.isArray(s.required) ? (s.required as string[]) : Object.keys(props);
      return Object.fromEntries(required.map((k) => [k, sampleJson(props[k] ?? true)]));
    }
    case 'array':
      return s.items === undefined ? [] : [sampleJson(s.items)];
    case 'string': {
      const text = typeof s.pattern === 'string' ? (sampleMatching(s.pattern.replace(/^\^|\$$/g, '')) ?? '') : 'sample';
      return typeof s.minLength === 'number' && text.length > 0 && text.length < s.minLength
        ? text.repeat(Math.ceil(s.minLength / text.length))
        : text;
    }
    case 'integer':
    case 'number':
      return typeof s.minimum === 'number' ? s.minimum : 7;
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return { sample: [1, 'two'] };
  }
}
