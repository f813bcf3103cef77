/**
 * The Drain-style template tree of one database: keys are split into segments (delimiters.ts), grouped by
 * segment count and Redis type (so `cache:stats`, a hash, never folds into the ids of `cache:<id>` strings),
 * then segment by segment. A segment of a known shape (segment-shapes.ts) goes to that
 * shape's branch; other segments get a branch of their own until a node has more than `maxChildren`
 * distinct ones, when the node's literal branches are folded into one placeholder branch (the position
 * holds ids, not names). Memory is bounded: every node has at most `maxChildren` literal branches plus its
 * shape and placeholder branches, and past `maxNodes` nodes new segments go to placeholder branches.
 *
 * `templates()` then decides the rest from distinct-value statistics: sibling branches whose subtrees
 * have the same shape (the same segments and placeholders after them, the same Redis type) are one
 * template with a placeholder there, when a placeholder came before them (a column, like the file name
 * in `nodb-lock:<runid>:<file>`) or when there are at least three of them that each hold few keys (ids);
 * leading literal segments with different subtrees stay apart (namespaces, like `rq:queue:` and `rq:wip:`).
 */
import { splitKey } from './delimiters.ts';
import { KeyStats, PositionValues, type SeenKey } from './key-stats.ts';
import { shapeOf } from './segment-shapes.ts';

export interface TreeLimits {
  /** Distinct literal segments a node keeps apart before it folds them into a placeholder (default 20). */
  maxChildren: number;
  /** Nodes per database before new segments go to placeholder branches (default 50,000). */
  maxNodes: number;
  /** Keys sampled per template for value inference (default 50). */
  sampleSize: number;
}

export const DEFAULT_TREE_LIMITS: TreeLimits = { maxChildren: 20, maxNodes: 50_000, sampleSize: 50 };

class Node {
  count = 0;
  literals: Map<string, Node> | undefined = new Map();
  shapes = new Map<string, Node>();
  wild: Node | undefined;
  /** The values of this node's own position (placeholder and shape nodes). */
  values: PositionValues | undefined;
  /** At the last position: the keys' stats. */
  stats: KeyStats | undefined;
}

export type Part = { kind: 'literal'; text: string } | { kind: 'var'; values: PositionValues };

export interface Template {
  db: number;
  delimiter: string;
  parts: Part[];
  stats: KeyStats;
}

export class TemplateTree {
  /** One tree per segment count and Redis type: keys of different types never share a placeholder. */
  private readonly roots = new Map<string, Node>();
  private nodes = 0;

  constructor(
    readonly db: number,
    readonly delimiter: string,
    readonly limits: TreeLimits = DEFAULT_TREE_LIMITS,
  ) {}

  get nodeCount(): number {
    return this.nodes;
  }

  add(k: SeenKey): void {
    const segs = splitKey(k.key, this.delimiter);
    const root = `${String(segs.length).padStart(6, '0')} ${k.type}`;
    let node = this.roots.get(root);
    if (!node) this.roots.set(root, (node = this.newNode()));
    node.count++;
    for (const seg of segs) {
      node = this.child(node, seg);
      node.count++;
    }
    (node.stats ??= new KeyStats(this.limits.sampleSize)).add(k);
  }

  private newNode(): Node {
    this.nodes++;
    return new Node();
  }

  private child(node: Node, seg: string): Node {
    const shape = shapeOf(seg);
    if (shape) {
      let c = node.shapes.get(shape.name);
      if (!c) {
        node.shapes.set(shape.name, (c = this.newNode()));
        c.values = new PositionValues();
        c.values.shapes.add(shape.name);
      }
      c.values!.add(seg);
      return c;
    }
    if (node.literals) {
      const c = node.literals.get(seg);
      if (c) return c;
      if (node.literals.size < this.limits.maxChildren && this.nodes < this.limits.maxNodes) {
        const n = this.newNode();
        node.literals.set(seg, n);
        return n;
      }
      this.fold(node);
    }
    const w = (node.wild ??= this.wildNode());
    w.values!.add(seg);
    return w;
  }

  private wildNode(): Node {
    const w = this.newNode();
    w.values = new PositionValues();
    w.values.literal = true;
    return w;
  }

  /** Folds a node's literal branches into its placeholder branch, for good. */
  private fold(node: Node): void {
    const w = (node.wild ??= this.wildNode());
    for (const [seg, c] of node.literals ?? []) {
      w.values!.add(seg, c.count);
      this.mergeInto(w, c);
    }
    node.literals = undefined;
  }

  /** Merges `b`'s subtree into `a` (b's own position values are the caller's business). */
  private mergeInto(a: Node, b: Node): void {
    a.count += b.count;
    if (b.stats) (a.stats ??= new KeyStats(this.limits.sampleSize)).merge(b.stats);
    for (const [name, bc] of b.shapes) {
      const ac = a.shapes.get(name);
      if (ac) {
        ac.values!.merge(bc.values!);
        this.mergeInto(ac, bc);
      } else a.shapes.set(name, bc);
    }
    if (b.wild) {
      if (a.wild) {
        a.wild.values!.merge(b.wild.values!);
        this.mergeInto(a.wild, b.wild);
      } else a.wild = b.wild;
    }
    if (b.literals === undefined) {
      if (a.literals !== undefined) this.fold(a);
    }
    if (a.literals === undefined) {
      // a is folded: b's literal branches join a's placeholder.
      for (const [seg, bc] of b.literals ?? []) {
        const w = (a.wild ??= this.wildNode());
        w.values!.add(seg, bc.count);
        this.mergeInto(w, bc);
      }
      return;
    }
    for (const [seg, bc] of b.literals ?? []) {
      const ac = a.literals.get(seg);
      if (ac) this.mergeInto(ac, bc);
      else a.literals.set(seg, bc);
    }
    if (a.literals.size > this.limits.maxChildren) this.fold(a);
  }

  /** The templates, in a deterministic order (by segment count, then parts). */
  templates(): Template[] {
    const out: Template[] = [];
    for (const n of [...this.roots.keys()].sort()) {
      for (const t of mergeColumns(this.walk(this.roots.get(n)!, false), this.limits.sampleSize))
        out.push({ db: this.db, delimiter: this.delimiter, parts: t.parts, stats: t.stats });
    }
    return out;
  }

  private walk(node: Node, varBefore: boolean): Sub[] {
    if (node.stats) return [{ parts: [], stats: node.stats }];
    const branches: Branch[] = [];
    for (const [seg, c] of [...(node.literals ?? [])].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
      const v = new PositionValues();
      v.literal = true;
      v.add(seg, c.count);
      branches.push({ literal: seg, values: v, count: c.count, subs: this.walk(c, varBefore) });
    }
    for (const [, c] of [...node.shapes].sort((a, b) => (a[0] < b[0] ? -1 : 1)))
      branches.push({ values: c.values!, count: c.count, subs: this.walk(c, true) });
    if (node.wild) branches.push({ values: node.wild.values!, count: node.wild.count, subs: this.walk(node.wild, true) });
    // Group branches whose subtrees have the same shape. A branch of a strong shape (a UUID, fixed-length
    // hex, an epoch, a token, a path) stays a template of its own: ids of a distinct format are a distinct
    // kind of key (`session:<uuid>` beside `session:<name>`); weak shapes (integers, dates) join literals.
    const groups = new Map<string, Branch[]>();
    for (const b of branches) {
      const strong = b.literal === undefined && !b.values.literal && [...b.values.shapes].some((x) => !WEAK_SHAPES.has(x));
      const sig = `${strong ? `strong ${[...b.values.shapes].join('|')} ` : ''}${signature(b.subs)}`;
      const g = groups.get(sig);
      if (g) g.push(b);
      else groups.set(sig, [b]);
    }
    const out: Sub[] = [];
    for (const group of groups.values()) {
      const literals = group.filter((b) => b.literal !== undefined);
      const placeholders = group.filter((b) => b.literal === undefined);
      const keys = group.reduce((s, b) => s + b.count, 0);
      const mergeable =
        group.length >= 2 && (varBefore || placeholders.length > 0 || (literals.length >= 3 && literals.length / keys >= 0.2));
      if (!mergeable) {
        for (const b of group) out.push(...b.subs.map((s) => prefixed(b, s)));
        continue;
      }
      const values = new PositionValues();
      let subs: Sub[] | undefined;
      for (const b of group) {
        values.merge(b.values);
        subs = subs ? zipMerge(subs, b.subs, this.limits.sampleSize) : b.subs.map((s) => cloneSub(s, this.limits.sampleSize));
      }
      for (const s of subs!) out.push({ parts: [{ kind: 'var', values }, ...s.parts], stats: s.stats });
    }
    return out;
  }
}

/**
 * The walk decides a position before the positions above it are merged; once a position became a
 * placeholder, literal positions after it may be columns too. Templates of the same Redis type that differ
 * only in one literal segment after a placeholder are merged into one with a placeholder there, until none
 * are left (`nodb-lock:{id}:wepp.nodb` and `nodb-lock:{id}:_pups/.../wepp.nodb` are one template).
 */
function mergeColumns(subs: Sub[], k: number): Sub[] {
  let list = subs;
  for (let changed = true; changed;) {
    changed = false;
    const width = list[0]?.parts.length ?? 0;
    for (let pos = 1; pos < width && !changed; pos++) {
      const groups = new Map<string, Sub[]>();
      for (const s of list) {
        const p = s.parts[pos]!;
        if (p.kind !== 'literal' || !s.parts.slice(0, pos).some((q) => q.kind === 'var')) continue;
        const sig = `${s.parts.map((q, i) => (i === pos ? '*' : partSig(q))).join(',')}@${s.stats.dominantType}`;
        (groups.get(sig) ?? groups.set(sig, []).get(sig)!).push(s);
      }
      for (const group of groups.values()) {
        if (group.length < 2) continue;
        const values = new PositionValues();
        values.literal = true;
        const merged = cloneSub(group[0]!, k);
        for (const s of group) {
          const lit = s.parts[pos] as { kind: 'literal'; text: string };
          values.add(lit.text, s.stats.count);
          if (s !== group[0]) zipMerge([merged], [s], k);
        }
        merged.parts[pos] = { kind: 'var', values };
        const members = new Set(group);
        const at = list.indexOf(group[0]!);
        list = list.filter((s, i) => i === at || !members.has(s)).map((s) => (s === group[0] ? merged : s));
        changed = true;
      }
    }
  }
  return list;
}

/** Shapes that are as likely a name as an id (`0`, `2026-01-15`): they may merge with literal siblings. */
const WEAK_SHAPES = new Set(['uint', 'int', 'iso_date']);

interface Sub {
  parts: Part[];
  stats: KeyStats;
}

interface Branch {
  literal?: string;
  values: PositionValues;
  count: number;
  subs: Sub[];
}

function prefixed(b: Branch, s: Sub): Sub {
  const head: Part = b.literal !== undefined ? { kind: 'literal', text: b.literal } : { kind: 'var', values: b.values };
  return { parts: [head, ...s.parts], stats: s.stats };
}

/** A part in a subtree's signature: literal text, a placeholder of one known shape, or any other placeholder. */
function partSig(p: Part): string {
  if (p.kind === 'literal') return `L${JSON.stringify(p.text)}`;
  return !p.values.literal && p.values.shapes.size === 1 ? `S${[...p.values.shapes][0]}` : 'V';
}

/** The shape of a subtree: its templates' parts and dominant types, in order. */
function signature(subs: Sub[]): string {
  return subs.map((s) => `${s.parts.map(partSig).join(',')}@${s.stats.dominantType}`).join(';');
}

function cloneSub(s: Sub, k: number): Sub {
  const stats = new KeyStats(k);
  stats.merge(s.stats);
  return { parts: s.parts.map(clonePart), stats };
}

function clonePart(p: Part): Part {
  if (p.kind === 'literal') return p;
  const v = new PositionValues();
  v.merge(p.values);
  return { kind: 'var', values: v };
}

/** Merges two subtrees of the same signature, template by template. */
function zipMerge(a: Sub[], b: Sub[], _k: number): Sub[] {
  return a.map((s, i) => {
    const o = b[i]!;
    s.stats.merge(o.stats);
    s.parts.forEach((p, j) => {
      const q = o.parts[j]!;
      if (p.kind === 'var' && q.kind === 'var') p.values.merge(q.values);
    });
    return s;
  });
}
