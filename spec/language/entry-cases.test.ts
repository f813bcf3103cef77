/** Stream entry cases in the model: deciding fields of enum, enum-type and boolean values; others are KS232. */
import { describe, expect, it } from 'vitest';
import { loadSpec, type SpecHost, type StreamKey } from '../index.ts';

function load(decider: string): ReturnType<typeof loadSpec> {
  const yaml = `keyspec: 1
name: cases
types:
  ev: { enum: [added, failed] }
databases:
  - index: 0
    name: main
    keys:
      - name: events
        pattern: 'events'
        type: stream
        entryFields: [{ name: event, value: ${decider}, required: true }]
        entryCases:
          field: event
          cases: [{ when: [failed], fields: [{ name: reason, required: true }], description: A failed job. }]
`;
  const host: SpecHost = { readFile: () => yaml, resolve: (_f, s) => s };
  return loadSpec('cases.yaml', host);
}

describe('entry cases', () => {
  it.each(['{ enum: [added, failed] }', '{ type: ev }'])('decided by %s', (decider) => {
    const r = load(decider);
    expect(r.diagnostics.filter((d) => d.id !== 'KS111')).toEqual([]);
    const k = r.spec!.databases[0]!.keys[0] as StreamKey;
    expect(k.entryCases).toMatchObject({
      field: 'event',
      cases: [{ values: ['failed'], fields: [{ name: 'reason', required: true, literal: true }], description: 'A failed job.' }],
    });
  });
  it('a deciding field that is no closed set of values is KS232', () => {
    expect(
      load('json')
        .diagnostics.map((d) => `${d.id} ${d.line}:${d.column}`)
        .sort(),
    ).toEqual(['KS111 4:3', 'KS232 14:18']);
  });
  it('a boolean decider takes its two strings', () => {
    const r = load('{ boolean: { true: failed, false: added } }');
    expect(r.diagnostics.filter((d) => d.id !== 'KS111')).toEqual([]);
  });
});
