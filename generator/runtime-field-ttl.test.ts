/**
 * What the generated HashKey sends for fields with their own TTL, against a recording stand-in for
 * ioredis (the local Redis 7.0 has no HEXPIRE): HSET, then one HEXPIRE per distinct TTL over the written
 * fields that have one, then the key's own TTL, all in one MULTI; no transaction when nothing expires.
 */
import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import type { KeyDesc } from './runtime/descriptor-types.ts';
import { HashKey } from './runtime/hash-key.ts';
import type { KeyContext } from './runtime/pool.ts';

const text = { kind: 'string', format: 'raw text' } as const;
const desc: KeyDesc = {
  id: 'main.session',
  db: 0,
  type: 'hash',
  parts: ['session:abc'],
  ttl: { kind: 'exact', seconds: 86400, refresh: 'write' },
  required: ['user'],
  fields: [
    { parts: ['user'], codec: text },
    { parts: ['csrf'], codec: text, ttl: { kind: 'exact', seconds: 1800, refresh: 'write' } },
    {
      parts: ['otp:', { name: 'n', regex: '[0-9]+', kind: 'integer', min: 0 }],
      codec: text,
      ttl: { kind: 'bounded', min: 0, max: 300, optional: false, refresh: 'write', env: 'OTP_TTL' },
    },
    { parts: ['pinned'], codec: text, ttl: { kind: 'none' } },
  ],
};
const plainDesc: KeyDesc = { ...desc, id: 'main.plain', ttl: { kind: 'none' } };

type Call = [string, ...unknown[]];

function recorder(): { redis: Redis; sent: { multi: boolean; calls: Call[] }[] } {
  const sent: { multi: boolean; calls: Call[] }[] = [];
  const batch = (multi: boolean) => {
    const calls: Call[] = [];
    sent.push({ multi, calls });
    const b: Record<string, unknown> = {
      exec: async () => calls.map(() => [null, 1]),
    };
    for (const m of ['hset', 'hsetnx', 'expire', 'persist', 'hdel'])
      b[m] = (...args: unknown[]) => (calls.push([m.toUpperCase(), ...args.flat()]), b);
    b.call = (...args: unknown[]) => (calls.push([String(args[0]), ...args.slice(1)]), b);
    return b;
  };
  const redis = {
    multi: () => batch(true),
    hset: async (...args: unknown[]) => (sent.push({ multi: false, calls: [['HSET', ...args.flat()]] }), 1),
  } as unknown as Redis;
  return { redis, sent };
}

const ctx = (env: Record<string, string> = {}): KeyContext => ({ overrides: {}, env, ttlCache: new Map(), codecCache: new WeakMap() });

describe('HashKey writes of fields with their own TTL', () => {
  it('set(): HSET, HEXPIRE per distinct TTL, then the key TTL, in one MULTI', async () => {
    const { redis, sent } = recorder();
    await new HashKey(redis, desc, 'session:abc', ctx()).set({ user: 'u', csrf: 'c', 'otp:1': '1', 'otp:2': '2', pinned: 'p' });
    expect(sent).toEqual([
      {
        multi: true,
        calls: [
          ['HSET', 'session:abc', 'user', 'u', 'csrf', 'c', 'otp:1', '1', 'otp:2', '2', 'pinned', 'p'],
          ['HEXPIRE', 'session:abc', 1800, 'FIELDS', 1, 'csrf'],
          ['HEXPIRE', 'session:abc', 300, 'FIELDS', 2, 'otp:1', 'otp:2'],
          ['EXPIRE', 'session:abc', 86400],
        ],
      },
    ]);
  });

  it('write(): a whole record writes its field TTLs as set() does; one missing a required field is refused', async () => {
    const { redis, sent } = recorder();
    const k = new HashKey<Record<string, string>>(redis, desc, 'session:abc', ctx());
    await k.write({ user: 'u', csrf: 'c' });
    expect(sent[0]!.calls).toEqual([
      ['HSET', 'session:abc', 'user', 'u', 'csrf', 'c'],
      ['HEXPIRE', 'session:abc', 1800, 'FIELDS', 1, 'csrf'],
      ['EXPIRE', 'session:abc', 86400],
    ]);
    await expect(k.write({ csrf: 'c' })).rejects.toThrow(/needs field 'user'/);
    expect(sent).toHaveLength(1);
  });

  it('setField(): the field TTL with its env override, and the key TTL', async () => {
    const { redis, sent } = recorder();
    await new HashKey(redis, desc, 'session:abc', ctx({ OTP_TTL: '60' })).setField('otp:7', 'x');
    expect(sent[0]!.calls).toEqual([
      ['HSET', 'session:abc', 'otp:7', 'x'],
      ['HEXPIRE', 'session:abc', 60, 'FIELDS', 1, 'otp:7'],
      ['EXPIRE', 'session:abc', 86400],
    ]);
  });

  it('setIfAbsent(): HEXPIRE NX, so an existing field keeps its TTL', async () => {
    const { redis, sent } = recorder();
    await new HashKey(redis, desc, 'session:abc', ctx()).setIfAbsent('csrf', 'c');
    expect(sent[0]!.calls[1]).toEqual(['HEXPIRE', 'session:abc', 1800, 'NX', 'FIELDS', 1, 'csrf']);
  });

  it('a key without a TTL still gets a MULTI for a field TTL, and a plain HSET otherwise', async () => {
    const { redis, sent } = recorder();
    const k = new HashKey(redis, plainDesc, 'session:abc', ctx());
    await k.setField('csrf', 'c');
    await k.set({ user: 'u', pinned: 'p' });
    expect(sent).toEqual([
      {
        multi: true,
        calls: [
          ['HSET', 'session:abc', 'csrf', 'c'],
          ['HEXPIRE', 'session:abc', 1800, 'FIELDS', 1, 'csrf'],
        ],
      },
      { multi: false, calls: [['HSET', 'session:abc', ['user', 'u', 'pinned', 'p']].flat()] },
    ]);
  });

  it('an invalid env override of a field TTL rejects the write', async () => {
    const { redis, sent } = recorder();
    await expect(new HashKey(redis, desc, 'session:abc', ctx({ OTP_TTL: '5m' })).setField('otp:7', 'x')).rejects.toThrow(/OTP_TTL/);
    expect(sent).toEqual([]);
  });
});
