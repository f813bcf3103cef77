/**
 * The cases the runtime parity tests share (generator/parity/ for the TypeScript runtime, generator/python/
 * for the Python one): stored texts and bytes, typed values, JSON Schema instances, placeholder values and
 * candidate names, TTL env overrides and field values, connection env scenarios.
 */
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { exampleFor, type Pattern, type PlaceholderType, type TtlPolicy, type ValueFormat } from '../../spec/index.ts';
import { sampleJson, SAMPLE_PICKLE, sampleValue } from './samples.ts';

export const TEXTS = [
  '',
  ' ',
  'sample text',
  '0',
  '7',
  '-3',
  '007',
  '+7',
  '1.5',
  '-1.5',
  '.5',
  '1e5',
  '1e+21',
  'inf',
  '+inf',
  '-inf',
  'Infinity',
  'NaN',
  '1732579200',
  '1732579200.5',
  '17325792001234',
  '123456789012345',
  '-1732579200',
  '2025-09-22T18:03:11.123456Z',
  '2025-09-22 18:03',
  '2025-09-22T18:03:11+02:00',
  '2025-13-45T99:99Z',
  '2025-02-30T10:00',
  'true',
  'false',
  '1',
  'queued',
  'started',
  'a.b',
  'aXb',
  'red',
  'blue-ish',
  '0f8fad5b-d9cb-469f-a165-70867728950e',
  '0F8FAD5B-D9CB-469F-A165-70867728950E',
  '0f8fad5bd9cb469fa16570867728950e',
  'AB-12',
  'ab-12',
  'ab-1',
  '6379',
  '65536',
  'job:6379:red',
  'job:0:red',
  'job:80:pink',
  '{}',
  '[]',
  '[1,2]',
  '["a"]',
  'null',
  '"str"',
  '{"py/object": "rq.job.Job"}',
  '{"py/object": "other.Thing"}',
  'not json',
  '{"id":"ab","n":3}',
  '{"id":"a","n":3}',
  '{"id":"ab","n":10}',
  '{"id":"ab","n":3,"extra":1}',
  '{"id":"ab"}',
  '{"id":"ab","n":3,"tags":["x","y","z"]}',
  '{"id":"ab","n":3,"kind":"c"}',
  '{"id":"ab","n":3,"v":null,"c":{"x":1},"any":true}',
  '{"id":"ab","n":3,"c":{"x":2}}',
  '{"id":"ab","n":1.5}',
  'rq:queue:default',
  'rq:queue:nope',
  'x'.repeat(300),
];
export const BYTES = [
  SAMPLE_PICKLE,
  deflateSync(SAMPLE_PICKLE),
  Buffer.from([0, 1, 2, 255]),
  Buffer.from([0x80, 0x2e]),
  Buffer.from([0x78, 0x9c]),
];

export function storedCases(f: ValueFormat): Buffer[] {
  const out: Buffer[] = [...TEXTS.map((t) => Buffer.from(t)), ...BYTES];
  const sample = sampleValue(f);
  if (Buffer.isBuffer(sample)) out.push(sample);
  else if (typeof sample === 'string') out.push(Buffer.from(sample));
  else if (typeof sample === 'number' || typeof sample === 'boolean') out.push(Buffer.from(String(sample)));
  else out.push(Buffer.from(JSON.stringify(sample)));
  if (f.kind === 'enum') out.push(...f.values.map((v) => Buffer.from(v)));
  if (f.kind === 'json' && f.schema !== undefined) out.push(...schemaInstances(f.schema).map((v) => Buffer.from(JSON.stringify(v))));
  return out;
}

export const TYPED: unknown[] = [
  0,
  7,
  -1,
  1.5,
  1e21,
  2 ** 53 + 2,
  NaN,
  Infinity,
  -Infinity,
  1732579200,
  1732579200.25,
  1732579200123,
  true,
  false,
  null,
  undefined,
  'inf',
  ...TEXTS.slice(0, 40),
  { a: 1 },
  [1, 2],
  SAMPLE_PICKLE,
  deflateSync(SAMPLE_PICKLE),
  Buffer.from([1, 2]),
  () => 1,
  10n,
];

/** Instances around a schema: a valid sample, and for objects each required property missing or mistyped, an extra one. */
export function schemaInstances(schema: unknown): unknown[] {
  const sample = sampleJson(schema);
  const out: unknown[] = [sample, null, 1, 1.5, 'x', true, [], {}, [1], ['a']];
  const s = schema as Record<string, unknown>;
  if (sample && typeof sample === 'object' && !Array.isArray(sample)) {
    const o = sample as Record<string, unknown>;
    for (const k of Object.keys(o)) {
      const { [k]: _gone, ...rest } = o;
      out.push(rest);
      for (const bad of [null, 1, 1.5, -1, 'x', '', true, [], {}, ['a', 'b', 'c']]) out.push({ ...o, [k]: bad });
    }
    for (const k of Object.keys((s.properties ?? {}) as object))
      out.push({ ...o, [k]: sampleJson((s.properties as Record<string, unknown>)[k]) });
    out.push({ ...o, zz_extra: 1 });
  }
  if (Array.isArray(sample)) out.push([...sample, null], [...sample, 1], [...sample, 'x']);
  return out;
}

export const BAD_VALUES: unknown[] = ['', 'a:b', 'with space', -1, 0, 1.5, 99999999, 'ZZ', '../x', undefined, null, true, {}];

export function valuesFor(t: PlaceholderType): unknown[] {
  const good = exampleFor(t);
  return [good, t.kind === 'integer' ? Number(good) : good, ...(t.values ?? []), ...(t.except ?? []), ...t.examples, ...BAD_VALUES];
}

export function candidates(p: Pattern, examples: string[], built: string): string[] {
  const out = new Set([built, ...examples, '', `${built}x`, `x${built}`, built.slice(0, -1), built.toUpperCase(), `${built}:extra`]);
  for (const e of examples) out.add(`${e}:`).add(e.replace(/[0-9]/g, '9')).add(e.replace(/-/g, '_'));
  out.add(p.text);
  return [...out];
}

export const RAW_ENV = [undefined, '', '   ', '60', ' 60 ', '60\n', '0', '-5', '1.5', 'abc', '1e3', '007', '99999999999999999999'];

export function envNames(p: TtlPolicy): string[] {
  if (p.kind === 'exact' || p.kind === 'bounded') return p.env !== undefined ? [p.env] : [];
  if (p.kind === 'byField') return [...p.cases.flatMap((c) => envNames(c.ttl)), ...(p.default ? envNames(p.default) : [])];
  return [];
}

export function fieldValues(p: TtlPolicy): (string | undefined)[] {
  return p.kind === 'byField' ? [...new Set(p.cases.flatMap((c) => c.values)), 'not-a-case-value', undefined] : [undefined];
}

export type Env = Record<string, string | undefined>;

/** Env scenarios for a connection: each rule on its own and the precedence between them. */
export function connectionScenarios(
  conn: {
    url: string[];
    host?: string;
    port?: string;
    passwordFile?: string;
    password?: string;
    db?: { env?: string };
  },
  pwFile: string,
  dir: string,
): [string, Env][] {
  const out: [string, Env][] = [['nothing set', {}]];
  conn.url.forEach((name, i) => {
    out.push([`${name} only`, { [name]: `redis://u${i}.example:63${i}0/5?family=4` }]);
    out.push([`${name} empty`, { [name]: '' }]);
    if (i > 0) out.push([`${conn.url[0]} before ${name}`, { [conn.url[0]!]: 'redis://first:1/0', [name]: 'redis://second:2/0' }]);
  });
  const url = conn.url[0];
  if (url) {
    out.push(['URL with credentials', { [url]: 'rediss://user:p%40ss@host:6380/1' }]);
    out.push(['URL not a URL', { [url]: 'not a url' }]);
    out.push(['URL of another scheme', { [url]: 'http://x:1' }]);
  }
  if (conn.host) out.push(['host', { [conn.host]: 'redis.internal' }], ['IPv6 host', { [conn.host]: '::1' }]);
  if (conn.port) out.push(['port', { [conn.port]: '6390' }], ['bad port', { [conn.port]: '70000' }], ['port text', { [conn.port]: 'x' }]);
  if (conn.password) {
    out.push(['password', { [conn.password]: 'pw d' }]);
    if (url) out.push(['URL credentials win over password', { [url]: 'redis://:urlpw@h:1', [conn.password]: 'pw' }]);
  }
  if (conn.passwordFile) {
    out.push(['password file', { [conn.passwordFile]: pwFile }]);
    out.push(['unreadable password file', { [conn.passwordFile]: join(dir, 'missing') }]);
    if (conn.password) out.push(['password file wins over password', { [conn.passwordFile]: pwFile, [conn.password]: 'pw' }]);
  }
  if (conn.db?.env)
    out.push(['db env', { [conn.db.env]: '5' }], ['db env blank', { [conn.db.env]: '' }], ['db env text', { [conn.db.env]: 'x' }]);
  return out;
}
