/**
 * Shared cases for the runtime parity tests (generator/parity/): the shipped specs, a synthetic spec with
 * every value format and TTL policy kind, and the runtime descriptors of a model key built the way the
 * generator builds them (descriptor-values.ts), as plain data.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  fieldRef,
  fieldsOf,
  loadSpec,
  matchOrder,
  nodeHost,
  type KeyPattern,
  type Pattern,
  type Spec,
  type ValueFormat,
} from '../../spec/index.ts';
import { enumRegex } from '../../spec/language/placeholder-types.ts';
import { codecCode, partsCode, placeholderCode, ttlCode } from '../../generator/client/descriptor-values.ts';
import type { CodecDesc, FieldDesc, KeyDesc, PartDesc, TtlDesc } from '../../generator/runtime/descriptor-types.ts';

const root = join(import.meta.dirname, '..', '..');

function load(file: string): Spec {
  const res = loadSpec(file, nodeHost(root));
  const errors = res.diagnostics.filter((d) => d.severity === 'error');
  if (!res.spec || errors.length) throw new Error(`${file}: ${errors.map((d) => d.message).join('; ')}`);
  return res.spec;
}

/** The shipped specs: WEPPcloud (with its imports) and the library specs on their own. */
export function shippedSpecs(): { name: string; spec: Spec }[] {
  return [
    'spec/weppcloud.yaml',
    'spec/lib/rq.yaml',
    'spec/lib/flask-session.yaml',
    'spec/lib/bullmq.yaml',
    'testing/fixtures/bullmq/two-prefixes.yaml',
  ].map((f) => ({ name: f, spec: load(join(root, f)) }));
}

/** Every key pattern of a spec: its databases' keys and a library's own keys (database 0 for those). */
export function keysOf(spec: Spec): KeyPattern[] {
  return [...spec.databases.flatMap((d) => d.keys), ...spec.libraryKeys.map((k) => ({ ...k, db: 0 }) as KeyPattern)];
}

/** Every value format of a spec (values, members, scores, fields, messages), with where it is. */
export function formatsOf(spec: Spec): { where: string; format: ValueFormat }[] {
  const out: { where: string; format: ValueFormat }[] = [];
  for (const k of keysOf(spec)) {
    if (k.type === 'string' && k.value) out.push({ where: `${k.id} value`, format: k.value });
    if ((k.type === 'list' || k.type === 'set' || k.type === 'zset') && k.member) out.push({ where: `${k.id} member`, format: k.member });
    if (k.type === 'zset' && k.score) out.push({ where: `${k.id} score`, format: k.score });
    for (const f of fieldsOf(k)) out.push({ where: `${k.id} field ${f.pattern.text}`, format: f.value });
  }
  for (const c of spec.channels) for (const m of c.messages) out.push({ where: `channel ${c.name} ${m.name}`, format: m.format });
  return out;
}

/** Code values hold no refs when placeholders are inlined, so they are the descriptors as data. */
export function partsOf(p: Pattern): PartDesc[] {
  return partsCode(p, (name, t) => placeholderCode(name, t, enumRegex)) as unknown as PartDesc[];
}
export function codecOf(f: ValueFormat): CodecDesc {
  return strip(codecCode(f)) as CodecDesc;
}
export function ttlOf(key: KeyPattern): TtlDesc {
  return strip(ttlCode(key.ttl)) as TtlDesc;
}
export function keyDescOf(key: KeyPattern, db: number): KeyDesc {
  const fields: FieldDesc[] = matchOrder(fieldsOf(key), fieldRef).map((f) => ({ parts: partsOf(f.pattern), codec: codecOf(f.value) }));
  return {
    id: key.id,
    db,
    type: key.type,
    parts: partsOf(key.pattern),
    ttl: ttlOf(key),
    ...(key.type === 'string' ? { value: codecOf(key.value ?? { kind: 'raw' }) } : {}),
    ...(key.type === 'hash' || key.type === 'stream' ? { fields } : {}),
    ...(key.type === 'list' || key.type === 'set' || key.type === 'zset' ? { member: codecOf(key.member ?? { kind: 'raw' }) } : {}),
    ...(key.type === 'zset' ? { score: codecOf(key.score ?? { kind: 'float' }) } : {}),
  };
}

/** Drops undefined members, as the emitted code leaves them out. */
function strip(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(strip);
  if (v && typeof v === 'object' && !Buffer.isBuffer(v))
    return Object.fromEntries(Object.entries(v).flatMap(([k, x]) => (x === undefined ? [] : [[k, strip(x)]])));
  return v;
}

/** A spec with a key for every value format kind and every TTL policy kind of the language. */
export const SYNTHETIC_YAML = `keyspec: 1
name: parity
env:
  EXACT_TTL: { description: overrides exact }
  RANGE_TTL: { description: overrides bounded }
types:
  port: { integer: { min: 1, max: 65535 }, examples: ['6379'] }
  color: { enum: [red, green, blue-ish] }
  slug: { regex: '[a-z][a-z0-9-]*', examples: [ab-1] }
databases:
  - index: 0
    name: formats
    keys:
      - { name: raw, pattern: 'f:raw', type: string, value: raw }
      - { name: integer, pattern: 'f:integer', type: string, value: integer }
      - { name: integer_range, pattern: 'f:integer_range', type: string, value: { integer: { min: -5, max: 10 } } }
      - { name: float, pattern: 'f:float', type: string, value: float }
      - { name: epoch_s, pattern: 'f:epoch_s', type: string, value: epochSeconds }
      - { name: epoch_ms, pattern: 'f:epoch_ms', type: string, value: epochMillis }
      - { name: iso, pattern: 'f:iso', type: string, value: isoDatetime }
      - { name: boolean, pattern: 'f:boolean', type: string, value: boolean }
      - { name: boolean10, pattern: 'f:boolean10', type: string, value: { boolean: { true: '1', false: '0' } } }
      - { name: enum, pattern: 'f:enum', type: string, value: { enum: [queued, started, 'a.b'] } }
      - { name: json, pattern: 'f:json', type: string, value: json }
      - name: json_schema
        pattern: 'f:json_schema'
        type: string
        value:
          json:
            schema:
              type: object
              required: [id, n]
              additionalProperties: false
              properties:
                id: { type: string, pattern: '^[a-z]+$', minLength: 2 }
                n: { type: integer, minimum: 0, maximum: 9 }
                tags: { type: array, items: { type: string }, maxItems: 2 }
                kind: { enum: [a, b] }
                v: { type: [number, 'null'] }
                c: { const: { x: 1 } }
                any: { anyOf: [{ type: string }, { type: boolean }] }
      - { name: jsonpickle, pattern: 'f:jsonpickle', type: string, value: jsonpickle }
      - { name: jsonpickle_py, pattern: 'f:jsonpickle_py', type: string, value: { jsonpickle: { pyObject: rq.job. } } }
      - { name: pickle, pattern: 'f:pickle', type: string, value: pickle }
      - { name: pickle_zlib, pattern: 'f:pickle_zlib', type: string, value: { pickle: { compression: zlib } } }
      - { name: bytes, pattern: 'f:bytes', type: string, value: bytes }
      - { name: uuid, pattern: 'f:uuid', type: string, value: uuid }
      - { name: hex32, pattern: 'f:hex32', type: string, value: hex32 }
      - { name: regex, pattern: 'f:regex', type: string, value: { regex: '[A-Z]{2}-[0-9]+' } }
      - { name: type_port, pattern: 'f:type_port', type: string, value: { type: port } }
      - { name: type_color, pattern: 'f:type_color', type: string, value: { type: color } }
      - { name: type_slug, pattern: 'f:type_slug', type: string, value: { type: slug } }
      - { name: type_uint, pattern: 'f:type_uint', type: string, value: { type: uint } }
      - { name: template, pattern: 'f:template', type: string, value: { template: 'job:{p:port}:{c:color}' } }
      - { name: text, pattern: 'f:text', type: string, value: text }
      - { name: empty, pattern: 'f:empty', type: string, value: empty }
      - { name: any_of, pattern: 'f:any_of', type: string, value: { anyOf: [epochSeconds, { regex: '[+]?inf' }, empty] } }
      - name: encoded
        pattern: 'f:encoded'
        type: string
        value: { encoded: { multiplier: 4096, high: { name: due, format: epochMillis }, low: { name: counter, format: { integer: { min: 0, max: 4095 } } } } }
      - { name: encoded_default, pattern: 'f:encoded_default', type: string, value: { encoded: { multiplier: 100 } } }
      - { name: ref_target, pattern: 'f:target:{n:uint}', type: string }
      - { name: ref, pattern: 'f:ref', type: string, value: { ref: ref_target } }
      - { name: ref_whole, pattern: 'f:ref_whole', type: string, value: { ref: { key: ref_target, whole: true } } }
  - index: 1
    name: ttls
    keys:
      - { name: none, pattern: 't:none', type: string, ttl: none }
      - { name: any, pattern: 't:any', type: string, ttl: any }
      - { name: exact, pattern: 't:exact', type: string, ttl: 30m }
      - { name: exact_read, pattern: 't:exact_read', type: string, ttl: { seconds: 600, refresh: read } }
      - { name: exact_env, pattern: 't:exact_env', type: string, ttl: { seconds: 300, env: EXACT_TTL } }
      - { name: bounded, pattern: 't:bounded', type: string, ttl: { max: 900 } }
      - { name: bounded_min, pattern: 't:bounded_min', type: string, ttl: { min: 420, max: 480 } }
      - { name: bounded_env, pattern: 't:bounded_env', type: string, ttl: { min: 60, max: 480, env: RANGE_TTL } }
      - { name: optional, pattern: 't:optional', type: string, ttl: { max: 259200, optional: true } }
      - { name: optional_read, pattern: 't:optional_read', type: string, ttl: { max: 3600, optional: true, refresh: read } }
      - name: by_field
        pattern: 't:by_field'
        type: hash
        fields: [{ name: status, value: { enum: [queued, started, finished, failed, other] } }]
        ttl:
          field: status
          cases:
            - { when: [queued], ttl: none }
            - { when: [started], ttl: any }
            - { when: [finished], ttl: { max: 500 } }
            - { when: [failed], ttl: { seconds: 120, env: EXACT_TTL } }
          default: 60
      - name: by_field_no_default
        pattern: 't:by_field_no_default'
        type: hash
        fields: [{ name: status, value: { enum: [queued, finished, other] } }]
        ttl: { field: status, cases: [{ when: [queued, finished], ttl: 1h }, { when: [other], ttl: none }] }
  - index: 2
    name: shadowing
    keys:
      - { name: any_run, pattern: 'r:{name:segment}', type: string }
      - { name: batch_run, pattern: 'r:batch;;{name:segment}', type: string, shadows: [any_run] }
      - { name: batch_special, pattern: 'r:batch;;special', type: string, shadows: [batch_run, any_run] }
      - { name: latest, pattern: 'r:latest', type: string, shadows: [any_run] }
      - { name: other, pattern: 'o:{n:uint}', type: string, examples: ['o:1'] }
`;

let synthetic: Spec | undefined;
/** The synthetic spec, loaded (and validated) once. */
export function syntheticSpec(): Spec {
  if (!synthetic) {
    const dir = mkdtempSync(join(tmpdir(), 'keyspec-parity-'));
    writeFileSync(join(dir, 'parity.yaml'), SYNTHETIC_YAML);
    synthetic = load(join(dir, 'parity.yaml'));
  }
  return synthetic;
}
