/**
 * Observe and hash-field TTLs without a Redis that has them (the local one is 7.0): after a `hexpire`
 * event on a hash whose pattern declares field TTLs, the settled judgement reads one HSCAN page and the
 * fields' HTTL (recorded Redis 7.4 replies from a stand-in connection) and reports hash.field.ttl.*;
 * without the event, or on a server without field TTLs, neither is read.
 */
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { loadSpec, nodeHost } from '../../spec/index.ts';
import { Collector } from '../findings/collector.ts';
import { compileSpec, matchKey } from '../judging/compile.ts';
import type { ObserverConnections } from './connections.ts';
import { SettledKeys } from './settled-keys.ts';

const root = join(import.meta.dirname, '..', '..');
const spec = loadSpec(join(root, 'testing', 'fixtures', 'redis8-app.yaml'), nodeHost(root)).spec!;
const compiled = compileSpec(spec);
const session = matchKey(compiled.dbs.get(0)!, 'session:abc')!;

type Call = [string, ...unknown[]];

/** A stand-in for the observer's connections: EVAL_RO (probe-keys.lua) and pipelines, recorded. */
function fakeConns(httl: number[]): { conns: ObserverConnections; calls: Call[] } {
  const calls: Call[] = [];
  const answer = (c: Call): [Error | null, unknown] => {
    if (c[0] === 'hscan') return [null, ['0', ['user', 'u', 'csrf', 'c', 'otp:1', '1', 'pinned', 'p']]];
    if (c[0] === 'HTTL') return [null, httl];
    return [new Error(`unexpected ${c[0]}`), null];
  };
  const conn = {
    // probe-keys.lua: TYPE and PTTL of each key, then the deciding fields
    call: async (...args: unknown[]) => (calls.push(['EVAL_RO', ...args.slice(2)]), ['hash', 86_400_000, []]),
    pipeline: () => {
      const queued: Call[] = [];
      const p: Record<string, unknown> = { exec: async () => queued.map(answer) };
      p.hscan = (...args: unknown[]) => (queued.push(['hscan', ...args]), calls.push(['hscan', ...args]), p);
      p.call = (...args: unknown[]) => (
        queued.push([String(args[0]), ...args.slice(1)]),
        calls.push([String(args[0]), ...args.slice(1)]),
        p
      );
      return p;
    },
  } as unknown as Redis;
  return { conns: { isCluster: false, db: () => conn } as unknown as ObserverConnections, calls };
}

async function judgeAfter(events: string[], httl: number[], fieldTtls = true) {
  const collector = new Collector(compiled, (_db, args) => args.join(' '));
  const { conns, calls } = fakeConns(httl);
  const settled = new SettledKeys(10, conns, collector);
  settled.fieldTtls = fieldTtls;
  for (const e of events) settled.noteEvent(0, 'session:abc', e);
  settled.schedule(0, 'session:abc', session);
  await settled.finish();
  return { ids: collector.allGroups().map((g) => g.id), calls };
}

describe('hexpire events in observe', () => {
  it('a hexpire on a field whose policy is none is hash.field.ttl.forbidden', async () => {
    const { ids, calls } = await judgeAfter(['hset', 'hexpire'], [-1, 1800, 120, 60]);
    expect(ids).toEqual(['hash.field.ttl.forbidden']);
    expect(calls.filter((c) => c[0] === 'HTTL')).toEqual([['HTTL', 'session:abc', 'FIELDS', '4', 'user', 'csrf', 'otp:1', 'pinned']]);
  });

  it('a field TTL above its maximum, and a conforming set', async () => {
    expect((await judgeAfter(['hexpire'], [-1, 1800, 900, -1])).ids).toEqual(['hash.field.ttl.too-long']);
    expect((await judgeAfter(['hexpire'], [-1, 1800, 120, -1])).ids).toEqual([]);
  });

  it('without a hexpire event, or on a server without field TTLs, no field is read', async () => {
    for (const run of [await judgeAfter(['hset'], [-1, 1800, 120, 60]), await judgeAfter(['hexpire'], [-1, 1800, 120, 60], false)]) {
      expect(run.ids).toEqual([]);
      expect(run.calls.filter((c) => c[0] === 'hscan' || c[0] === 'HTTL')).toEqual([]);
      expect(run.calls.filter((c) => c[0] === 'EVAL_RO')).toHaveLength(1);
    }
  });
});
