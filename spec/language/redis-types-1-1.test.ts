/**
 * Language constructs that follow Redis itself: hash-field TTLs, logical types over the Redis type and
 * sharded channels, built from testing/fixtures/redis8-app.yaml into the model.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fieldsOf, loadSpec, nodeHost, type KeyPattern } from '../index.ts';

const path = join(import.meta.dirname, '..', '..', 'testing', 'fixtures', 'redis8-app.yaml');
const result = loadSpec(path, nodeHost());
const spec = result.spec!;
const key = (name: string): KeyPattern => spec.databases[0]!.keys.find((k) => k.name === name)!;

describe('the redis8-app fixture', () => {
  it('builds without diagnostics', () => {
    expect(result.diagnostics).toEqual([]);
  });

  it('gives hash fields their own TTL policies; undeclared stays absent', () => {
    const f = Object.fromEntries(fieldsOf(key('session')).map((x) => [x.name, x.ttl]));
    expect(f['user']).toBeUndefined();
    expect(f['csrf']).toEqual({ kind: 'exact', seconds: 1800, refresh: 'write' });
    expect(f['otp:{n:uint}']).toEqual({ kind: 'bounded', min: 0, max: 300, optional: false, refresh: 'write' });
    expect(f['pinned']).toEqual({ kind: 'none' });
    expect(key('session').ttl).toEqual({ kind: 'exact', seconds: 86400, refresh: 'write' });
  });

  it('derives the Redis type of a logical type and keeps the logical one', () => {
    expect([key('visitors').type, key('visitors').logical]).toEqual(['string', 'hyperloglog']);
    expect([key('seen').type, key('seen').logical]).toEqual(['string', 'bitmap']);
    const shops = key('shops');
    expect([shops.type, shops.logical]).toEqual(['zset', 'geo']);
    if (shops.type !== 'zset') throw new Error('not a zset');
    expect(shops.score).toEqual({ kind: 'integer', min: 0, max: 2 ** 52 - 1 });
    expect(shops.member).toEqual({ kind: 'regex', regex: '[a-z0-9-]+' });
    expect(key('profile')).toMatchObject({ type: 'module', logical: 'json', moduleType: 'ReJSON-RL' });
    expect(key('temps')).toMatchObject({ type: 'module', logical: 'timeseries', moduleType: 'TSDB-TYPE' });
  });

  it('marks sharded channels; the default is not sharded', () => {
    expect(spec.channels.map((c) => [c.name, c.sharded])).toEqual([
      ['room', true],
      ['lobby', true],
    ]);
    const plain = loadSpec(join(import.meta.dirname, '..', 'weppcloud.yaml'), nodeHost()).spec!;
    expect(plain.channels.length).toBeGreaterThan(0);
    expect(plain.channels.every((c) => c.sharded === false)).toBe(true);
  });
});
