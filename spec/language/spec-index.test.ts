import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpec, nodeHost } from '../index.ts';
import { fieldsOf, indexSpec, matchOrder } from './spec-index.ts';

const spec = loadSpec(join(import.meta.dirname, '..', 'weppcloud.yaml'), nodeHost(import.meta.dirname)).spec!;

describe('matchOrder', () => {
  const item = (name: string, shadows: string[] = []) => ({ name, shadows });
  const order = (items: { name: string; shadows: string[] }[]) => matchOrder(items, (i) => [i.name]).map((i) => i.name);

  it('keeps declaration order when nothing shadows', () => {
    expect(order([item('a'), item('b'), item('c')])).toEqual(['a', 'b', 'c']);
  });

  it('puts a pattern before the ones it shadows, through chains', () => {
    expect(order([item('c'), item('b', ['c']), item('a', ['b'])])).toEqual(['a', 'b', 'c']);
    expect(order([item('wide'), item('x'), item('narrow', ['wide'])])).toEqual(['narrow', 'wide', 'x']);
  });

  it('survives a cycle', () => {
    expect(order([item('a', ['b']), item('b', ['a'])]).sort()).toEqual(['a', 'b']);
  });
});

describe('indexSpec (spec/weppcloud.yaml)', () => {
  const index = indexSpec(spec);

  it('finds every key by id and databases by index, name and alias', () => {
    for (const db of spec.databases) {
      expect(index.database(db.index)).toBe(db);
      expect(index.database(db.name)).toBe(db);
      for (const a of db.aliases) expect(index.database(a)).toBe(db);
      for (const k of db.keys) expect(index.keyById.get(k.id)).toBe(k);
    }
    for (const c of spec.channels) expect(index.channelByName.get(c.name)).toBe(c);
  });

  it('orders each database so that every shadowing pattern comes before the pattern it shadows', () => {
    for (const db of spec.databases) {
      const ordered = index.keysInMatchOrder(db.index);
      expect([...ordered].sort((a, b) => a.id.localeCompare(b.id))).toEqual([...db.keys].sort((a, b) => a.id.localeCompare(b.id)));
      for (const k of db.keys)
        for (const by of index.shadowedBy(k.id)) expect(ordered.findIndex((x) => x.id === by)).toBeLessThan(ordered.indexOf(k));
    }
  });

  it('tries a shadowing channel before the channel it shadows', () => {
    const names = index.channelsInMatchOrder.map((c) => c.name);
    expect(names.indexOf('batch')).toBeLessThan(names.indexOf('status'));
    expect([...names].sort()).toEqual(spec.channels.map((c) => c.name).sort());
  });

  it('gives fields only for hashes and streams', () => {
    for (const k of spec.databases.flatMap((d) => d.keys)) if (k.type !== 'hash' && k.type !== 'stream') expect(fieldsOf(k)).toEqual([]);
  });
});
