/**
 * Lookups over a validated model that checks, emitters and the CLI share: key by id, channel and
 * service by name, database by index/name/alias, and the one shadowing rule (which pattern wins when
 * two match the same key or field).
 */
import type { Channel, Database, HashField, KeyPattern, Service, Spec } from './model.ts';

/** The fields of a hash key or the entry fields of a stream key; none for other types. */
export function fieldsOf(key: KeyPattern): readonly HashField[] {
  return key.type === 'hash' || key.type === 'stream' ? key.fields : [];
}

/** Whether a hash or stream key allows fields it does not declare (false for other types). */
export function allowsAdditionalFields(key: KeyPattern): boolean {
  return (key.type === 'hash' || key.type === 'stream') && key.additionalFields;
}

export interface SpecIndex {
  readonly spec: Spec;
  /** Every key pattern of every database, by id (`<db name>.<key name>`). */
  readonly keyById: ReadonlyMap<string, KeyPattern>;
  readonly channelByName: ReadonlyMap<string, Channel>;
  readonly serviceByName: ReadonlyMap<string, Service>;
  readonly databaseByIndex: ReadonlyMap<number, Database>;
  /** A database by index, name or alias. */
  database(ref: number | string): Database | undefined;
  /** A key by id, or by its name when that is unique across databases. */
  key(ref: string): KeyPattern | undefined;
  /** A database's key patterns in match order (see `matchOrder`). */
  keysInMatchOrder(db: number): readonly KeyPattern[];
  /** Ids of the key patterns that shadow (win over) the given one where both match. */
  shadowedBy(keyId: string): readonly string[];
  /** Channels in match order: a channel pattern before the ones it shadows. */
  readonly channelsInMatchOrder: readonly Channel[];
}

export function indexSpec(spec: Spec): SpecIndex {
  const keyById = new Map<string, KeyPattern>();
  const byName = new Map<string, KeyPattern[]>();
  const databaseByIndex = new Map<number, Database>();
  const ordered = new Map<number, KeyPattern[]>();
  const shadowers = new Map<string, string[]>();
  for (const db of spec.databases) {
    databaseByIndex.set(db.index, db);
    ordered.set(db.index, matchOrder(db.keys, keyRef));
    for (const [target, by] of shadowEdges(db.keys, keyRef))
      shadowers.set(
        target.id,
        by.map((k) => k.id),
      );
    for (const k of db.keys) {
      keyById.set(k.id, k);
      byName.set(k.name, [...(byName.get(k.name) ?? []), k]);
    }
  }
  return {
    spec,
    keyById,
    channelByName: new Map(spec.channels.map((c) => [c.name, c])),
    serviceByName: new Map(spec.services.map((s) => [s.name, s])),
    databaseByIndex,
    database: (ref) =>
      typeof ref === 'number' ? databaseByIndex.get(ref) : spec.databases.find((d) => d.name === ref || d.aliases.includes(ref)),
    key: (ref) => {
      const named = byName.get(ref);
      return named?.length === 1 ? named[0] : keyById.get(ref);
    },
    keysInMatchOrder: (db) => ordered.get(db) ?? [],
    shadowedBy: (keyId) => shadowers.get(keyId) ?? [],
    channelsInMatchOrder: matchOrder(spec.channels, (c) => [c.name]),
  };
}

/** How `shadows:` entries name a key pattern: by name or by id. */
function keyRef(k: KeyPattern): string[] {
  return [k.name, k.id];
}

/** How `shadows:` entries name a field: by its name (or pattern text). */
export function fieldRef(f: HashField): string[] {
  return [f.name];
}

interface Shadowing {
  shadows: readonly string[];
}

/**
 * For each item, the items that shadow it (declared `shadows: [it]`), in declaration order. An item
 * that shadows another wins over it where both match.
 */
export function shadowEdges<T extends Shadowing>(items: readonly T[], refsOf: (item: T) => readonly string[]): Map<T, T[]> {
  const edges = new Map<T, T[]>();
  for (const item of items) edges.set(item, []);
  for (const by of items) {
    for (const name of by.shadows) {
      const target = items.find((o) => o !== by && refsOf(o).includes(name));
      if (target) edges.get(target)!.push(by);
    }
  }
  return edges;
}

/**
 * The order to try patterns in so that the first match is the winner: every pattern comes before the
 * patterns it shadows (directly or through others), otherwise declaration order. In a valid spec two
 * patterns that can match the same text are related by `shadows:`, so the first match shadows all
 * other matches.
 */
export function matchOrder<T extends Shadowing>(items: readonly T[], refsOf: (item: T) => readonly string[]): T[] {
  const edges = shadowEdges(items, refsOf);
  const out: T[] = [];
  const state = new Map<T, 'visiting' | 'done'>();
  const visit = (item: T): void => {
    if (state.get(item)) return; // done, or a cycle (reported by the validator): keep declaration order
    state.set(item, 'visiting');
    for (const by of edges.get(item) ?? []) visit(by);
    state.set(item, 'done');
    out.push(item);
  };
  for (const item of items) visit(item);
  return out;
}
