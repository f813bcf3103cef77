/** The Lua scripts ship as files next to lua.ts, and each one is loaded by it. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CREATE_HASH_IF_ABSENT, luaScript, PROBE_KEYS, SCAN_PAGE_WITHIN_BUDGET } from './lua.ts';

const dir = join(import.meta.dirname, 'lua');

describe('Lua scripts', () => {
  it('every file in lua/ is one of the loaded scripts', () => {
    const loaded = [PROBE_KEYS, SCAN_PAGE_WITHIN_BUDGET, CREATE_HASH_IF_ABSENT];
    const files = readdirSync(dir).filter((f) => f.endsWith('.lua'));
    expect(files.sort()).toEqual(['create-hash-if-absent.lua', 'probe-keys.lua', 'scan-page-within-budget.lua']);
    for (const f of files) expect(loaded).toContain(readFileSync(join(dir, f), 'utf8'));
  });

  it('the read-only scripts call only read commands', () => {
    for (const script of [PROBE_KEYS, SCAN_PAGE_WITHIN_BUDGET]) {
      const commands = new Set([...script.matchAll(/call\('([A-Z]+)'/g)].map((m) => m[1]));
      expect([...commands].every((c) => ['SCAN', 'TYPE', 'PTTL', 'HGET', 'TIME'].includes(c!))).toBe(true);
    }
  });

  it('an unknown script name is an error', () => {
    expect(() => luaScript('no-such-script')).toThrow(/ENOENT/);
  });
});
