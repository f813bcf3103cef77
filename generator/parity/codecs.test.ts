/**
 * Parity: the runtime's codecs against `judgeValue` (what `keyspec check` judges), for every value
 * format kind of the language (a synthetic spec) and every format of the shipped specs: the same stored
 * bytes are accepted by both or by neither; whatever the client encodes, check accepts; whatever check
 * accepts, the client reads and writes back. And the runtime's JSON Schema checker against ajv.
 */
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { FORMAT_NAMES } from '../../spec/language/value-format.ts';
import { judgeValue, type ValueFormat } from '../../spec/index.ts';
import { uncheckedKeywords, uncheckedSchemas } from '../client/schema-subset.ts';
import { decodeValue, encodeValue, storedValueError } from '../runtime/codecs.ts';
import { KeyspecValueError } from '../runtime/errors.ts';
import { schemaError, type JsonSchema } from '../runtime/json-schema.ts';
import { codecOf, formatsOf, shippedSpecs, syntheticSpec } from '../../testing/model/parity.ts';
import { sampleJson, SAMPLE_PICKLE, sampleValue } from '../../testing/model/samples.ts';

const synthetic = formatsOf(syntheticSpec());
const shipped = shippedSpecs().flatMap(({ name, spec }) => formatsOf(spec).map((f) => ({ ...f, where: `${name} ${f.where}` })));

it('the synthetic spec has every value format kind of the model', () => {
  const kinds = new Set<string>();
  const visit = (f: ValueFormat): void => {
    kinds.add(f.kind);
    if (f.kind === 'anyOf') f.formats.forEach(visit);
  };
  synthetic.forEach((f) => visit(f.format));
  const model = [...FORMAT_NAMES, 'enum', 'regex', 'type', 'template', 'anyOf', 'encoded', 'ref'];
  expect([...kinds].sort()).toEqual([...new Set(model)].sort());
});

const TEXTS = [
  '',
  ' ',
  'sample text',
  '0',
  '7',
  '-3',
  '007',
  '+7',
  '1.5',
  '-1.5',
  '.5',
  '1e5',
  '1e+21',
  'inf',
  '+inf',
  '-inf',
  'Infinity',
  'NaN',
  '1732579200',
  '1732579200.5',
  '17325792001234',
  '123456789012345',
  '-1732579200',
  '2025-09-22T18:03:11.123456Z',
  '2025-09-22 18:03',
  '2025-09-22T18:03:11+02:00',
  '2025-13-45T99:99Z',
  '2025-02-30T10:00',
  'true',
  'false',
  '1',
  'queued',
  'started',
  'a.b',
  'aXb',
  'red',
  'blue-ish',
  '0f8fad5b-d9cb-469f-a165-70867728950e',
  '0F8FAD5B-D9CB-469F-A165-70867728950E',
  '0f8fad5bd9cb469fa16570867728950e',
  'AB-12',
  'ab-12',
  'ab-1',
  '6379',
  '65536',
  'job:6379:red',
  'job:0:red',
  'job:80:pink',
  '{}',
  '[]',
  '[1,2]',
  '["a"]',
  'null',
  '"str"',
  '{"py/object": "rq.job.Job"}',
  '{"py/object": "other.Thing"}',
  'not json',
  '{"id":"ab","n":3}',
  '{"id":"a","n":3}',
  '{"id":"ab","n":10}',
  '{"id":"ab","n":3,"extra":1}',
  '{"id":"ab"}',
  '{"id":"ab","n":3,"tags":["x","y","z"]}',
  '{"id":"ab","n":3,"kind":"c"}',
  '{"id":"ab","n":3,"v":null,"c":{"x":1},"any":true}',
  '{"id":"ab","n":3,"c":{"x":2}}',
  '{"id":"ab","n":1.5}',
  'rq:queue:default',
  'rq:queue:nope',
  'x'.repeat(300),
];
const BYTES = [
  SAMPLE_PICKLE,
  deflateSync(SAMPLE_PICKLE),
  Buffer.from([0, 1, 2, 255]),
  Buffer.from([0x80, 0x2e]),
  Buffer.from([0x78, 0x9c]),
];

function storedCases(f: ValueFormat): Buffer[] {
  const out: Buffer[] = [...TEXTS.map((t) => Buffer.from(t)), ...BYTES];
  const sample = sampleValue(f);
  if (Buffer.isBuffer(sample)) out.push(sample);
  else if (typeof sample === 'string') out.push(Buffer.from(sample));
  else if (typeof sample === 'number' || typeof sample === 'boolean') out.push(Buffer.from(String(sample)));
  else out.push(Buffer.from(JSON.stringify(sample)));
  if (f.kind === 'enum') out.push(...f.values.map((v) => Buffer.from(v)));
  if (f.kind === 'json' && f.schema !== undefined) out.push(...schemaInstances(f.schema).map((v) => Buffer.from(JSON.stringify(v))));
  return out;
}

const TYPED: unknown[] = [
  0,
  7,
  -1,
  1.5,
  1e21,
  2 ** 53 + 2,
  NaN,
  Infinity,
  -Infinity,
  1732579200,
  1732579200.25,
  1732579200123,
  true,
  false,
  null,
  undefined,
  'inf',
  ...TEXTS.slice(0, 40),
  { a: 1 },
  [1, 2],
  SAMPLE_PICKLE,
  deflateSync(SAMPLE_PICKLE),
  Buffer.from([1, 2]),
  () => 1,
  10n,
];

const all = [...synthetic.map((f) => ({ ...f, where: `synthetic ${f.where}` })), ...shipped];

describe.each(all.map((f) => [f.where, f.format] as const))('%s', (_where, format) => {
  const codec = codecOf(format);

  it('accepts exactly the stored values check accepts', () => {
    for (const v of storedCases(format)) {
      const check = judgeValue(format, v);
      const runtime = storedValueError(codec, v);
      expect(runtime === undefined, `${JSON.stringify(v.toString('utf8').slice(0, 80))}: check says ${check}, runtime ${runtime}`).toBe(
        check === undefined,
      );
    }
  });

  it('encodes only what check accepts', () => {
    for (const value of [...TYPED, sampleValue(format)]) {
      let encoded: string | Buffer;
      try {
        encoded = encodeValue(codec, value, 'parity');
      } catch (e) {
        expect(e, String(value)).toBeInstanceOf(KeyspecValueError);
        continue;
      }
      const bytes = typeof encoded === 'string' ? Buffer.from(encoded) : encoded;
      expect(judgeValue(format, bytes), `${String(value)} encoded as ${String(encoded)}`).toBeUndefined();
    }
  });

  it('writes the sample value, and writes back whatever check accepts', () => {
    expect(() => encodeValue(codec, sampleValue(format), 'parity')).not.toThrow();
    for (const v of storedCases(format)) {
      if (judgeValue(format, v) !== undefined) continue;
      const decoded = decodeValue(codec, v, 'parity');
      const again = encodeValue(codec, decoded, 'parity');
      expect(judgeValue(format, typeof again === 'string' ? Buffer.from(again) : again)).toBeUndefined();
    }
  });
});

/** Instances around a schema: a valid sample, and for objects each required property missing or mistyped, an extra one. */
function schemaInstances(schema: unknown): unknown[] {
  const sample = sampleJson(schema);
  const out: unknown[] = [sample, null, 1, 1.5, 'x', true, [], {}, [1], ['a']];
  const s = schema as Record<string, unknown>;
  if (sample && typeof sample === 'object' && !Array.isArray(sample)) {
    const o = sample as Record<string, unknown>;
    for (const k of Object.keys(o)) {
      const { [k]: _gone, ...rest } = o;
      out.push(rest);
      for (const bad of [null, 1, 1.5, -1, 'x', '', true, [], {}, ['a', 'b', 'c']]) out.push({ ...o, [k]: bad });
    }
    for (const k of Object.keys((s.properties ?? {}) as object))
      out.push({ ...o, [k]: sampleJson((s.properties as Record<string, unknown>)[k]) });
    out.push({ ...o, zz_extra: 1 });
  }
  if (Array.isArray(sample)) out.push([...sample, null], [...sample, 1], [...sample, 'x']);
  return out;
}

describe('the runtime JSON Schema checker', () => {
  const schemas = [...synthetic, ...shipped].flatMap((f) => {
    const out: { where: string; schema: object | boolean }[] = [];
    const visit = (x: ValueFormat): void => {
      if (x.kind === 'anyOf') x.formats.forEach(visit);
      if (x.kind === 'json' && x.schema !== undefined) out.push({ where: f.where, schema: x.schema });
    };
    visit(f.format);
    return out;
  });

  it('checks every JSON Schema of the shipped specs (none is left unchecked on write)', () => {
    expect(shippedSpecs().flatMap(({ spec }) => uncheckedSchemas(spec))).toEqual([]);
    expect(schemas.length).toBeGreaterThan(3);
  });

  it.each(schemas.map((s) => [s.where, s.schema] as const))('%s: agrees with ajv', (_where, schema) => {
    for (const instance of schemaInstances(schema)) {
      const ajv = judgeValue({ kind: 'json', schema }, Buffer.from(JSON.stringify(instance)));
      expect(schemaError(schema as JsonSchema, instance) === undefined, `${JSON.stringify(instance)}: ajv says ${ajv}`).toBe(
        ajv === undefined,
      );
    }
  });

  it('reports the keywords it cannot check, for the generator to warn about; such schemas are not emitted', () => {
    expect(uncheckedSchemas(syntheticSpec())).toEqual([]);
    const schema = { type: 'object', properties: { email: { type: 'string', format: 'email' }, n: { $ref: '#/$defs/n' } } };
    expect(uncheckedKeywords(schema)).toEqual(['$ref', 'format']);
    expect(uncheckedKeywords({ type: 'string', description: 'annotations are fine', examples: ['x'] })).toEqual([]);
    expect(codecOf({ kind: 'json', schema })).toEqual({ kind: 'json' });
  });
});
