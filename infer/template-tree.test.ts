/**
 * Property tests of the template tree on synthetic keyspaces with known templates (a seeded generator:
 * the same seed gives the same keyspace): every key lands in the template it was generated from (grouping
 * accuracy 1), whatever the order the keys come in, and the tree stays bounded.
 */
import { describe, expect, it } from 'vitest';
import { groupingAccuracy } from './grouping-accuracy.ts';
import { TemplateTree, type Template } from './template-tree.ts';
import { decidePlaceholder } from './placeholders.ts';

/** mulberry32 */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = [
  'user',
  'order',
  'cart',
  'session',
  'cache',
  'lock',
  'feed',
  'queue',
  'job',
  'report',
  'stats',
  'token',
  'rate',
  'geo',
  'idx',
];
const TYPES = ['string', 'hash', 'list', 'set', 'zset'];

type Slot = { kind: 'lit'; text: string } | { kind: 'uuid' | 'int' | 'hex32' | 'slug' | 'epoch' } | { kind: 'enum'; values: string[] };

function hex(r: () => number, n: number): string {
  let s = '';
  while (s.length < n) s += Math.floor(r() * 16).toString(16);
  return s;
}

function value(r: () => number, s: Slot, i: number): string {
  switch (s.kind) {
    case 'lit':
      return s.text;
    case 'uuid': {
      const h = hex(r, 32);
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
    }
    case 'int':
      return String(1 + Math.floor(r() * 1_000_000));
    case 'hex32':
      return hex(r, 31) + 'a';
    case 'epoch':
      return String(1_700_000_000 + Math.floor(r() * 10_000_000));
    case 'slug':
      return `${WORDS[Math.floor(r() * WORDS.length)]}-${WORDS[Math.floor(r() * WORDS.length)]}-${i}`;
    case 'enum':
      return s.values[Math.floor(r() * s.values.length)]!;
  }
}

/** A keyspace of `n` templates with distinct literal namespaces, each with 40-200 keys. */
function keyspace(seed: number): { key: string; type: string; truth: string }[] {
  const r = rng(seed);
  const out: { key: string; type: string; truth: string }[] = [];
  const used = new Set<string>();
  const n = 3 + Math.floor(r() * 6);
  for (let t = 0; t < n; t++) {
    let ns: string;
    do ns = `${WORDS[Math.floor(r() * WORDS.length)]}${t}`;
    while (used.has(ns));
    used.add(ns);
    const slots: Slot[] = [{ kind: 'lit', text: ns }];
    const len = 1 + Math.floor(r() * 3);
    for (let i = 0; i < len; i++) {
      const k = r();
      if (k < 0.2) slots.push({ kind: 'uuid' });
      else if (k < 0.4) slots.push({ kind: 'int' });
      else if (k < 0.5) slots.push({ kind: 'hex32' });
      else if (k < 0.6) slots.push({ kind: 'epoch' });
      else if (k < 0.8) slots.push({ kind: 'slug' });
      else if (k < 0.9 && i > 0) slots.push({ kind: 'enum', values: ['alpha', 'beta', 'gamma'].slice(0, 2 + Math.floor(r() * 2)) });
      else slots.push({ kind: 'lit', text: `${WORDS[Math.floor(r() * WORDS.length)]}` });
    }
    // At least one placeholder.
    if (!slots.some((s) => s.kind !== 'lit')) slots.push({ kind: 'int' });
    const type = TYPES[Math.floor(r() * TYPES.length)]!;
    const count = 40 + Math.floor(r() * 160);
    const seen = new Set<string>();
    for (let i = 0; i < count; i++) {
      const key = slots.map((s) => value(r, s, i)).join(':');
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ key, type, truth: `t${t}` });
    }
  }
  return out;
}

function shuffle<T>(xs: T[], seed: number): T[] {
  const r = rng(seed);
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

function mine(keys: { key: string; type: string }[]): Template[] {
  const tree = new TemplateTree(0, ':');
  for (const k of keys) tree.add({ key: k.key, type: k.type, pttl: -1 });
  return tree.templates();
}

/** Which template a key fell into: by the sampled keys is not enough, so match segment by segment. */
function templateOf(ts: Template[], key: string): number {
  const segs = key.split(':');
  return ts.findIndex((t) => t.parts.length === segs.length && t.parts.every((p, i) => (p.kind === 'literal' ? p.text === segs[i] : true)));
}

function signatureOf(ts: Template[]): string[] {
  return ts.map(
    (t) =>
      `${t.parts.map((p) => (p.kind === 'literal' ? p.text : JSON.stringify(decidePlaceholder(p.values).kind))).join(':')}@${t.stats.count}`,
  );
}

describe('template tree on synthetic keyspaces with known templates', () => {
  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]) {
    it(`seed ${seed}: every key grouped as generated, in any order`, () => {
      const ks = keyspace(seed);
      const ts = mine(ks);
      const acc = groupingAccuracy(ks.map((k) => ({ truth: k.truth, inferred: String(templateOf(ts, k.key)) })));
      expect(acc).toBe(1);
      expect(ts.reduce((s, t) => s + t.stats.count, 0)).toBe(ks.length);
      const again = mine(shuffle(ks, seed * 31));
      expect(signatureOf(again)).toEqual(signatureOf(ts));
      expect(again.map((t) => t.stats.sample.names())).toEqual(ts.map((t) => t.stats.sample.names()));
    });
  }

  it('masks known shapes: uuid, hex32, integers and epoch seconds become their types', () => {
    const keys = [
      'job:0f8fad5b-d9cb-469f-a165-70867728950e',
      'job:5a6e3f0c-9d2b-4e7a-8c1f-0b3d5e7a9c2f',
      'tok:5a6e3f0c9d2b4e7a8c1f0b3d5e7a9c2f',
      'tok:0f8fad5bd9cb469fa16570867728950e',
      'n:42',
      'n:7',
      'at:1767225600',
      'at:1767225601',
    ];
    const ts = mine(keys.map((key) => ({ key, type: 'string' })));
    expect(
      ts.map((t) =>
        t.parts
          .map((p) => (p.kind === 'literal' ? p.text : decidePlaceholder(p.values)))
          .map((p) => (typeof p === 'string' ? p : 'type' in p ? p.type : 'name' in p ? p.name : p.kind)),
      ),
    ).toEqual([
      ['at', 'epoch_s'],
      ['job', 'uuid'],
      ['n', 'uint'],
      ['tok', 'hex32'],
    ]);
  });

  it('keeps namespaces with different subtrees apart, and merges a column after a placeholder into an enum', () => {
    const keys: { key: string; type: string }[] = [];
    for (let i = 0; i < 30; i++) {
      keys.push({ key: `q:wip:run${i}x`, type: 'zset' });
      keys.push({ key: `q:list:run${i}x`, type: 'list' });
      for (const f of ['a.nodb', 'b.nodb']) keys.push({ key: `lk:run${i}x:${f}`, type: 'string' });
    }
    const ts = mine(keys);
    const shown = ts.map((t) => t.parts.map((p) => (p.kind === 'literal' ? p.text : decidePlaceholder(p.values).kind)).join(':'));
    expect(shown.sort()).toEqual(['lk:generic:enum', 'q:list:generic', 'q:wip:generic']);
  });

  it('is bounded: a million distinct ids fold into one placeholder, never a million nodes', () => {
    const tree = new TemplateTree(0, ':');
    for (let i = 0; i < 200_000; i++) tree.add({ key: `user:u${i * 7919}z:profile`, type: 'hash', pttl: -1 });
    expect(tree.nodeCount).toBeLessThan(100);
    expect(tree.templates().length).toBe(1);
  });
});
