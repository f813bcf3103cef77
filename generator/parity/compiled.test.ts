/**
 * What the client compiles once per pattern does what the interpreting runtime does per call: compiled
 * encoders against `encodeValue` (the same bytes, the same errors), for every value format of the
 * synthetic and the shipped specs; the generated key builders (concatenation with compiled checks)
 * against `buildName` over the descriptors; and the generated field getters and setters reject the
 * same bad params with the same errors.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as descriptors from '../../generated/weppcloud/descriptors.ts';
import { createKeyspace, keys } from '../../generated/weppcloud/client.ts';
import { encodeValue, encoderOf } from '../runtime/codecs.ts';
import type { KeyDesc } from '../runtime/descriptor-types.ts';
import { buildName } from '../runtime/names.ts';
import { codecOf, formatsOf, shippedSpecs, syntheticSpec } from '../../testing/model/parity.ts';
import { sampleValue } from '../../testing/model/samples.ts';

const clientSource = readFileSync(join(import.meta.dirname, '..', '..', 'generated', 'weppcloud', 'client.ts'), 'utf8');

const formats = [
  ...formatsOf(syntheticSpec()).map((f) => ({ ...f, where: `synthetic ${f.where}` })),
  ...shippedSpecs().flatMap(({ name, spec }) => formatsOf(spec).map((f) => ({ ...f, where: `${name} ${f.where}` }))),
];

const TYPED: unknown[] = [
  '',
  'sample text',
  '0f8fad5bd9cb469fa16570867728950e',
  '0F8FAD5BD9CB469FA16570867728950E',
  '2025-09-22T18:03:11+00:00',
  '2025-13-45T99:99Z',
  'true',
  'active',
  '{"py/object": "wepppy.nodb.Ron"}',
  '7',
  0,
  -0,
  7,
  -3,
  1.5,
  1732579200,
  17325792001234,
  2 ** 53,
  2 ** 53 + 2,
  1e21,
  -1e21,
  Number.MAX_VALUE,
  Infinity,
  -Infinity,
  NaN,
  true,
  false,
  null,
  undefined,
  {},
  [],
  { a: 1 },
  [1, 'a'],
  Buffer.from('x'),
  Buffer.from([0x78, 0x9c, 1, 2]),
  Buffer.from([0x80, 0x04, 0x2e]),
  BigInt(1),
  () => 1,
];

function outcome(f: () => unknown): { ok: unknown } | { error: string } {
  try {
    return { ok: f() };
  } catch (e) {
    return { error: `${(e as Error).name}: ${(e as Error).message}` };
  }
}

describe.each(formats.map((f) => [f.where, f.format] as const))('%s', (_where, format) => {
  const codec = codecOf(format);
  it('the compiled encoder writes the same bytes and throws the same errors as encodeValue', () => {
    const encode = encoderOf(codec);
    for (const value of [...TYPED, sampleValue(format)]) {
      expect(
        outcome(() => encode(value, 'w')),
        String(value),
      ).toEqual(outcome(() => encodeValue(codec, value, 'w')));
    }
  });
});

const keyDescs = Object.values(descriptors).filter(
  (d): d is KeyDesc => typeof d === 'object' && d !== null && 'id' in d && 'ttl' in d && 'parts' in d,
);

const BAD: unknown[] = ['', 'a:b', 'x y', 'UPPER', -1, 1.5, 10 ** 12, null, undefined, {}, true];

describe.each(keyDescs.map((d) => [d.id, d] as const))('the generated key builder of %s', (_id, desc) => {
  const [dbProp, accessor] = builderOf(desc);
  const build = (keys as unknown as Record<string, Record<string, (p: object) => string>>)[dbProp]![accessor]!;
  const placeholders = desc.parts.flatMap((p) => (typeof p === 'string' ? [] : [p]));
  const good = Object.fromEntries(
    placeholders.map((p) => [p.name, p.kind === 'enum' ? p.values[0] : p.kind === 'integer' ? (p.min ?? 7) : 'run-1']),
  );

  it('builds what buildName builds, and rejects what it rejects with the same error', () => {
    const cases: object[] = [good];
    for (const p of placeholders) for (const bad of BAD) cases.push({ ...good, [p.name]: bad });
    if (placeholders.length) cases.push({});
    for (const params of cases) {
      expect(
        outcome(() => build(params)),
        JSON.stringify(params),
      ).toEqual(outcome(() => buildName(desc.parts, params, desc.id)));
    }
  });
});

/** The `keys.<db>.<accessor>` createKeyspace builds a descriptor's keys with (read off the client source). */
function builderOf(desc: KeyDesc): [string, string] {
  const name = Object.entries(descriptors).find(([, d]) => d === desc)![0];
  const m = new RegExp(`\\b${name},\\s*keys\\.(\\w+)\\.(\\w+)\\(`).exec(clientSource);
  if (!m) throw new Error(`no key builder for ${desc.id}`);
  return [m[1]!, m[2]!];
}

describe('generated field getters and setters', () => {
  it('reject bad params with the error buildName gives, before any command', async () => {
    const ks = createKeyspace({ url: 'redis://127.0.0.1:1', env: {} });
    const run = ks.lock.run({ runid: 'run-1' });
    for (const task of ['nope', '', 3, null] as unknown as 'build_soils'[]) {
      const expected = outcome(() => buildName(descriptors.RUN_TIMESTAMPS_FIELD.parts, { task }, 'lock.run field'));
      expect('error' in expected, String(task)).toBe(true);
      await expect(run.setTimestamps(task, 1)).rejects.toThrow((expected as { error: string }).error.replace(/^KeyspecValueError: /, ''));
      await expect(run.getTimestamps(task)).rejects.toThrow((expected as { error: string }).error.replace(/^KeyspecValueError: /, ''));
    }
    await ks.quit();
  });
});
