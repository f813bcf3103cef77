import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { ValueFormat } from './model.ts';
import { judgeValue, parseFormat, type FormatProblem } from './value-format.ts';
import { BUILTIN_TYPES } from './placeholder-types.ts';

const ctx = { resolveType: (n: string) => BUILTIN_TYPES[n], compileTemplate: () => undefined };
const fmt = (raw: unknown): ValueFormat => {
  const problems: FormatProblem[] = [];
  const f = parseFormat(raw, ctx, problems);
  expect(problems).toEqual([]);
  return f;
};
// A protocol-4 pickle of {'_permanent': True}, as Flask-Session stores it.
const PICKLE = Buffer.from('80049512000000000000007d948c0a5f7065726d616e656e749488732e', 'hex');

describe('judgeValue', () => {
  const cases: [string, unknown, string | Buffer, boolean][] = [
    ['integer', 'integer', '42', true],
    ['integer rejects text', 'integer', '4x', false],
    ['integer bounds', { integer: { min: 0, max: 10 } }, '11', false],
    ['float', 'float', '1.5e3', true],
    ['epochSeconds int', 'epochSeconds', '1732579200', true],
    ['epochSeconds float (time.time())', 'epochSeconds', '1732579200.123456', true],
    ['epochSeconds rejects iso', 'epochSeconds', '2024-11-26T00:00:00Z', false],
    ['isoDatetime Z', 'isoDatetime', '2025-10-01T12:00:00.123456Z', true],
    ['isoDatetime offset', 'isoDatetime', '2025-10-01T12:00:00+00:00', true],
    ['isoDatetime rejects epoch', 'isoDatetime', '1732579200', false],
    ['boolean', 'boolean', 'true', true],
    ['boolean rejects True', 'boolean', 'True', false],
    ['custom boolean', { boolean: { true: '1', false: '0' } }, '0', true],
    ['enum', { enum: ['10', '20'] }, '20', true],
    ['enum rejects name', { enum: ['10', '20'] }, 'debug', false],
    ['json', 'json', '{"a":1}', true],
    ['json rejects text', 'json', '{a:1}', false],
    ['json schema', { json: { schema: { type: 'object', required: ['token'] } } }, '{"token":"x"}', true],
    ['json schema violation', { json: { schema: { type: 'object', required: ['token'] } } }, '{"owner":"x"}', false],
    ['jsonpickle', { jsonpickle: { pyObject: 'wepppy.' } }, '{"py/object": "wepppy.nodb.core.wepp.Wepp"}', true],
    ['jsonpickle wrong class', { jsonpickle: { pyObject: 'wepppy.' } }, '{"py/object": "other.Thing"}', false],
    ['pickle', 'pickle', PICKLE, true],
    ['pickle rejects json', 'pickle', '{"a":1}', false],
    ['zlib pickle', { pickle: { compression: 'zlib' } }, deflateSync(PICKLE), true],
    ['zlib pickle rejects raw pickle', { pickle: { compression: 'zlib' } }, PICKLE, false],
    ['uuid', 'uuid', '0f8fad5b-d9cb-469f-a165-70867728950e', true],
    ['hex32', 'hex32', '0f8fad5bd9cb469fa16570867728950e', true],
    ['hex32 rejects uuid', 'hex32', '0f8fad5b-d9cb-469f-a165-70867728950e', false],
    ['regex', { regex: '[0-9]+' }, '123', true],
    ['type', { type: 'uuid' }, 'nope', false],
    ['bytes accepts anything', 'bytes', Buffer.from([0, 255, 1]), true],
  ];
  it.each(cases)('%s', (_name, raw, value, ok) => {
    const problem = judgeValue(fmt(raw), Buffer.isBuffer(value) ? value : Buffer.from(value));
    if (ok) expect(problem).toBeUndefined();
    else expect(problem).toEqual(expect.any(String));
  });
});

describe('parseFormat problems', () => {
  it.each([
    [{ enum: [] }, 'KS117'],
    [{ json: { schema: { type: 'nope' } } }, 'KS181'],
    [{ regex: '(' }, 'KS114'],
    [{ type: 'missing' }, 'KS110'],
    [{ integer: { min: 5, max: 1 } }, 'KS182'],
  ])('%j -> %s', (raw, rule) => {
    const problems: FormatProblem[] = [];
    parseFormat(raw, ctx, problems);
    expect(problems.map((p) => p.rule)).toEqual([rule]);
  });
});
