/**
 * Hash-field TTLs without Redis: server support from version facts, and sampled fields judged against
 * recorded HTTL replies (per field: -2 no such field, -1 no TTL, else seconds); plus the logical-type
 * judgements (HyperLogLog magic, module type names) of the same fixture.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpec, nodeHost } from '../../spec/index.ts';
import { classifyKey, type KeyRecord } from './classify.ts';
import { compileSpec, matchKey } from './compile.ts';
import { declaresFieldTtls, fieldTtlSupport, judgeFieldTtls } from './field-ttl.ts';
import { judgeServer } from './server.ts';

const root = join(import.meta.dirname, '..', '..');
const spec = loadSpec(join(root, 'testing', 'fixtures', 'redis8-app.yaml'), nodeHost(root)).spec!;
const compiled = compileSpec(spec);
const db = compiled.dbs.get(0)!;
const session = matchKey(db, 'session:abc')!;
const B = (s: string): Buffer => Buffer.from(s);

describe('fieldTtlSupport', () => {
  const v = (value: string) => ({ version: { value, source: 'INFO' } });
  it.each([
    ['7.0.15', false],
    ['7.2.4', false],
    ['7.4.0', true],
    ['8.0.2', true],
  ])('Redis %s: %s', (version, supported) => {
    expect(fieldTtlSupport(v(version)).supported).toBe(supported);
  });
  it('judges Valkey by valkey_version, not its compatible redis_version', () => {
    expect(fieldTtlSupport({ ...v('7.2.4'), valkeyVersion: '9.0.0' })).toEqual({ supported: true, server: 'Valkey 9.0.0' });
    expect(fieldTtlSupport({ ...v('7.2.4'), valkeyVersion: '8.1.1' }).supported).toBe(false);
  });
  it('an unreadable version is not support', () => {
    const s = fieldTtlSupport({ version: { refused: 'NOPERM' } });
    expect(s).toEqual({ supported: false, reason: 'the server version could not be read (NOPERM)' });
  });
});

describe('hash.field.ttl.unverifiable', () => {
  const facts = (value: string) => ({ version: { value, source: 'INFO' }, config: {}, notify: { value: 'Kh', source: 'CONFIG' } });
  it('is one unverifiable server check on Redis 7.0, never a failure', () => {
    const checks = judgeServer(spec, facts('7.0.15')).filter((c) => c.id.startsWith('hash.field.ttl'));
    expect(checks).toHaveLength(1);
    expect(checks[0]).toMatchObject({ id: 'hash.field.ttl.unverifiable', state: 'unverifiable' });
    expect(checks[0]!.message).toContain('Redis 7.0.15 has no hash-field expiration');
  });
  it('is absent on Redis 7.4 and for a spec without field TTLs', () => {
    expect(judgeServer(spec, facts('7.4.1')).map((c) => c.id)).not.toContain('hash.field.ttl.unverifiable');
    const plain = loadSpec(join(root, 'spec', 'weppcloud.yaml'), nodeHost(root)).spec!;
    expect(declaresFieldTtls(plain)).toBe(false);
    expect(judgeServer(plain, facts('7.0.15')).map((c) => c.id)).not.toContain('hash.field.ttl.unverifiable');
  });
});

describe('judgeFieldTtls against recorded HTTL replies', () => {
  const fields = ['user', 'csrf', 'otp:1', 'pinned'];
  const ids = (ttls: number[]) => judgeFieldTtls(session, 'session:abc', fields, ttls).map((p) => p.id);
  it.each<[string, number[], string[]]>([
    ['all conform (user undeclared, any TTL)', [5000, 1799, 300, -1], []],
    ['csrf just written: exact 1800 s', [-1, 1800, 12, -1], []],
    ['csrf without a TTL', [-1, -1, 12, -1], ['hash.field.ttl.missing']],
    ['otp above its max of 300 s', [-1, 1000, 302, -1], ['hash.field.ttl.too-long']],
    ['otp within the 1 s of HTTL rounding', [-1, 1000, 301, -1], []],
    ['pinned with a TTL although none is allowed', [-1, 1000, 12, 60], ['hash.field.ttl.forbidden']],
    ['fields gone meanwhile (-2) are not judged', [-2, -2, -2, -2], []],
    ['an otp without a TTL', [-1, 1000, -1, -1], ['hash.field.ttl.missing']],
  ])('%s', (_name, ttls, expected) => {
    expect(ids(ttls)).toEqual(expected);
  });
  it('names the field, the policy and the reply in the finding', () => {
    const [p] = judgeFieldTtls(session, 'session:abc', fields, [-1, 4000, 12, -1]);
    expect(p).toMatchObject({
      id: 'hash.field.ttl.too-long',
      expected: 'csrf: 1800s (30m), set on write',
      actual: 'csrf: 4000s remaining',
      reproduce: ['HTTL', 'session:abc', 'FIELDS', '1', 'csrf'],
    });
  });
  it('goes through classifyKey with a sampled hash', () => {
    const rec: KeyRecord = {
      key: 'session:abc',
      type: 'hash',
      pttl: 3600_000,
      sample: { type: 'hash', fields: fields.map((f) => [f, B('x')]), complete: true, fieldTtls: [-1, -1, 12, -1] },
    };
    const c = classifyKey(db, rec);
    expect(c.kind === 'matched' && c.problems.map((p) => p.id)).toEqual(['hash.field.ttl.missing']);
  });
});

describe('logical types', () => {
  const judge = (rec: KeyRecord) => {
    const c = classifyKey(db, rec);
    return c.kind === 'matched' ? c.problems.map((p) => p.id) : c.kind;
  };
  it('a HyperLogLog is a string starting HYLL', () => {
    const hll = (value: string): KeyRecord => ({
      key: 'visitors:mon',
      type: 'string',
      pttl: 3600_000,
      sample: { type: 'string', value: B(value) },
    });
    expect(judge(hll('HYLL\x01\x00\x00\x00'))).toEqual([]);
    expect(judge(hll('42'))).toEqual(['key.logical']);
    expect(judge({ key: 'visitors:mon', type: 'zset', pttl: 3600_000 })).toEqual(['key.type']);
  });
  it('a module type is judged by its TYPE name', () => {
    expect(judge({ key: 'profile:1', type: 'ReJSON-RL', pttl: -1 })).toEqual([]);
    expect(judge({ key: 'profile:1', type: 'string', pttl: -1 })).toEqual(['key.type']);
    expect(judge({ key: 'temps:s1', type: 'TSDB-TYPE', pttl: -1 })).toEqual([]);
    const c = classifyKey(db, { key: 'temps:s1', type: 'ReJSON-RL', pttl: -1 });
    expect(c.kind === 'matched' && c.problems[0]!.message).toContain('declared timeseries, TSDB-TYPE');
  });
  it('a GEO set has 52-bit geohash scores', () => {
    const geo = (score: string): KeyRecord => ({
      key: 'shops:paris',
      type: 'zset',
      pttl: -1,
      sample: { type: 'zset', members: [B('bakery-1')], scores: [score] },
    });
    expect(judge(geo('3663832614298053'))).toEqual([]);
    expect(judge(geo('1.5'))).toEqual(['score.format']);
    expect(judge(geo(String(2 ** 52)))).toEqual(['score.format']);
  });
  it('a bitmap is any string', () => {
    expect(judge({ key: 'seen:mon', type: 'string', pttl: -1, sample: { type: 'string', value: Buffer.from([0xff, 0x00]) } })).toEqual([]);
  });
});
