/**
 * Recovery from structural errors, so one `validate` reports structural and semantic problems together.
 *
 * When the JSON Schema check fails, its diagnostics are reported as they are; then the nodes it
 * rejected are taken out of a copy of the data (an unknown property, a wrong-typed value, an object
 * missing a required property) and the rest is checked again, until what is left is well formed. The
 * builder then builds what is left, so semantic rules (undefined types, unknown references, overlaps)
 * are judged on every part that was well formed.
 *
 * Taking a node out must not invent problems elsewhere, so two things are remembered:
 * - the entities that lost a node other than an unknown property (a key, a service, a type, `server`...):
 *   semantic diagnostics inside them are dropped, since the entity was not judged whole;
 * - the names of everything taken out whole (a key, a service, a type): references to them are not
 *   reported as undefined.
 * Where the root itself is malformed (not a mapping, `name:` missing) nothing is built.
 */
import type { ErrorObject } from 'ajv/dist/2020.js';
import type { Diagnostic, SourcePos } from '../diagnostics.ts';
import { keyspecSchemaValidator } from '../precompiled-validators.ts';
import type { DataPath, SourceFile } from '../source.ts';

/** What structural recovery took out of one file. */
export interface Recovered {
  /** The data with the rejected nodes taken out: valid against the schema. */
  data: unknown;
  /** Where the entities that lost a node are, in the file (semantic diagnostics inside are dropped). */
  damaged: SourcePos[];
  /** Names of keys, services, channels, types, ... taken out whole. */
  removedNames: Set<string>;
}

/** At most this many rounds of taking out and checking again (each round removes at least one node). */
const MAX_ROUNDS = 12;

/** Top-level lists whose items are entities; `databases[i].keys[j]` is one too. */
const MAP_SECTIONS = new Set(['types', 'env', 'params']);

const COMBINATORS = new Set(['if', 'anyOf', 'oneOf', 'allOf', 'not']);

type Container = Record<string, unknown> | unknown[];

/**
 * Takes the rejected nodes out of `data` (a copy), or returns undefined when what is left could not be
 * made well formed without taking out the root.
 */
export function recoverStructure(file: SourceFile, input: unknown): Recovered | undefined {
  const data = structuredClone(input) as Record<string, unknown>;
  // Each array's items by their index in the file, so a path in the pruned copy maps back to a node.
  const origin = new WeakMap<unknown[], number[]>();
  const damaged: SourcePos[] = [];
  const damagedKeys = new Set<string>();
  const removedNames = new Set<string>();
  const validate = keyspecSchemaValidator();
  for (let round = 0; round < MAX_ROUNDS; round++) {
    if (validate(data)) return { data, damaged, removedNames };
    const targets = new Map<string, DataPath>();
    // An unknown property taken out leaves its entity whole; any other node taken out damages it.
    const damaging = new Set<string>();
    const errors = validate.errors ?? [];
    // A combinator (if/then, anyOf, oneOf) failing is the echo of a deeper error, where there is one.
    const plain = errors.filter((x) => !COMBINATORS.has(x.keyword)).map((x) => ({ at: x.instancePath, depth: errorTarget(x).length }));
    const deeper = (e: ErrorObject): boolean => {
      const depth = decodePointer(e.instancePath).length;
      return plain.some((x) => x.at.startsWith(e.instancePath) && x.depth > depth);
    };
    for (const e of errors) {
      if (COMBINATORS.has(e.keyword) && deeper(e)) continue;
      const path = errorTarget(e);
      if (path.length === 0) return undefined;
      const k = JSON.stringify(path);
      targets.set(k, path);
      if (e.keyword !== 'additionalProperties') damaging.add(k);
    }
    // Deepest first, and within an array from the highest index, so removing one never moves another.
    const ordered = [...targets.values()].sort((a, b) => b.length - a.length || compareDesc(a, b));
    let removed = 0;
    for (const path of ordered) {
      const found = resolve(data, path);
      if (!found) continue; // inside a node already taken out
      const { parent, key } = found;
      const original = originalPath(data, path, origin);
      const entity = entityOf(original);
      const ek = JSON.stringify(entity);
      const k = JSON.stringify(path);
      if (damaging.has(k) && !damagedKeys.has(ek)) {
        damagedKeys.add(ek);
        damaged.push(file.locate(entity));
      }
      collectNames(path, (parent as Record<string | number, unknown>)[key as never], removedNames);
      if (Array.isArray(parent)) {
        const idx = key as number;
        parent.splice(idx, 1);
        const map = origin.get(parent);
        if (map) map.splice(idx, 1);
        else
          origin.set(parent, [
            ...Array.from({ length: idx }, (_, i) => i),
            ...Array.from({ length: parent.length - idx }, (_, i) => idx + 1 + i),
          ]);
      } else {
        delete (parent as Record<string, unknown>)[key as string];
      }
      removed++;
    }
    if (removed === 0) return undefined;
  }
  return undefined;
}

/** The node an ajv error rejects: the unknown property itself, the object missing a property, or the value. */
function errorTarget(e: ErrorObject): DataPath {
  const path = decodePointer(e.instancePath);
  // Errors of a `propertyNames` schema are about the name of an entry, not the whole mapping.
  if (e.propertyName !== undefined) return [...path, e.propertyName];
  if (e.keyword === 'additionalProperties') return [...path, String((e.params as { additionalProperty: string }).additionalProperty)];
  if (e.keyword === 'propertyNames') return [...path, String((e.params as { propertyName: string }).propertyName)];
  return path;
}

function decodePointer(pointer: string): DataPath {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function compareDesc(a: DataPath, b: DataPath): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return y - x;
    return String(y).localeCompare(String(x));
  }
  return b.length - a.length;
}

function resolve(data: unknown, path: DataPath): { parent: Container; key: string | number } | undefined {
  let node: unknown = data;
  for (let i = 0; i < path.length - 1; i++) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[path[i]!];
  }
  const key = path[path.length - 1]!;
  if (node === null || typeof node !== 'object') return undefined;
  if (Array.isArray(node) ? typeof key !== 'number' || key >= node.length : !Object.hasOwn(node, key)) return undefined;
  return { parent: node as Container, key };
}

/** The path in the file of a node of the pruned copy. */
function originalPath(data: unknown, path: DataPath, origin: WeakMap<unknown[], number[]>): DataPath {
  const out: (string | number)[] = [];
  let node: unknown = data;
  for (const seg of path) {
    if (Array.isArray(node) && typeof seg === 'number') out.push(origin.get(node)?.[seg] ?? seg);
    else out.push(seg);
    node = node !== null && typeof node === 'object' ? (node as Record<string | number, unknown>)[seg] : undefined;
  }
  return out;
}

/** The entity a node belongs to: a key of a database, an item of a top-level list, a named type, a section. */
export function entityOf(path: DataPath): DataPath {
  if (path[0] === 'databases' && typeof path[1] === 'number') {
    return path[2] === 'keys' && typeof path[3] === 'number' ? path.slice(0, 4) : path.slice(0, 2);
  }
  if (typeof path[1] === 'number' || (MAP_SECTIONS.has(String(path[0])) && path.length > 1)) return path.slice(0, 2);
  return path.slice(0, 1);
}

/** Names declared inside a node taken out (its own `name`, nested ones, type names). */
function collectNames(path: DataPath, node: unknown, into: Set<string>): void {
  const parentKey = path[path.length - 2];
  if (MAP_SECTIONS.has(String(parentKey)) || parentKey === 'where') into.add(String(path[path.length - 1]));
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n !== null && typeof n === 'object') {
      const o = n as Record<string, unknown>;
      if (typeof o.name === 'string') into.add(o.name);
      if (typeof o.as === 'string') into.add(o.as);
      for (const [k, v] of Object.entries(o)) {
        if ((k === 'types' || k === 'where') && v !== null && typeof v === 'object') for (const t of Object.keys(v)) into.add(t);
        walk(v);
      }
    }
  };
  walk(node);
}

/** Whether a diagnostic lies inside one of the damaged entities of its file. */
export function insideDamaged(d: Diagnostic, damaged: readonly SourcePos[]): boolean {
  return damaged.some(
    (r) =>
      r.file === d.file &&
      (d.line > r.line || (d.line === r.line && d.column >= r.column)) &&
      (r.endLine === undefined || d.line < r.endLine || (d.line === r.endLine && d.column <= (r.endColumn ?? Infinity))),
  );
}
