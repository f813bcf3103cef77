/**
 * Parity: the runtime's codecs against `judgeValue` (what `keyspec check` judges), for every value
 * format kind of the language (a synthetic spec) and every format of the shipped specs: the same stored
 * bytes are accepted by both or by neither; whatever the client encodes, check accepts; whatever check
 * accepts, the client reads and writes back. And the runtime's JSON Schema checker against ajv.
 */
import { describe, expect, it } from 'vitest';
import { FORMAT_NAMES } from '../../spec/language/value-format.ts';
import { judgeValue, type ValueFormat } from '../../spec/index.ts';
import { uncheckedKeywords, uncheckedSchemas } from '../client/schema-subset.ts';
import { decodeValue, encodeValue, storedValueError } from '../runtime/codecs.ts';
import { KeyspecValueError } from '../runtime/errors.ts';
import { schemaError, type JsonSchema } from '../runtime/json-schema.ts';
import { codecOf, formatsOf, shippedSpecs, syntheticSpec } from '../../testing/model/parity.ts';
import { sampleValue } from '../../testing/model/samples.ts';
import { schemaInstances, storedCases, TYPED } from '../../testing/model/parity-cases.ts';

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
