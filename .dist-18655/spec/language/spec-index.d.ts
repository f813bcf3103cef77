/**
 * Lookups over a validated model that checks, emitters and the CLI share: key by id, channel and
 * service by name, database by index/name/alias, and the one shadowing rule (which pattern wins when
 * two match the same key or field).
 */
import type { Channel, Database, HashField, KeyPattern, Service, Spec } from './model.ts';
/** The fields of a hash key or the entry fields of a stream key; none for other types. */
export declare function fieldsOf(key: KeyPattern): readonly HashField[];
/** Whether a hash or stream key allows fields it does not declare (false for other types). */
export declare function allowsAdditionalFields(key: KeyPattern): boolean;
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
export declare function indexSpec(spec: Spec): SpecIndex;
/** How `shadows:` entries name a field: by its name (or pattern text). */
export declare function fieldRef(f: HashField): string[];
interface Shadowing {
    shadows: readonly string[];
}
/**
 * For each item, the items that shadow it (declared `shadows: [it]`), in declaration order. An item
 * that shadows another wins over it where both match.
 */
export declare function shadowEdges<T extends Shadowing>(items: readonly T[], refsOf: (item: T) => readonly string[]): Map<T, T[]>;
/**
 * The order to try patterns in so that the first match is the winner: every pattern comes before the
 * patterns it shadows (directly or through others), otherwise declaration order. In a valid spec two
 * patterns that can match the same text are related by `shadows:`, so the first match shadows all
 * other matches.
 */
export declare function matchOrder<T extends Shadowing>(items: readonly T[], refsOf: (item: T) => readonly string[]): T[];
export {};
//# sourceMappingURL=spec-index.d.ts.map