/**
 * Parity: the runtime's names (buildName, parseName) against the spec's patterns (buildFromPattern,
 * matchPattern) for every key, field and channel pattern of the shipped specs and the synthetic spec;
 * and one shadowing order: the generated parseKey, check's matchKey and the spec index's match order
 * pick the same pattern for every example key.
 */
import { describe, expect, it } from 'vitest';
import { compileSpec, matchKey } from '../../conformance/judging/compile.ts';
import { parseKey } from '../../generated/weppcloud/client.ts';
import {
  buildFromPattern,
  exampleFor,
  fieldsOf,
  indexSpec,
  matchPattern,
  PatternParamError,
  type Pattern,
  type PlaceholderType,
} from '../../spec/index.ts';
import { ClientNames } from '../client/naming.ts';
import { parseKeyFunction } from '../client/key-builders.ts';
import { KeyspecValueError } from '../runtime/errors.ts';
import { buildName, parseName } from '../runtime/names.ts';
import { keysOf, partsOf, shippedSpecs, syntheticSpec } from '../../testing/model/parity.ts';

const specs = [...shippedSpecs(), { name: 'synthetic', spec: syntheticSpec() }];

const patterns = specs.flatMap(({ name, spec }) => {
  const out: { where: string; pattern: Pattern; examples: string[] }[] = [];
  for (const k of keysOf(spec)) {
    out.push({ where: `${name} ${k.id}`, pattern: k.pattern, examples: k.examples });
    for (const f of fieldsOf(k)) out.push({ where: `${name} ${k.id} field ${f.pattern.text}`, pattern: f.pattern, examples: f.examples });
  }
  for (const c of spec.channels) out.push({ where: `${name} channel ${c.name}`, pattern: c.pattern, examples: c.examples });
  return out;
});

const BAD_VALUES: unknown[] = ['', 'a:b', 'with space', -1, 0, 1.5, 99999999, 'ZZ', '../x', undefined, null, true, {}];

function valuesFor(t: PlaceholderType): unknown[] {
  const good = exampleFor(t);
  return [good, t.kind === 'integer' ? Number(good) : good, ...(t.values ?? []), ...(t.except ?? []), ...t.examples, ...BAD_VALUES];
}

function candidates(p: Pattern, examples: string[], built: string): string[] {
  const out = new Set([built, ...examples, '', `${built}x`, `x${built}`, built.slice(0, -1), built.toUpperCase(), `${built}:extra`]);
  for (const e of examples) out.add(`${e}:`).add(e.replace(/[0-9]/g, '9')).add(e.replace(/-/g, '_'));
  out.add(p.text);
  return [...out];
}

function outcome(f: () => string): { ok: string } | { error: true } {
  try {
    return { ok: f() };
  } catch (e) {
    if (!(e instanceof KeyspecValueError) && !(e instanceof PatternParamError)) throw e;
    return { error: true };
  }
}

describe.each(patterns.map((p) => [p.where, p] as const))('%s', (_where, { pattern, examples }) => {
  const parts = partsOf(pattern);
  const placeholders = pattern.parts.flatMap((p) => (p.kind === 'placeholder' ? [p] : []));

  it('builds the same names from the same params, and rejects the same params', () => {
    const base = Object.fromEntries(placeholders.map((p) => [p.name, exampleFor(p.type)]));
    expect(buildName(parts, base, 'parity')).toBe(buildFromPattern(pattern, base));
    for (const p of placeholders)
      for (const v of valuesFor(p.type)) {
        const params = { ...base, [p.name]: v } as Record<string, string | number>;
        expect(
          outcome(() => buildName(parts, params, 'parity')),
          `{${p.name}} = ${JSON.stringify(v)}`,
        ).toEqual(outcome(() => buildFromPattern(pattern, params)));
      }
  });

  it('parses the same names into the same params', () => {
    const built = buildFromPattern(pattern, Object.fromEntries(placeholders.map((p) => [p.name, exampleFor(p.type)])));
    for (const name of candidates(pattern, examples, built)) {
      const spec = matchPattern(pattern, name);
      const runtime = parseName(parts, name);
      expect(runtime && Object.fromEntries(Object.entries(runtime).map(([k, v]) => [k, String(v)])), JSON.stringify(name)).toEqual(spec);
    }
  });
});

describe('one shadowing order', () => {
  const specsWithParseKey = [
    { name: 'spec/weppcloud.yaml', spec: shippedSpecs()[0]!.spec, parse: parseKey as (db: number, key: string) => { id: string } | null },
    { name: 'synthetic', spec: syntheticSpec(), parse: undefined },
  ];
  for (const { name, spec, parse } of specsWithParseKey) {
    const index = indexSpec(spec);
    const compiled = compileSpec(spec);
    const cases = spec.databases.flatMap((db) => {
      const keys = new Set<string>();
      for (const k of db.keys) {
        const params = Object.fromEntries(k.pattern.parts.flatMap((p) => (p.kind === 'placeholder' ? [[p.name, exampleFor(p.type)]] : [])));
        keys.add(buildFromPattern(k.pattern, params));
        for (const e of k.examples) keys.add(e);
      }
      if (db.name === 'shadowing') for (const k of ['r:batch;;special', 'r:batch;;x', 'r:latest', 'r:x', 'r:batch;;', 'o:1']) keys.add(k);
      return [...keys].map((key) => [db.name, db.index, key] as const);
    });

    it.each(cases)(`${name} %s: %s %s: check's matchKey takes the first match in match order`, (_db, dbIndex, key) => {
      const first = index.keysInMatchOrder(dbIndex).find((k) => matchPattern(k.pattern, key) !== null);
      expect(matchKey(compiled.dbs.get(dbIndex)!, key)?.id).toBe(first?.id);
      if (parse) expect(parse(dbIndex, key)?.id ?? undefined).toBe(first?.id);
    });

    it(`${name}: the generated parseKey tries patterns in match order`, () => {
      const fn = parseKeyFunction(new ClientNames(spec));
      const code = (fn.statements as string[]).join('\n');
      for (const db of spec.databases) {
        if (!db.keys.length) continue;
        const block = code.slice(code.indexOf(`case ${db.index}: {`));
        const body = block.slice(0, block.indexOf('\n}'));
        const ids = [...body.matchAll(/id: '([^']+)'/g)].map((m) => m[1]);
        expect(ids, db.name).toEqual(index.keysInMatchOrder(db.index).map((k) => k.id));
      }
    });
  }

  it('the synthetic spec has keys that match more than one pattern (the order matters)', () => {
    const spec = syntheticSpec();
    const index = indexSpec(spec);
    const matching = index.keysInMatchOrder(2).filter((k) => matchPattern(k.pattern, 'r:batch;;special') !== null);
    expect(matching.map((k) => k.name)).toEqual(['batch_special', 'batch_run', 'any_run']);
  });
});
