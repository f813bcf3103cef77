import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { inferScoreFormat, inferValueFormat } from './value-formats.ts';
import { inferJsonSchema } from './json-schema.ts';

const b = (s: string): Buffer => Buffer.from(s);
/** pickle.dumps({'_permanent': True}, protocol=4) */
const PICKLE = Buffer.from('80049515000000000000007d948c0a5f7065726d616e656e7494885c2e'.replace('5c2e', '732e'), 'hex');

describe('value formats from samples', () => {
  it('tells pickle and zlib-compressed pickle by their magic bytes, other binary as bytes', () => {
    expect(inferValueFormat([PICKLE, PICKLE])).toEqual({ kind: 'pickle', compression: 'none' });
    expect(inferValueFormat([deflateSync(PICKLE)])).toEqual({ kind: 'pickle', compression: 'zlib' });
    expect(inferValueFormat([Buffer.from([0xff, 0xfe, 0x00, 0x01])])).toEqual({ kind: 'bytes' });
  });

  it('numbers: epoch seconds and millis in range, integers, floats', () => {
    expect(inferValueFormat([b('1767225600'), b('1767225999')])).toEqual({ kind: 'epochSeconds' });
    expect(inferValueFormat([b('1767225600123')])).toEqual({ kind: 'epochMillis' });
    expect(inferValueFormat([b('10'), b('20'), b('30')])).toEqual({ kind: 'integer' });
    expect(inferValueFormat([b('0.5'), b('12')])).toEqual({ kind: 'float' });
  });

  it('booleans as written, small closed sets as enums, a timestamp or empty as anyOf', () => {
    expect(inferValueFormat([b('true'), b('false')])).toEqual({ kind: 'boolean', true: 'true', false: 'false' });
    expect(inferValueFormat([b('True'), b('False')])).toEqual({ kind: 'boolean', true: 'True', false: 'False' });
    expect(
      inferValueFormat(['active', 'stale', 'active', 'stale', 'active', 'invalidated', 'stale', 'active', 'invalidated'].map(b)),
    ).toEqual({
      kind: 'enum',
      values: ['active', 'invalidated', 'stale'],
    });
    expect(inferValueFormat([b('2025-09-22T18:03:11.123456Z'), b(''), b('2025-09-22T18:04:11.123456Z')])).toEqual({
      kind: 'anyOf',
      formats: [{ kind: 'isoDatetime' }, { kind: 'empty' }],
    });
    // Each value seen fewer than 3 times on average: not a closed set.
    expect(inferValueFormat(['a1', 'b2', 'c3', 'a1'].map(b))).toEqual({ kind: 'raw' });
    // Free text stays raw.
    expect(inferValueFormat(['a b', 'c d', 'e f'].map(b))).toEqual({ kind: 'raw' });
  });

  it('JSON with an inferred schema; jsonpickle with the common class prefix', () => {
    expect(inferValueFormat([b('{"a":1,"b":"x"}'), b('{"a":2}')])).toEqual({
      kind: 'json',
      schema: { type: 'object', properties: { a: { type: 'integer' }, b: { type: 'string' } }, required: ['a'] },
    });
    expect(inferValueFormat([b('{"py/object":"wepppy.nodb.core.wepp.Wepp"}'), b('{"py/object":"wepppy.nodb.core.ron.Ron"}')])).toEqual({
      kind: 'jsonpickle',
      pyObject: 'wepppy.nodb.core.',
    });
  });

  it('JSON Schema: integer and number merge to number, arrays get items, depth is bounded', () => {
    expect(inferJsonSchema([[1, 2.5], []])).toEqual({ type: 'array', items: { type: 'number' } });
    expect(inferJsonSchema([1, 'x', null])).toEqual({ type: ['integer', 'null', 'string'] });
    const deep = { a: { b: { c: { d: { e: 1 } } } } };
    expect(JSON.stringify(inferJsonSchema([deep]))).not.toContain('"e"');
  });

  it('zset scores', () => {
    expect(inferScoreFormat(['1767225600', '1767225700'])).toEqual({ kind: 'epochSeconds' });
    expect(inferScoreFormat(['1', '2'])).toEqual({ kind: 'integer' });
    expect(inferScoreFormat(['0.5', '2'])).toEqual({ kind: 'float' });
  });
});
