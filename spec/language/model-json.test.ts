/**
 * The model as JSON: byte-exact round trip, valid against the published spec/model.schema.json, and no
 * source text in it (positions only, in `origins`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { loadSpec, modelDocument, modelJson, nodeHost, originId, originOf } from '../index.ts';

const dir = join(import.meta.dirname, '..');
const schema = JSON.parse(readFileSync(join(dir, 'model.schema.json'), 'utf8')) as object;
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
addFormats(ajv);
const validate = ajv.compile(schema);

const specs = [
  'weppcloud.yaml',
  'lib/rq.yaml',
  'lib/flask-session.yaml',
  '../testing/fixtures/rq-app.yaml',
  '../examples/cluster/weppcloud-cluster.yaml',
  '../testing/fixtures/queue-constructs/queue-app.yaml',
  '../testing/fixtures/queue-constructs/queue-lib.yaml',
  '../testing/fixtures/redis8-app.yaml',
];

describe.each(specs)('model JSON of %s', (name) => {
  const path = join(dir, name);
  const result = loadSpec(path, nodeHost(dir));
  const spec = result.spec!;
  const out = modelJson(spec);

  it('builds without errors', () => {
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('round-trips byte for byte and losslessly', () => {
    expect(JSON.stringify(JSON.parse(out), null, 2)).toBe(out);
    // The model itself is plain data: nothing hidden, nothing JSON would drop or change.
    expect(JSON.parse(out)).toStrictEqual({ modelVersion: '1', ...spec });
    expect(JSON.parse(out)).toStrictEqual(modelDocument(spec));
    expect(modelJson(loadSpec(path, nodeHost(dir)).spec!)).toBe(out);
  });

  it('validates against spec/model.schema.json', () => {
    const ok = validate(JSON.parse(out));
    expect(validate.errors ?? [], JSON.stringify(validate.errors?.slice(0, 3), null, 2)).toEqual([]);
    expect(ok).toBe(true);
  });

  it('holds positions, never source text', () => {
    expect(out).not.toMatch(/SourceFile|"locate"|"text": "keyspec: 1/);
    // YAML property lines (`pattern: run:{runid}:lock`), as written, must not be in the JSON.
    let checked = 0;
    for (const file of spec.files) {
      const lines = (result.sources[file] ?? '').split('\n').map((l) => l.trim());
      for (const line of lines.filter((l) => l.length >= 20 && /^(- )?[a-z][A-Za-z]*: \S/.test(l))) {
        expect(out, file).not.toContain(line);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(3);
    for (const pos of Object.values(spec.origins))
      expect(Object.keys(pos).sort()).toEqual(expect.arrayContaining(['column', 'file', 'line']));
  });

  it('resolves every database reference to a declared index (no sentinels)', () => {
    const indexes = new Set(spec.databases.map((d) => d.index));
    for (const d of spec.databases) for (const k of d.keys) expect(k.db).toBe(d.index);
    for (const n of spec.notifications) expect(indexes.has(n.db), n.name).toBe(true);
    for (const imp of spec.imports) if (imp.database !== undefined) expect(indexes.has(imp.database), imp.as).toBe(true);
    expect([...indexes].every((i) => i >= 0)).toBe(true);
  });

  it('places every key, field, channel and service in origins', () => {
    const keys = [...spec.databases.flatMap((d) => d.keys), ...spec.libraryKeys];
    for (const k of keys) {
      expect(spec.origins[originId.key(k.id)], k.id).toBeDefined();
      if (k.type === 'hash' || k.type === 'stream')
        for (const f of k.fields) expect(spec.origins[originId.field(k.id, f.name)]).toBeDefined();
    }
    for (const c of spec.channels) expect(spec.origins[originId.channel(c.name)], c.name).toBeDefined();
    for (const s of spec.services) {
      expect(spec.origins[originId.service(s.name)], s.name).toBeDefined();
      for (const p of s.contract?.probes ?? []) expect(spec.origins[originId.probe(s.name, p.name)]).toBeDefined();
    }
    for (const e of spec.env) expect(originOf(spec, originId.env(e.name)).line).toBeGreaterThan(1);
  });
});

it('the weppcloud model is small (was 290 KB with a SourceFile per probe)', () => {
  const out = modelJson(loadSpec(join(dir, 'weppcloud.yaml'), nodeHost(dir)).spec!);
  expect(Buffer.byteLength(out)).toBeLessThan(300_000);
});
