/**
 * `keyspec diff` on the constructs of issue 13, items 4-6 (the queue fixture's library edited one way):
 * references added, removed and retargeted, encoded parts renamed or re-multiplied, stream entry cases
 * edited; each edit gives exactly these rule ids and levels.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpec, nodeHost, type Spec, type SpecHost } from '../spec/index.ts';
import { diffModels } from './diff-models.ts';

const APP = join(import.meta.dirname, '..', 'testing', 'fixtures', 'queue-constructs', 'queue-app.yaml');
const LIB = join(dirname(APP), 'queue-lib.yaml');
const LIB_TEXT = readFileSync(LIB, 'utf8');

function specWith(edits: [string, string][]): Spec {
  let text = LIB_TEXT;
  for (const [from, to] of edits) {
    expect(text, `edit target ${JSON.stringify(from)}`).toContain(from);
    text = text.replace(from, to);
  }
  const base = nodeHost(dirname(APP));
  const host: SpecHost = { ...base, read: undefined, readFile: (p) => (p === LIB ? text : base.readFile(p)) };
  const result = loadSpec(APP, host);
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return result.spec!;
}

const CASES: [title: string, edits: [string, string][], expected: string[]][] = [
  ['a reference removed (the members are plain ids)', [['    member: { ref: job }', '    member: { type: jobId }']], ['ref.removed:safe']],
  [
    'a reference retargeted (whole key name -> id)',
    [
      [
        '      - { name: parentKey, value: { ref: { key: job, whole: true } } }',
        '      - { name: parentKey, value: { ref: { key: job, by: id } } }',
      ],
    ],
    ['ref.changed:dangerous', 'field.format.changed:breaking'],
  ],
  [
    'encoded parts renamed only',
    [['        high: { name: due, format: epochMillis }', '        high: { name: dueAt, format: epochMillis }']],
    ['encoded.parts.renamed:breaking'],
  ],
  ['encoded multiplier changed', [['        multiplier: 4096', '        multiplier: 8192']], ['format.changed:breaking']],
  [
    'a required field added to an entry case',
    [['            - { name: failedReason }', '            - { name: failedReason, required: true }']],
    ['field.required.added:breaking'],
  ],
  ['an entry case field removed', [['            - { name: returnvalue, value: json }\n', '']], ['field.removed:breaking']],
];

describe('diff of references, encoded numbers and entry cases', () => {
  const base = specWith([]);
  it('an unchanged spec has no changes', () => {
    expect(diffModels(base, specWith([])).changes).toEqual([]);
  });
  it.each(CASES)('%s', (_title, edits, expected) => {
    const got = diffModels(base, specWith(edits)).changes.map((ch) => `${ch.rule}:${ch.level}`);
    expect(got.sort()).toEqual([...expected].sort());
  });
  it('a reference added to plain members (the other way) is safe', () => {
    const plain = specWith([['    member: { ref: job }', '    member: { type: jobId }']]);
    expect(diffModels(plain, base).changes.map((ch) => `${ch.rule}:${ch.level}`)).toEqual(['ref.added:safe']);
  });
});
