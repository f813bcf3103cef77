/**
 * The shipped specs (spec/*.yaml, spec/lib/*.yaml) validate clean, and every pattern in them builds a key
 * from typed params and parses it back.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildFromPattern, exampleFor, matchPattern, nodeHost, validateSpecs, type Pattern } from './index.ts';

const dir = import.meta.dirname;
const shipped = [
  ...readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => join(dir, f)),
  ...readdirSync(join(dir, 'lib'))
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => join(dir, 'lib', f)),
];

function paramsFor(pattern: Pattern): Record<string, string> {
  return Object.fromEntries(pattern.parts.flatMap((p) => (p.kind === 'placeholder' ? [[p.name, exampleFor(p.type)]] : [])));
}

describe.each(shipped)('%s', (file) => {
  const result = validateSpecs([file], nodeHost(dir), { strict: true });
  const spec = result.specs[0]!.spec;

  it('validates with no errors and no warnings', () => {
    expect(result.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.id} ${d.message}`)).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(spec).toBeDefined();
  });

  it('every key, field and channel pattern round-trips build -> parse', () => {
    const patterns: { where: string; pattern: Pattern; examples: string[] }[] = [];
    for (const key of [...spec!.databases.flatMap((db) => db.keys), ...spec!.libraryKeys]) {
      patterns.push({ where: key.id, pattern: key.pattern, examples: key.examples });
      if (key.type === 'hash' || key.type === 'stream')
        for (const f of key.fields) patterns.push({ where: `${key.id} field ${f.name}`, pattern: f.pattern, examples: f.examples });
    }
    for (const ch of spec!.channels) {
      patterns.push({ where: `channel ${ch.name}`, pattern: ch.pattern, examples: ch.examples });
      for (const m of ch.messages)
        if (m.format.kind === 'template') patterns.push({ where: `message ${ch.name}.${m.name}`, pattern: m.format.pattern, examples: [] });
    }
    expect(patterns.length).toBeGreaterThan(0);
    for (const { where, pattern, examples } of patterns) {
      const params = paramsFor(pattern);
      const key = buildFromPattern(pattern, params);
      expect(matchPattern(pattern, key), `${where}: ${key}`).toEqual(params);
      for (const ex of examples) {
        const parsed = matchPattern(pattern, ex);
        expect(parsed, `${where}: example ${ex}`).not.toBeNull();
        expect(buildFromPattern(pattern, parsed!)).toBe(ex);
      }
    }
  });
});
