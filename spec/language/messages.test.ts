/**
 * Messages a new user meets first: each says what is wrong in the spec's own terms and what to do.
 * Given a small spec, want the diagnostic's id, position, message and hint.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeHost, summaryLine, validateSpecs } from '../index.ts';

const dir = mkdtempSync(join(tmpdir(), 'keyspec-messages-'));
let n = 0;

function validate(lines: string[], strict = false) {
  const file = join(dir, `spec-${n++}.yaml`);
  writeFileSync(file, lines.join('\n') + '\n');
  return validateSpecs([file], nodeHost(dir), { strict });
}

const head = ['keyspec: 1', 'name: m'];
const db = (...keys: string[]) => [...head, 'databases:', '  - index: 0', '    name: main', '    keys:', ...keys];

describe('messages', () => {
  it.each([
    {
      given: 'an unquoted `: ` in a plain value',
      lines: [...head, 'description: Cache: the run'],
      want: { id: 'KS001', at: '3:14', message: /plain value contains ': '/, hint: "Quote the value: description: 'Cache: the run'" },
    },
    {
      given: 'a misspelt JSON Schema type in a value format',
      lines: db("      - { name: c, pattern: 'c:{id:uint}', type: string, value: { json: { schema: { type: objekt } } } }"),
      want: { id: 'KS181', at: '7:91', message: /`type: "objekt"` is not a JSON Schema type.*did you mean 'object'/ },
    },
    {
      given: 'an example whose placeholder value is not of its type',
      lines: db("      - { name: r, pattern: 'run:{n:uint}', type: string, examples: ['run:seven'] }"),
      want: { id: 'KS116', at: '7:70', message: /placeholder \{n\} \(uint: an integer >= 0\) does not accept 'seven'/ },
    },
    {
      given: 'a misspelt placeholder type',
      lines: [
        ...head,
        'types:',
        "  runid: { regex: '[a-z]+' }",
        ...db("      - { name: r, pattern: 'run:{runId}', type: string }").slice(2),
      ],
      want: { id: 'KS110', at: '9:29', message: /has no type 'runId'/, hint: "Did you mean 'runid'?" },
    },
  ])('$given', ({ lines, want }) => {
    const r = validate(lines);
    const d = r.diagnostics.find((x) => x.id === want.id);
    expect(d, JSON.stringify(r.diagnostics)).toBeDefined();
    expect(`${d!.line}:${d!.column}`).toBe(want.at);
    expect(d!.message).toMatch(want.message);
    if ('hint' in want) expect(d!.hint).toBe(want.hint);
    expect(d!.hint).not.toMatch(/(^|[^/])spec\/LANGUAGE\.md/);
  });

  it('--strict says that warnings fail the run', () => {
    const opts = { color: false };
    expect(summaryLine(0, 1, 1, { ...opts, strict: true })).toBe('0 errors, 1 warning in 1 spec: failed (--strict: warnings fail the run)');
    expect(summaryLine(0, 1, 1, opts)).toBe('0 errors, 1 warning in 1 spec');
  });

  it('no hint points at a path only the keyspec repository has', async () => {
    const { RULES } = await import('./diagnostics.ts');
    for (const [id, rule] of Object.entries(RULES)) expect(rule.hint, id).not.toMatch(/(^|[\s(])spec\/LANGUAGE\.md/);
  });
});
