/** The fields of a hash key or the entry fields of a stream key; none for other types. */
export function fieldsOf(key) {
    return key.type === 'hash' || key.type === 'stream' ? key.fields : [];
}
/** Whether a hash or stream key allows fields it does not declare (false for other types). */
export function allowsAdditionalFields(key) {
    return (key.type === 'hash' || key.type === 'stream') && key.additionalFields;
}
export function indexSpec(spec) {
    const keyById = new Map();
    const byName = new Map();
    const databaseByIndex = new Map();
    const ordered = new Map();
    const shadowers = new Map();
    for (const db of spec.databases) {
        databaseByIndex.set(db.index, db);
        ordered.set(db.index, matchOrder(db.keys, keyRef));
        for (const [target, by] of shadowEdges(db.keys, keyRef))
            shadowers.set(target.id, by.map((k) => k.id));
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
        database: (ref) => typeof ref === 'number' ? databaseByIndex.get(ref) : spec.databases.find((d) => d.name === ref || d.aliases.includes(ref)),
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
function keyRef(k) {
    return [k.name, k.id];
}
/** How `shadows:` entries name a field: by its name (or pattern text). */
export function fieldRef(f) {
    return [f.name];
}
/**
 * For each item, the items that shadow it (declared `shadows: [it]`), in declaration order. An item
 * that shadows another wins over it where both match.
 */
export function shadowEdges(items, refsOf) {
    const edges = new Map();
    for (const item of items)
        edges.set(item, []);
    for (const by of items) {
        for (const name of by.shadows) {
            const target = items.find((o) => o !== by && refsOf(o).includes(name));
            if (target)
                edges.get(target).push(by);
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
export function matchOrder(items, refsOf) {
    const edges = shadowEdges(items, refsOf);
    const out = [];
    const state = new Map();
    const visit = (item) => {
        if (state.get(item))
            return; // done, or a cycle (reported by the validator): keep declaration order
        state.set(item, 'visiting');
        for (const by of edges.get(item) ?? [])
            visit(by);
        state.set(item, 'done');
        out.push(item);
    };
    for (const item of items)
        visit(item);
    return out;
}
//# sourceMappingURL=spec-index.js.map