import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from './diagnostics.ts';

describe('rule registry', () => {
  const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
  it.each(Object.entries(RULES))('%s is documented in README with its severity', (id, rule) => {
    expect(readme).toMatch(new RegExp(`\\| ${id} \\| ${rule.severity} \\|`));
  });
  it('every rule has a hint', () => {
    for (const r of Object.values(RULES)) expect(r.hint.length).toBeGreaterThan(10);
  });
});
