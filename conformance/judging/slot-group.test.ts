/** `key.slot`: keys of a slot group hashed by part of their tag value only (a '}' in it), from the name alone. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keySlot, loadSpec, nodeHost } from '../../spec/index.ts';
import { classifyKey } from './classify.ts';
import { compileSpec } from './compile.ts';
import { slotFault } from './slot-group.ts';

const root = join(import.meta.dirname, '..', '..');
const loaded = loadSpec(join(root, 'testing', 'fixtures', 'slot-groups.yaml'), nodeHost(root));
const db = compileSpec(loaded.spec!).dbs.get(0)!;
const byName = (n: string) => db.keys.find((k) => k.key.name === n)!;

describe('slotFault', () => {
  it.each([
    // [pattern, key, hashed by (undefined: no fault)]
    ['job', 'job:{abc}', undefined],
    ['steps', 'job:{abc}:steps', undefined],
    ['job', 'job:{ab}c}', 'ab'],
    ['steps', 'job:{ab}c}:steps', 'ab'],
    ['job', 'job:{}x}', 'job:{}x}'], // an empty tag: the whole key is hashed
    ['other', 'other:ab}c', undefined], // not in a group
  ])('%s %s: %s', (pattern, key, hashedBy) => {
    const f = slotFault(byName(pattern), key);
    expect(f?.hashedBy).toBe(hashedBy);
    if (f) expect(f.slot).toBe(keySlot(key));
  });

  it('is a key.slot warning among the key-level findings, with the slot and the fix in view', () => {
    const c = classifyKey(db, { key: 'job:{ab}c}', type: 'string', pttl: -1 });
    expect(c.kind).toBe('matched');
    const problems = c.kind === 'matched' ? c.problems : [];
    expect(problems.map((p) => p.id)).toEqual(['key.slot']);
    expect(problems[0]!.actual).toBe(`hashed by "ab" (slot ${keySlot('ab')})`);
    expect(problems[0]!.reproduce).toEqual(['CLUSTER', 'KEYSLOT', 'job:{ab}c}']);
    expect(classifyKey(db, { key: 'job:{abc}', type: 'string', pttl: -1 })).toMatchObject({ problems: [] });
  });
});
