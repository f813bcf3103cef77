/**
 * The generated WEPPcloud client against a real (throwaway) Redis: every write path of every pattern
 * applies the declared TTL, codecs round-trip, enum and param violations are rejected at run time,
 * pub/sub and keyspace notifications round-trip, and parseKey parses every pattern.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRedis, type TestRedis } from '../testing/redis/throwaway-redis.ts';
import { createKeyspace, keys, KeyspecValueError, parseKey, type Keyspace, type ParsedMessage } from '../generated/weppcloud/client.ts';
import { fieldsOf, judgeTtl, loadSpec, nodeHost, policyFor, type KeyPattern, type TtlPolicy } from '../spec/index.ts';
import { ClientNames } from './client/naming.ts';
import { sampleParams, sampleValue } from '../testing/model/samples.ts';

const root = join(import.meta.dirname, '..');
const spec = loadSpec(join(root, 'spec', 'weppcloud.yaml'), nodeHost(root)).spec!;
const allKeys = spec.databases.flatMap((db) => db.keys.map((key) => ({ db, key })));

let server: TestRedis;
let ks: Keyspace;

beforeAll(async () => {
  server = await startTestRedis({ config: { 'notify-keyspace-events': spec.server.notifyKeyspaceEvents!.raw } });
  ks = createKeyspace({ url: server.url, env: {} });
});
afterAll(async () => {
  await ks?.quit();
  await server?.stop();
});

type AnyAccessor = Record<string, (...args: unknown[]) => Promise<unknown>> & { key: string };

const names = new ClientNames(spec);

/** The property names of a key's accessor, as the client emitter's naming pass gave them. */
function accessorPath(key: KeyPattern): [string, string] {
  const db = names.databases.find((d) => d.keys.some((k) => k.key.id === key.id))!;
  return [db.prop, db.keys.find((k) => k.key.id === key.id)!.accessor];
}

function accessor(_dbName: string, key: KeyPattern): AnyAccessor {
  const [dbProp, prop] = accessorPath(key);
  const db = (ks as unknown as Record<string, Record<string, (p?: unknown) => AnyAccessor>>)[dbProp]!;
  return db[prop]!(sampleParams(key.pattern));
}

function sampleField(key: KeyPattern): [string, unknown][] {
  return fieldsOf(key).map((f) => [
    f.literal ? f.name : Object.values(sampleParams(f.pattern)).length ? buildField(f.pattern.parts, sampleParams(f.pattern)) : f.name,
    sampleValue(f.value),
  ]);
}

function buildField(parts: KeyPattern['pattern']['parts'], params: Record<string, string | number>): string {
  return parts.map((p) => (p.kind === 'literal' ? p.text : String(params[p.name]))).join('');
}

async function expectTtl(dbIndex: number, key: string, policy: TtlPolicy | undefined, what: string): Promise<void> {
  const pttl = await ks.client(spec.databases.find((d) => d.index === dbIndex)!.name as never).pttl(key);
  expect(pttl, `${what}: key exists`).not.toBe(-2);
  if (!policy) return;
  const verdict = judgeTtl(policy, pttl, true);
  expect(verdict, `${what}: TTL ${pttl} ms against ${JSON.stringify(policy)}`).toEqual({ ok: true });
}

describe('generated WEPPcloud client against Redis', () => {
  it('covers every key pattern of the spec', () => {
    expect(allKeys.length).toBeGreaterThanOrEqual(20);
  });

  describe.each(allKeys.map(({ db, key }) => [key.id, db.name, db.index, key] as const))('%s', (_id, dbName, dbIndex, key) => {
    it('applies the declared TTL on every write path and round-trips its codec', async () => {
      const a = accessor(dbName, key);
      await a.delete!();
      const policy = policyFor(key.ttl, undefined);
      switch (key.type) {
        case 'string': {
          const v = sampleValue(key.value!);
          await a.set!(v);
          await expectTtl(dbIndex, a.key, policy, 'set');
          expect(await a.get!()).toEqual(v);
          await a.delete!();
          expect(await a.setIfAbsent!(v)).toBe(true);
          await expectTtl(dbIndex, a.key, policy, 'setIfAbsent');
          expect(await a.setIfAbsent!(v)).toBe(false);
          break;
        }
        case 'hash': {
          const fields = sampleField(key);
          const byField = key.ttl.kind === 'byField' ? key.ttl : undefined;
          const first = fields.filter(([f]) => f !== byField?.field).slice(0, 1);
          expect(await a.setIfAbsent!(first[0]![0], first[0]![1])).toBe(true);
          await expectTtl(dbIndex, a.key, byField ? undefined : policy, 'setIfAbsent');
          await a.write!(Object.fromEntries(fields));
          const fieldValue = byField ? String(fields.find(([f]) => f === byField.field)![1]) : undefined;
          await expectTtl(dbIndex, a.key, policyFor(key.ttl, fieldValue), 'set');
          const all = (await a.getAll!()) as Record<string, unknown>;
          for (const [f, v] of fields) expect(all[f], `field ${f}`).toEqual(v);
          expect(await a.get!(fields[0]![0])).toEqual(fields[0]![1]);
          await a.deleteFields!(first[0]![0]);
          await expectTtl(dbIndex, a.key, policyFor(key.ttl, fieldValue), 'deleteFields');
          if (byField) {
            // Every case of a field-dependent TTL: the write of the field sets (or persists) the TTL.
            for (const c of byField.cases) {
              for (const value of c.values) {
                await a.set!({ [byField.field]: value });
                const pttl = await ks.client(dbName as never).pttl(a.key);
                const expected = policyFor(key.ttl, value)!;
                expect(judgeTtl(expected, pttl, true), `${byField.field}=${value}: pttl ${pttl}`).toEqual({ ok: true });
              }
            }
          }
          break;
        }
        case 'list': {
          const m = sampleValue(key.member!);
          expect(await a.push!(m, m)).toBe(2);
          await expectTtl(dbIndex, a.key, policy, 'push');
          await a.pushFront!(m);
          await expectTtl(dbIndex, a.key, policy, 'pushFront');
          expect(await a.range!()).toEqual([m, m, m]);
          await a.remove!(m, 1);
          await expectTtl(dbIndex, a.key, policy, 'remove');
          break;
        }
        case 'set': {
          const m = sampleValue(key.member!);
          expect(await a.add!(m)).toBe(1);
          await expectTtl(dbIndex, a.key, policy, 'add');
          expect(await a.members!()).toEqual([m]);
          expect(await a.has!(m)).toBe(true);
          break;
        }
        case 'zset': {
          const m = sampleValue(key.member!);
          const s = sampleValue(key.score!);
          expect(await a.add!(m, s)).toBe(1);
          await expectTtl(dbIndex, a.key, policy, 'add');
          expect(await a.range!()).toEqual([{ member: m, score: s }]);
          expect(await a.score!(m)).toEqual(s);
          break;
        }
        case 'stream': {
          const fields = Object.fromEntries(sampleField(key));
          await a.add!(fields, { maxLen: 10 });
          await expectTtl(dbIndex, a.key, policy, 'add');
          const entries = (await a.range!()) as { fields: Record<string, unknown> }[];
          expect(entries[0]!.fields).toEqual(fields);
          break;
        }
      }
    });

    it('builds and parses its keys', () => {
      const params = sampleParams(key.pattern);
      const [dbProp, prop] = accessorPath(key);
      const builders = (keys as unknown as Record<string, Record<string, (p?: unknown) => string>>)[dbProp]!;
      const k = builders[prop]!(params);
      const parsed = parseKey(dbIndex, k);
      expect(parsed?.id).toBe(key.id);
      expect(parsed?.params).toEqual(params);
      for (const ex of key.examples) expect(parseKey(dbIndex, ex)?.id, ex).toBe(key.id);
    });
  });

  it('applies sliding TTLs on read', async () => {
    const session = ks.session.flaskSession({ sid: '0f8fad5b-d9cb-469f-a165-70867728950e' });
    await session.set(Buffer.from('80049512000000000000007d948c0a5f7065726d616e656e749488732e', 'hex'));
    await ks.client('session').pexpire(session.key, 5000);
    await session.get();
    expect(await session.pttl()).toBeGreaterThan(43_000_000);
  });

  it('honours a TTL env override and explicit overrides', async () => {
    const ks2 = createKeyspace({ url: server.url, env: { WEPPPY_LOCK_TTL_SECONDS: '60' } });
    try {
      const lock = ks2.lock.nodbLock({ runid: 'busy-beaver', relpath: 'wepp.nodb' });
      await lock.set({ token: '0f8fad5bd9cb469fa16570867728950e', owner: 'host:1', acquired_at: 1, expires_at: 61, ttl: 60 });
      const pttl = await lock.pttl();
      expect(pttl).toBeGreaterThan(55_000);
      expect(pttl).toBeLessThanOrEqual(60_000);
    } finally {
      await ks2.quit();
    }
  });

  it('rejects enum violations and ill-typed params at run time, writing nothing', async () => {
    const level = ks.logLevel.loglevel({ runid: 'busy-beaver' });
    await level.delete();
    await expect(level.set('debug' as never)).rejects.toThrow(KeyspecValueError);
    expect(await level.exists()).toBe(false);
    await level.set('10');
    expect(await level.get()).toBe('10');
    expect(() => ks.lock.run({ runid: 'Not A Run:ID' })).toThrow(KeyspecValueError);
    await expect(ks.lock.run({ runid: 'busy-beaver' }).setTimestamps('nope' as never, 1)).rejects.toThrow(/task/);
    await expect(ks.rq.job({ id: 'j1' }).set({ status: 'done' as never })).rejects.toThrow(KeyspecValueError);
  });

  it('rejects a whole record without a required field, writing nothing; an update may give some fields', async () => {
    const job = ks.rq.job({ id: 'j-required' });
    await job.delete();
    await expect(job.write({ status: 'queued' } as never)).rejects.toThrow(/a whole record needs field 'created_at' \(required\)/);
    expect(await job.exists()).toBe(false);
    await job.set({ status: 'queued' });
    expect(await job.get('status')).toBe('queued');
    await job.delete();
  });

  it('reads and writes hash fields by field pattern', async () => {
    const run = ks.lock.run({ runid: 'busy-beaver' });
    await run.setTimestamps('build_soils', 1732579200);
    await run.setLocked('_pups/omni/scenarios/undisturbed/wepp.nodb', true);
    expect(await run.getTimestamps('build_soils')).toBe(1732579200);
    expect(await ks.client('lock').hget('busy-beaver', 'locked:_pups/omni/scenarios/undisturbed/wepp.nodb')).toBe('true');
    expect(await run.getLocked('_pups/omni/scenarios/undisturbed/wepp.nodb')).toBe(true);
    expect(await run.pttl()).toBe(-1);
  });

  it('publishes and subscribes with message builders and parsers', async () => {
    const got: (ParsedMessage | null)[] = [];
    const raws: string[] = [];
    const sub = await ks.channels.status.subscribe({ runid: 'busy-beaver' }, (m, raw, params) => {
      got.push(m);
      raws.push(`${String(params.channel)}|${raw}`);
    });
    try {
      const ch = { runid: 'busy-beaver', channel: 'wepp' };
      await ks.channels.status.publish(ch, {
        name: 'started',
        job_id: '0f8fad5b-d9cb-469f-a165-70867728950e',
        func: 'run_wepp_rq',
        args: 'busy-beaver',
      });
      await ks.channels.status.publish(
        { ...ch, channel: 'soils' },
        { name: 'trigger', job_id: 'j1', controller: 'soils', event: 'SOILS_BUILD_TASK_COMPLETED' },
      );
      await ks.channels.status.publish(ch, { name: 'progress', text: 'hillslope 3 of 10 done' });
      await ks.client('status').publish('other-run:wepp', 'not for us');
      await waitFor(() => got.length >= 3);
      expect(raws).toEqual([
        'wepp|rq:0f8fad5b-d9cb-469f-a165-70867728950e STARTED run_wepp_rq(busy-beaver)',
        'soils|rq:j1 TRIGGER   soils SOILS_BUILD_TASK_COMPLETED',
        'wepp|hillslope 3 of 10 done',
      ]);
      expect(got[0]).toMatchObject({
        name: 'started',
        params: { job_id: '0f8fad5b-d9cb-469f-a165-70867728950e', func: 'run_wepp_rq', args: 'busy-beaver' },
      });
      expect(got[1]).toMatchObject({ name: 'trigger', params: { controller: 'soils', event: 'SOILS_BUILD_TASK_COMPLETED' } });
      expect(got[2]).toMatchObject({ name: 'progress' });
    } finally {
      await sub.close();
    }
    await expect(
      ks.channels.status.publish({ runid: 'busy-beaver', channel: 'Bad Channel' }, { name: 'progress', text: 'x' }),
    ).rejects.toThrow(KeyspecValueError);
  });

  it('subscribes to the keyspace notifications the spec declares', async () => {
    const events: { event: string; key: string; runid: string }[] = [];
    const sub = await ks.notifications.preflightRunHash.subscribe({ runid: 'rlew-unwitting-cane' }, (e) =>
      events.push({ event: e.event, key: e.key, runid: e.params.runid }),
    );
    try {
      await ks.lock.run({ runid: 'rlew-unwitting-cane' }).setTimestamps('build_climate', 1732579201);
      await ks.lock.run({ runid: 'other-run' }).setTimestamps('build_climate', 1732579201);
      await waitFor(() => events.length >= 1);
      await new Promise((r) => setTimeout(r, 50));
      expect(events).toEqual([{ event: 'hset', key: 'rlew-unwitting-cane', runid: 'rlew-unwitting-cane' }]);
    } finally {
      await sub.close();
    }
  });
});

async function waitFor(cond: () => boolean, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}
