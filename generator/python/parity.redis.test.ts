/**
 * Parity of the generated Python package with the TypeScript client and `keyspec check`, on the shared
 * parity cases (testing/model/parity-cases.ts) fed to one Python process (testing/python/parity_driver.py):
 * stored values are accepted as check accepts them; typed values the TypeScript client rejects are rejected
 * and the ones it writes are written as the same bytes; names build and parse alike; TTL writes and
 * connection resolution agree; and the emitted descriptors.py holds the TypeScript descriptors of the model.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter } from 'node:path';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildFromPattern,
  exampleFor,
  fieldsOf,
  judgeValue,
  loadSpec,
  nodeHost,
  resolveConnection,
  type Channel,
  type Pattern,
  type Spec,
  type TtlPolicy,
  type ValueFormat,
} from '../../spec/index.ts';
import { encodeValue } from '../runtime/codecs.ts';
import type { CodecDesc } from '../runtime/descriptor-types.ts';
import { buildName, parseName } from '../runtime/names.ts';
import { envTtlSeconds, resolveTtl, ttlActionOf } from '../runtime/ttl.ts';
import { codecOf, formatsOf, keyDescOf, keysOf, partsOf, shippedSpecs, syntheticSpec, ttlOf } from '../../testing/model/parity.ts';
import {
  candidates,
  connectionScenarios,
  envNames,
  fieldValues,
  RAW_ENV,
  storedCases,
  TYPED,
  valuesFor,
} from '../../testing/model/parity-cases.ts';
import { sampleValue } from '../../testing/model/samples.ts';
import { pythonToolchain, runPython } from '../../testing/python/toolchain.ts';
import { databasesCode } from '../client/connections.ts';
import { ttlCode } from '../client/descriptor-values.ts';
import { generateFiles } from '../generate.ts';
import { writeOutput } from '../write-output.ts';
import { packageName } from './package.ts';
import type { TtlDesc } from '../runtime/descriptor-types.ts';

/** A TTL policy as its descriptor (undefined members left out, as ttlOf does for a key's). */
function strippedTtl(t: TtlPolicy): TtlDesc {
  return JSON.parse(JSON.stringify(ttlCode(t))) as TtlDesc;
}

const root = join(import.meta.dirname, '..', '..');
const { toolchain, reason } = pythonToolchain();
if (reason) console.warn(reason);

/** A value as JSON, with what JSON cannot carry tagged (bytes, non-finite numbers, functions and BigInts). */
function tag(v: unknown): unknown {
  if (Buffer.isBuffer(v)) return { $bytes: v.toString('hex') };
  if (typeof v === 'number' && !Number.isFinite(v)) return { $num: String(v) };
  if (typeof v === 'function' || typeof v === 'bigint' || v === undefined) return { $opaque: true };
  if (Array.isArray(v)) return v.map(tag);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, tag(x)]));
  return v;
}

const jsonCodec = (c: CodecDesc): boolean => c.kind === 'json' || (c.kind === 'union' && c.of.some(jsonCodec));

type Outcome = { ok: unknown } | { error: unknown };
const ok = (f: () => unknown): Outcome => {
  try {
    return { ok: f() };
  } catch (e) {
    return { error: (e as Error).message };
  }
};

/** The fixtures of the constructs of language 1.1: field TTLs, logical types, encoded scores, entry cases. */
const constructSpecs = ['testing/fixtures/redis8-app.yaml', 'testing/fixtures/queue-constructs/queue-app.yaml'].map((f) => {
  const loaded = loadSpec(join(root, f), nodeHost(root));
  if (!loaded.spec) throw new Error(`${f}: ${loaded.diagnostics.map((d) => d.message).join('; ')}`);
  return { name: f, spec: loaded.spec };
});
const specs = [...shippedSpecs(), ...constructSpecs, { name: 'synthetic', spec: syntheticSpec() }];
const formats = specs.flatMap(({ name, spec }) => formatsOf(spec).map((f) => ({ ...f, where: `${name} ${f.where}` })));

/** Typed values around an encoded number: its parts in and out of their ranges, mistyped, missing. */
function encodedTyped(f: ValueFormat): unknown[] {
  const e = (f.kind === 'ref' ? f.format : f) as ValueFormat;
  if (e.kind !== 'encoded') return [];
  const [hi, lo] = [e.high.name, e.low.name];
  const parts = [0, 1, -1, 1.5, e.multiplier - 1, e.multiplier, 1_764_000_000_000, 2 ** 53, 'x', null, undefined];
  const out: unknown[] = [{}, { [hi]: 1 }, { [lo]: 1 }];
  for (const h of parts) for (const l of parts) out.push({ [hi]: h, [lo]: l });
  return out;
}

const codecCases = formats.map((f) => {
  const typed = [...TYPED, sampleValue(f.format), ...encodedTyped(f.format)];
  return { where: f.where, format: f.format, codec: codecOf(f.format), stored: storedCases(f.format), typed };
});

const patterns = specs.flatMap(({ name, spec }) => {
  const out: { where: string; pattern: Pattern; examples: string[] }[] = [];
  for (const k of keysOf(spec)) {
    out.push({ where: `${name} ${k.id}`, pattern: k.pattern, examples: k.examples });
    for (const f of fieldsOf(k)) out.push({ where: `${name} ${k.id} field ${f.pattern.text}`, pattern: f.pattern, examples: f.examples });
  }
  for (const c of spec.channels) out.push({ where: `${name} channel ${c.name}`, pattern: c.pattern, examples: c.examples });
  return out;
});
const nameCases = patterns.map(({ where, pattern, examples }) => {
  const placeholders = pattern.parts.flatMap((p) => (p.kind === 'placeholder' ? [p] : []));
  const base = Object.fromEntries(placeholders.map((p) => [p.name, exampleFor(p.type)]));
  const builds: Record<string, unknown>[] = [base];
  for (const p of placeholders) for (const v of valuesFor(p.type)) builds.push({ ...base, [p.name]: v });
  const parses = candidates(pattern, examples, buildFromPattern(pattern, base));
  return { where, parts: partsOf(pattern), builds, parses };
});

const ttlCases = specs.flatMap(({ name, spec }) =>
  keysOf(spec).flatMap((key) => {
    const envs: Record<string, string | undefined>[] = [{}];
    for (const n of envNames(key.ttl)) for (const raw of RAW_ENV) envs.push({ [n]: raw });
    const runs = envs.flatMap((env) => fieldValues(key.ttl).map((value) => ({ env, value })));
    // A hash field's own TTL (HEXPIRE seconds): the TypeScript client's ttlActionOf(ttl, ttl, undefined, env).
    const fieldTtls = fieldsOf(key).flatMap((f) =>
      f.ttl
        ? [{ where: `${name} ${key.id} field ${f.pattern.text} ttl`, ttl: strippedTtl(f.ttl), runs: [{ env: {}, value: undefined }] }]
        : [],
    );
    return [{ where: `${name} ${key.id}`, ttl: ttlOf(key), runs }, ...fieldTtls];
  }),
);

const dir = mkdtempSync(join(tmpdir(), 'keyspec-py-parity-'));
const pwFile = join(dir, 'password');
const PASSWORD_TEXT = '  s3cret/with:chars  \n';
writeFileSync(pwFile, PASSWORD_TEXT);
const readFile = (p: string): string => {
  if (p === pwFile) return PASSWORD_TEXT;
  throw new Error(`ENOENT: ${p}`);
};
const connectionCases = shippedSpecs().flatMap(({ name, spec }) => {
  const defaults = spec.env.map((e) => ({ name: e.name, ...(e.default !== undefined ? { default: e.default } : {}) }));
  return (spec.connections.length ? spec.connections : [undefined]).flatMap((conn) => {
    const dbs = spec.databases.filter((d) => (d.connection ?? spec.connections[0]?.name) === conn?.name);
    const rule = conn ? (({ description: _d, ...r }) => r)(conn) : undefined;
    return connectionScenarios(conn ?? { url: [] }, pwFile, dir).flatMap(([what, env]) =>
      (dbs.length ? dbs : [{ index: 0 }]).map((db) => ({
        where: `${name} ${conn?.name ?? '(none)'} ${what} db ${db.index}`,
        conn: rule,
        db: db.index,
        env,
        defaults,
      })),
    );
  });
});

/** A channel's descriptor as the TypeScript client's descriptors.ts declares it (client/descriptors-file.ts). */
function channelDesc(c: Channel): object {
  const messages = c.messages.map((m) => {
    if (m.format.kind === 'template') return { name: m.name, kind: 'template', parts: partsOf(m.format.pattern) };
    if (m.format.kind === 'json')
      return { name: m.name, kind: 'json', ...(m.format.schema !== undefined ? { codec: codecOf(m.format) } : {}) };
    if (m.format.kind === 'regex') return { name: m.name, kind: 'regex', regex: m.format.regex };
    const plain = m.format.kind === 'raw' || m.format.kind === 'text';
    return { name: m.name, kind: 'text', ...(plain ? {} : { codec: codecOf(m.format) }) };
  });
  return { name: c.name, parts: partsOf(c.pattern), messages };
}

const weppcloud = shippedSpecs()[0]!.spec;
const expectedDescriptors = {
  keys: Object.fromEntries(
    weppcloud.databases.flatMap((d) =>
      d.keys.map((k) => {
        // Literal fields every whole record carries (HashKey.write, StreamKey.add), as descriptors-file.ts emits them.
        const required = fieldsOf(k)
          .filter((f) => f.literal && f.required)
          .map((f) => f.name);
        return [k.id, { ...keyDescOf(k, d.index), ...(required.length ? { required } : {}) }];
      }),
    ),
  ),
  channels: Object.fromEntries(weppcloud.channels.map((c) => [c.name, channelDesc(c)])),
  databases: JSON.parse(JSON.stringify(databasesCode(weppcloud))) as Record<string, object>,
};

/**
 * The key and channel descriptors of the TypeScript client generated from a spec (its descriptors.ts, which
 * imports types only, loaded as a module), and the Python package generated from it, in `dir`.
 */
async function constructDescriptors(spec: Spec, i: number): Promise<{ package: string; keys: object; channels: object }> {
  const tsDir = join(dir, `ts-${i}`);
  writeOutput(tsDir, generateFiles(spec, { specPath: `${spec.name}.yaml`, outDir: 'x' }));
  writeOutput(join(dir, `py-${i}`), generateFiles(spec, { specPath: `${spec.name}.yaml`, outDir: 'x', target: 'python' }));
  const mod = (await import(join(tsDir, 'descriptors.ts'))) as Record<string, unknown>;
  const keys: Record<string, unknown> = {};
  const channels: Record<string, unknown> = {};
  for (const v of Object.values(mod)) {
    if (!v || typeof v !== 'object' || !('parts' in v)) continue;
    if ('id' in v && 'ttl' in v) keys[(v as { id: string }).id] = v;
    else if ('messages' in v && 'name' in v) channels[String(v.name)] = v;
  }
  return { package: packageName(spec), ...(JSON.parse(JSON.stringify({ keys, channels })) as { keys: object; channels: object }) };
}

interface PyResult {
  codecs: { stored: boolean[]; typed: Outcome[]; roundtrip: (Outcome | null)[] }[];
  names: { built: Outcome[]; parsed: (Record<string, string | number> | null)[] }[];
  ttls: { results: Outcome[] }[];
  envTtl: Outcome[];
  connections: Outcome[];
  descriptors: {
    keys: Record<string, boolean>;
    channels: Record<string, boolean>;
    databases: Record<string, boolean>;
    env: object[];
    generatedKeys: string[];
  };
  constructDescriptors: { keys: Record<string, boolean>; channels: Record<string, boolean>; generatedKeys: string[] }[];
}

let py: PyResult;

describe.skipIf(!toolchain)('the generated Python package agrees with the TypeScript client and check', () => {
  let constructs: { package: string; keys: object; channels: object }[] = [];
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  beforeAll(async () => {
    constructs = await Promise.all(constructSpecs.map(({ spec }, i) => constructDescriptors(spec, i)));
    const request = {
      codecs: codecCases.map((c) => ({ codec: c.codec, stored: c.stored.map((b) => b.toString('hex')), typed: c.typed.map(tag) })),
      names: nameCases.map((c) => ({ parts: c.parts, builds: c.builds.map(tag), parses: c.parses })),
      ttls: ttlCases.map((c) => ({ ttl: c.ttl, runs: c.runs })),
      envTtl: RAW_ENV,
      connections: connectionCases,
      passwordFile: pwFile,
      passwordText: PASSWORD_TEXT,
      descriptors: expectedDescriptors,
      constructDescriptors: constructs,
    };
    const started = Date.now();
    const r = runPython(toolchain!, readFileSync(join(root, 'testing', 'python', 'parity_driver.py'), 'utf8'), {
      pythonPath: [join(root, 'generated', 'weppcloud', 'python'), ...constructs.map((_c, i) => join(dir, `py-${i}`))].join(delimiter),
      input: JSON.stringify(request),
    });
    if (r.status !== 0) throw new Error(`parity driver failed (${r.status}): ${r.stderr}`);
    py = JSON.parse(r.stdout) as PyResult;
    console.log(
      `python parity: ${codecCases.length} codecs, ${nameCases.length} patterns, ${ttlCases.length} TTL policies, ${connectionCases.length} connection cases in one process, ${Date.now() - started} ms`,
    );
  }, 120_000);

  it('accepts exactly the stored values check accepts, for every value format', () => {
    codecCases.forEach((c, i) => {
      c.stored.forEach((b, j) => {
        const check = judgeValue(c.format, b) === undefined;
        expect(py.codecs[i]!.stored[j], `${c.where}: ${JSON.stringify(b.toString('utf8').slice(0, 60))}`).toBe(check);
      });
    });
  });

  it('rejects the typed values the TypeScript client rejects, and writes the same bytes for the others', () => {
    let rejected = 0;
    let bufferAsJson = 0;
    codecCases.forEach((c, i) => {
      c.typed.forEach((v, j) => {
        const ts = ok(() => {
          const e = encodeValue(c.codec, v, 'parity');
          return (typeof e === 'string' ? Buffer.from(e) : e).toString('hex');
        });
        const p = py.codecs[i]!.typed[j]!;
        const what = `${c.where}: ${typeof v === 'bigint' ? `${v}n` : String(v)}`;
        // BigInts and functions have no Python twin: the tag is an opaque object, rejected by every codec.
        // One JS-ism is not copied: JSON.stringify writes a Buffer as {"type":"Buffer","data":[...]}; Python
        // refuses bytes for a JSON value. Everything else the TypeScript client writes, Python writes alike.
        if ('error' in p && 'ok' in ts && Buffer.isBuffer(v) && jsonCodec(c.codec)) {
          bufferAsJson++;
          return;
        }
        expect('ok' in p, `${what}: TypeScript ${JSON.stringify(ts)}, Python ${JSON.stringify(p)}`).toBe('ok' in ts);
        if ('ok' in p && 'ok' in ts) expect(p.ok, what).toBe(ts.ok);
        else rejected++;
      });
    });
    expect(rejected).toBeGreaterThan(100);
    expect(bufferAsJson).toBeLessThan(codecCases.length * 4);
  });

  it('encoded numbers: the parts the TypeScript client writes are written alike, the out-of-range ones rejected by both', () => {
    const encoded = codecCases.flatMap((c, i) => (c.codec.kind === 'encoded' ? [i] : []));
    expect(encoded.length).toBeGreaterThanOrEqual(2);
    let written = 0;
    let refused = 0;
    for (const i of encoded)
      for (const v of codecCases[i]!.typed.filter((x) => x && typeof x === 'object' && !Buffer.isBuffer(x) && !Array.isArray(x))) {
        const j = codecCases[i]!.typed.indexOf(v);
        const p = py.codecs[i]!.typed[j]!;
        if ('ok' in p) written++;
        else refused++;
      }
    expect(written).toBeGreaterThan(3);
    expect(refused).toBeGreaterThan(50);
  });

  it('writes back whatever check accepts (decode, then encode, is judged valid)', () => {
    codecCases.forEach((c, i) => {
      py.codecs[i]!.roundtrip.forEach((r, j) => {
        if (r === null) return;
        expect('ok' in r, `${c.where}: ${JSON.stringify(r)}`).toBe(true);
        if ('ok' in r) expect(judgeValue(c.format, Buffer.from(r.ok as string, 'hex')), `${c.where} #${j}`).toBeUndefined();
      });
    });
  });

  it('builds the same names from the same params, rejects the same params, and parses the same names', () => {
    nameCases.forEach((c, i) => {
      c.builds.forEach((params, j) => {
        const ts = ok(() => buildName(c.parts, params, 'parity'));
        const p = py.names[i]!.built[j]!;
        expect('ok' in p ? p.ok : 'rejected', `${c.where} ${JSON.stringify(params)}`).toBe('ok' in ts ? ts.ok : 'rejected');
      });
      c.parses.forEach((name, j) => {
        expect(py.names[i]!.parsed[j], `${c.where} ${JSON.stringify(name)}`).toEqual(parseName(c.parts, name));
      });
    });
  });

  it('applies the same TTL on every write (field values, env overrides and their errors)', () => {
    ttlCases.forEach((c, i) => {
      c.runs.forEach((run, j) => {
        const ts = ok(() => ttlActionOf(c.ttl, resolveTtl(c.ttl, run.value), undefined, run.env));
        const expected = 'ok' in ts ? { ok: typeof ts.ok === 'object' ? (ts.ok as { expire: number }).expire : ts.ok } : ts;
        expect(py.ttls[i]!.results[j], `${c.where} env ${JSON.stringify(run.env)} value ${run.value}`).toEqual(expected);
      });
    });
    RAW_ENV.forEach((raw, i) => expect(py.envTtl[i], JSON.stringify(raw)).toEqual(ok(() => envTtlSeconds('X', raw) ?? null)));
  });

  it('resolves every connection as the spec rule does (the one check and the TypeScript client use)', () => {
    connectionCases.forEach((c, i) => {
      const rule = ok(() => resolveConnection(c.conn, c.db, c.env, c.defaults, readFile));
      const p = py.connections[i]!;
      expect('ok' in p, `${c.where}: ${JSON.stringify(p)} vs ${JSON.stringify(rule)}`).toBe('ok' in rule);
      if ('ok' in p && 'ok' in rule) expect(p.ok, c.where).toEqual(rule.ok);
    });
  });

  it("emits the descriptors of the TypeScript client's descriptors.ts for field TTLs, logical types, sharded channels, encoded scores and entry cases", () => {
    constructs.forEach((c, i) => {
      const p = py.constructDescriptors[i]!;
      expect(
        Object.entries(p.keys).filter(([, same]) => !same),
        c.package,
      ).toEqual([]);
      expect(
        Object.entries(p.channels).filter(([, same]) => !same),
        c.package,
      ).toEqual([]);
      expect(p.generatedKeys, c.package).toEqual(Object.keys(c.keys).sort());
    });
    expect(Object.keys(constructs[0]!.channels)).toEqual(['room', 'lobby']);
  });

  it("emits descriptors.py from the model facts the TypeScript client's descriptors hold", () => {
    expect(Object.entries(py.descriptors.keys).filter(([, same]) => !same)).toEqual([]);
    expect(Object.entries(py.descriptors.channels).filter(([, same]) => !same)).toEqual([]);
    expect(Object.keys(py.descriptors.channels).length).toBe(weppcloud.channels.length);
    expect(Object.entries(py.descriptors.databases).filter(([, same]) => !same)).toEqual([]);
    expect(Object.keys(py.descriptors.databases).sort()).toEqual(weppcloud.databases.map((d) => d.name).sort());
    expect(py.descriptors.generatedKeys).toEqual(Object.keys(expectedDescriptors.keys).sort());
    expect(py.descriptors.env).toEqual(
      weppcloud.env.map((e) => ({ name: e.name, ...(e.default !== undefined ? { default: e.default } : {}) })),
    );
  });
});
