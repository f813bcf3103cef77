/** The rules table: ids unique and well formed, hints one line, and the README's table the same rows. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from './rules.ts';

describe('keyspec diff rules', () => {
  it('ids are unique, dotted lower case; hints are one line', () => {
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
    for (const r of RULES) {
      expect(r.id).toMatch(/^[a-z]+(\.[a-z]+)+$/);
      expect(r.hint).not.toMatch(/\n/);
      expect(r.hint.length).toBeLessThan(120);
    }
  });

  it("the README's rules table lists every rule with its level, category, hurts and hint", () => {
    const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## `keyspec diff`'), readme.indexOf('## Layout'));
    const rows = [...section.matchAll(/^\| `([a-z.]+)` \| (\w+) \| (\w+) \| (\w+) \| (.+) \|$/gm)].map((m) => ({
      id: m[1],
      level: m[2],
      category: m[3],
      hurts: m[4],
      hint: m[5]!.replace(/\\\|/g, '|'),
    }));
    expect(rows).toEqual(RULES.map((r) => ({ ...r })));
  });
});
