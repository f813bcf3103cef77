/**
 * What the generated Python package writes to a real (throwaway) Redis, sync and asyncio alike: the TTL of
 * every TTL policy kind of the synthetic parity spec (field cases and transitions, refresh on read, env
 * overrides valid and invalid) as the spec's rule writes it; every value format read back as written; and
 * every key pattern of WEPPcloud (strings, hashes, lists, sets, sorted sets, streams) written with sample
 * values, after which `keyspec check` finds nothing. Operations run in one Python process
 * (testing/python/ops_driver.py); their outcomes are judged here.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from '../../conformance/check/run-check.ts';
import { compileSpec, matchKey } from '../../conformance/judging/compile.ts';
import {
  buildFromPattern,
  fieldsOf,
  policyFor,
  ttlProblem,
  ttlWrite,
  withEnvOverrides,
  type KeyPattern,
  type Spec,
  type TtlPolicy,
  type ValueFormat,
} from '../../spec/index.ts';
import { shippedSpecs, syntheticSpec } from '../../testing/model/parity.ts';
import { sampleParams, sampleValue } from '../../testing/model/samples.ts';
import { pythonToolchain, runPython } from '../../testing/python/toolchain.ts';
import { startWeppcloudRedis, type TestRedis } from '../../testing/redis/throwaway-redis.ts';
import { ClientNames, type KeyNames } from '../client/naming.ts';
import { generateFiles } from '../generate.ts';
import { writeOutput } from '../write-output.ts';
import { dbAttribute, keyMethod } from './accessors.ts';
import { packageName } from './package.ts';

const root = join(import.meta.dirname, '..', '..');
const { toolchain, reason } = pythonToolchain();
if (reason) console.warn(reason);

type Env = Record<string, string | undefined>;
type Mode = 'sync' | 'async';
interface Op {
  db: string;
  key: string;
  params: unknown[];
  do: string;
  args?: unknown[];
}
interface Case {
  package: string;
  mode: Mode;
  env: Env;
  ops: Op[];
}
type Outcome = { ok: unknown; key: string } | { error: string };

function tag(v: unknown): unknown {
  if (Buffer.isBuffer(v)) return { $bytes: v.toString('hex') };
  if (typeof v === 'number' && !Number.isFinite(v)) return { $num: String(v) };
  if (Array.isArray(v)) return v.map(tag);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, tag(x)]));
  return v;
}

/** Op builders for one key pattern of a spec. */
function keyOps(names: ClientNames, k: KeyNames): (what: string, args?: unknown[]) => Op {
  const params = k.key.pattern.parts.flatMap((p) => (p.kind === 'placeholder' ? [sampleParams(k.key.pattern)[p.name]] : []));
  return (what, args = []) => ({ db: dbAttribute(k.db), key: keyMethod(k), params, do: what, args: args.map(tag) });
}

const TRANSIENT = (p: TtlPolicy): boolean => p.kind !== 'none' && p.kind !== 'any' && p.kind !== 'byField' && p.refresh === 'read';

/** The PTTL a write leaves is the spec rule's, and the policy accepts it right after the write. */
function expectWritten(pttl: unknown, declared: TtlPolicy, env: Env, fieldValue: string | undefined, what: string): void {
  const effective = withEnvOverrides(declared, env);
  const w = ttlWrite(effective, fieldValue);
  expect(typeof pttl, what).toBe('number');
  const ms = pttl as number;
  if (typeof w === 'object') {
    expect(ms, `${what}: PTTL`).toBeGreaterThan(w.expire * 1000 - 3000);
    expect(ms, `${what}: PTTL`).toBeLessThanOrEqual(w.expire * 1000);
  } else if (w === 'persist') expect(ms, what).toBe(-1);
  const policy = policyFor(effective, fieldValue);
  if (policy) expect(ttlProblem(policy, ms, true), `${what}: judged right after the write (PTTL ${ms})`).toBeUndefined();
}

const ENVS: Env[] = [{}, { EXACT_TTL: ' 90 ', RANGE_TTL: '100' }, { EXACT_TTL: '', RANGE_TTL: '  ' }];
const BAD_ENV: Env = { EXACT_TTL: '1.5', RANGE_TTL: 'abc' };

/** The sample write (and the read that returns it) of a key pattern, by Redis type. */
function sampleWrite(k: KeyPattern): { write: [string, unknown[]]; read: string; expected: (read: unknown) => unknown } {
  switch (k.type) {
    case 'string': {
      const v = sampleValue(k.value ?? { kind: 'raw' });
      return { write: ['set', [v]], read: 'get', expected: () => tag(v) };
    }
    case 'hash':
    case 'stream': {
      const fields = Object.fromEntries(
        fieldsOf(k).map((f) => [f.literal ? f.name : buildFromPattern(f.pattern, sampleParams(f.pattern)), sampleValue(f.value)]),
      );
      if (k.type === 'hash') return { write: ['set_fields', [fields]], read: 'get_fields', expected: () => tag(fields) };
      return { write: ['add', [fields]], read: 'entries', expected: (r) => [[(r as [string][])[0]?.[0], tag(fields)]] };
    }
    case 'list': {
      const m = sampleValue(k.member ?? { kind: 'raw' });
      return { write: ['push', [m]], read: 'range', expected: () => [tag(m)] };
    }
    case 'set': {
      const m = sampleValue(k.member ?? { kind: 'raw' });
      return { write: ['add', [m]], read: 'members', expected: () => [tag(m)] };
    }
    case 'zset': {
      const m = sampleValue(k.member ?? { kind: 'raw' });
      const s = sampleValue(k.score ?? ({ kind: 'float' } as ValueFormat));
      return { write: ['add', [m, s]], read: 'range', expected: () => [[tag(m), tag(s)]] };
    }
    case 'module':
      throw new Error(`${k.id}: a module key has no sample write`);
  }
}

const synthetic = syntheticSpec();

/** The key pattern check's matcher gives a key of a database (the first match in match order). */
function parseKeyOf(db: number): (key: string) => string | undefined {
  const compiled = compileSpec(weppcloudSpec());
  return (key) => matchKey(compiled.dbs.get(db)!, key)?.id;
}
const weppcloudSpec = (): Spec => shippedSpecs()[0]!.spec;
const weppcloud = shippedSpecs()[0]!.spec;

describe.skipIf(!toolchain)('what the generated Python package writes', () => {
  let s: TestRedis;
  let dir: string;
  const plan: { case: Case; judge: (out: Outcome[]) => void; what: string }[] = [];
  let results: Outcome[][] = [];

  const names = new ClientNames(synthetic);
  const ttlKeys = names.keys.filter((k) => k.db.name === 'ttls');
  for (const mode of ['sync', 'async'] as Mode[]) {
    for (const k of ttlKeys) {
      const op = keyOps(names, k);
      const { key } = k;
      for (const env of ENVS) {
        const what = `${mode} ${key.id} env ${JSON.stringify(env)}`;
        if (key.type === 'string') {
          const sliding = TRANSIENT(key.ttl);
          const ops = [op('set', ['v']), op('pttl'), ...(sliding ? [op('client.pexpire', [5000])] : []), op('get'), op('pttl')];
          plan.push({
            what,
            case: { package: packageName(synthetic), mode, env, ops },
            judge: (out) => {
              expectWritten(okOf(out[1]!), key.ttl, env, undefined, `${what}: set`);
              const after = okOf(out[out.length - 1]!) as number;
              if (sliding) expectWritten(after, key.ttl, env, undefined, `${what}: refreshed by a read`);
              else if (key.ttl.kind !== 'any')
                expect(after, `${what}: a read leaves the TTL alone`).toBeLessThanOrEqual(okOf(out[1]!) as number);
            },
          });
        } else {
          const p = key.ttl as Extract<TtlPolicy, { kind: 'byField' }>;
          const values = [...new Set(p.cases.flatMap((c) => c.values)), 'other'];
          const pairs = values.flatMap((from) => values.map((to) => [from, to] as const));
          const ops = pairs.flatMap(([from, to]) => [
            op('delete'),
            op('set_fields', [{ status: from }]),
            op('pttl'),
            op('set_field', ['status', to]),
            op('pttl'),
          ]);
          plan.push({
            what,
            case: { package: packageName(synthetic), mode, env, ops },
            judge: (out) =>
              pairs.forEach(([from, to], i) => {
                expectWritten(okOf(out[i * 5 + 2]!), key.ttl, env, from, `${what}: status=${from}`);
                expectWritten(okOf(out[i * 5 + 4]!), key.ttl, env, to, `${what}: status ${from} -> ${to}`);
              }),
          });
        }
      }
      // An invalid env override anywhere in the policy: the write is refused and nothing is written.
      let rejected = false;
      try {
        withEnvOverrides(key.ttl, BAD_ENV);
      } catch {
        rejected = true;
      }
      const write = key.type === 'string' ? op('set', ['v']) : op('set_fields', [{ status: 'queued' }]);
      plan.push({
        what: `${mode} ${key.id} invalid env`,
        case: { package: packageName(synthetic), mode, env: BAD_ENV, ops: [op('delete'), write, op('exists')] },
        judge: (out) => {
          if (rejected) {
            expect(out[1], `${key.id}`).toEqual({
              error: expect.stringMatching(/^KeyspecValueError: .*a TTL override must be a positive whole number/),
            });
            expect(okOf(out[2]!)).toBe(false);
          } else expect('ok' in out[1]!, JSON.stringify(out[1])).toBe(true);
        },
      });
    }
    // Every value format: written and read back as written.
    for (const k of names.keys.filter((x) => x.db.name === 'formats')) {
      const op = keyOps(names, k);
      const w = sampleWrite(k.key);
      plan.push({
        what: `${mode} ${k.key.id}`,
        case: { package: packageName(synthetic), mode, env: {}, ops: [op(w.write[0], w.write[1]), op(w.read)] },
        judge: (out) => expect(okOf(out[1]!), `${mode} ${k.key.id}`).toEqual(w.expected(okOf(out[1]!))),
      });
    }
  }
  // Every WEPPcloud key pattern, sync then asyncio (the asyncio write lands last).
  const wnames = new ClientNames(weppcloud);
  for (const mode of ['sync', 'async'] as Mode[])
    for (const k of wnames.keys) {
      const op = keyOps(wnames, k);
      const w = sampleWrite(k.key);
      const ops = [op('delete'), op(w.write[0], w.write[1]), op(w.read), op('pttl')];
      plan.push({
        what: `weppcloud ${mode} ${k.key.id}`,
        case: { package: 'weppcloud_keyspace', mode, env: {}, ops },
        judge: (out) => {
          expect(okOf(out[2]!), `${mode} ${k.key.id}`).toEqual(w.expected(okOf(out[2]!)));
          const status =
            k.key.type === 'hash'
              ? ((w.write[1][0] as Record<string, unknown>)[(k.key.ttl as { field?: string }).field ?? ''] as string | undefined)
              : undefined;
          expectWritten(okOf(out[3]!), k.key.ttl, {}, status, `${mode} ${k.key.id}`);
        },
      });
    }

  // Then SCAN every pattern, sync and asyncio: each finds its own key and only keys of its pattern.
  for (const mode of ['sync', 'async'] as Mode[]) {
    const ops = wnames.keys.map((k) => keyOps(wnames, k)('scan'));
    plan.push({
      what: `weppcloud ${mode} scan_<key>() of every pattern`,
      case: { package: 'weppcloud_keyspace', mode, env: {}, ops },
      judge: (out) =>
        wnames.keys.forEach((k, i) => {
          const keys = okOf(out[i]!) as string[];
          const mine = buildFromPattern(k.key.pattern, sampleParams(k.key.pattern));
          expect(keys, `${mode} ${k.key.id}`).toContain(mine);
          const compiled = parseKeyOf(k.db.index);
          for (const key of keys) expect(compiled(key), `${k.key.id}: ${key}`).toBe(k.key.id);
        }),
    });
  }

  function okOf(o: Outcome): unknown {
    if ('error' in o) throw new Error(o.error);
    return o.ok;
  }

  beforeAll(async () => {
    s = await startWeppcloudRedis();
    dir = mkdtempSync(join(tmpdir(), 'keyspec-py-written-'));
    writeOutput(dir, generateFiles(synthetic, { specPath: 'parity.yaml', outDir: 'x', target: 'python' }));
    cpSync(join(root, 'generated', 'weppcloud', 'python', 'weppcloud_keyspace'), join(dir, 'weppcloud_keyspace'), { recursive: true });
    const started = Date.now();
    const r = runPython(toolchain!, readFileSync(join(root, 'testing', 'python', 'ops_driver.py'), 'utf8'), {
      pythonPath: dir,
      input: JSON.stringify({ url: s.url, cases: plan.map((p) => p.case) }),
      timeoutMs: 300_000,
    });
    if (r.status !== 0) throw new Error(`ops driver failed (${r.status}): ${r.stderr}`);
    results = JSON.parse(r.stdout) as Outcome[][];
    const ops = plan.reduce((n, p) => n + p.case.ops.length, 0);
    console.log(`python writes: ${plan.length} cases, ${ops} operations in one process, ${Date.now() - started} ms`);
  }, 300_000);
  afterAll(async () => {
    await s?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('covers every TTL policy kind, sync and asyncio', () => {
    const kinds = new Set(ttlKeys.map((k) => k.key.ttl.kind));
    expect([...kinds].sort()).toEqual(['any', 'bounded', 'byField', 'exact', 'none']);
    expect(results).toHaveLength(plan.length);
  });

  it.each(plan.map((p, i) => [p.what, i] as const))('%s', (_what, i) => {
    plan[i]!.judge(results[i]!);
  });

  it('leaves a WEPPcloud keyspace keyspec check finds nothing in', async () => {
    const res = await runCheck({ spec: join(root, 'spec', 'weppcloud.yaml'), url: s.url, env: {}, sampleRate: 1 });
    expect(res.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(res.summary.keys.matched).toBeGreaterThanOrEqual(wnames.keys.length);
  }, 60_000);

  it('honours ttl_overrides, and refuses a client that decodes responses (sync and asyncio)', () => {
    const script = `
import asyncio, json, redis, redis.asyncio
from weppcloud_keyspace import AsyncKeyspace, Keyspace, KeyspecConnectionError, jsonpickle_class, pickle_dumps, pickle_loads
url = ${JSON.stringify(s.url)}
out = {}
session = Keyspace(env={"REDIS_URL": url}).session.flask_session("0f8fad5b-d9cb-469f-a165-70867728950e")
session.set(pickle_dumps({"_permanent": True, "user": "ok"}))
stored = session.get()
out["session"] = pickle_loads(stored) if stored is not None else None
out["jsonpickle"] = jsonpickle_class('{"py/object": "wepppy.nodb.core.wepp.Wepp"}')
ks = Keyspace(env={"REDIS_URL": url}, ttl_overrides={"readme.editor_lock": 60})
lock = ks.readme.editor_lock("busy-beaver", "ttl-override")
lock.set("0" * 32)
out["override_ms"] = lock.pttl()
for name, make in (("sync", lambda: Keyspace({"lock": redis.Redis.from_url(url, decode_responses=True)})),
                   ("async", lambda: AsyncKeyspace({"lock": redis.asyncio.Redis.from_url(url, decode_responses=True)}))):
    try:
        make()
        out[name] = "accepted"
    except KeyspecConnectionError as e:
        out[name] = str(e)
async def given():
    client = redis.asyncio.Redis.from_url(url)
    ks = AsyncKeyspace({"log_level": client})
    await ks.log_level.loglevel("busy-beaver").set("30")
    await ks.close()
    value = await client.get("loglevel:busy-beaver")
    await client.close()
    return value.decode()
out["given_client"] = asyncio.run(given())
print(json.dumps(out))
`;
    const r = runPython(toolchain!, script, { pythonPath: dir });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(out.override_ms).toBeGreaterThan(58_000);
    expect(out.override_ms).toBeLessThanOrEqual(60_000);
    for (const mode of ['sync', 'async']) expect(out[mode]).toMatch(/decode_responses=True; the keyspace needs bytes replies/);
    // A client passed in stays usable after the keyspace closes (close() closes only what the keyspace opened).
    expect(out.given_client).toBe('30');
    // The pickle helpers: a session written with pickle_dumps reads back with pickle_loads.
    expect(out.session).toEqual({ _permanent: true, user: 'ok' });
    expect(out.jsonpickle).toBe('wepppy.nodb.core.wepp.Wepp');
  });
});
