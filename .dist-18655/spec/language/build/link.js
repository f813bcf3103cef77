import { closestHint } from "./builder.js";
/** A key by its unique name, or by its id (`<database>.<key>`). */
export function keyResolver(allKeys) {
    // By name and by id, so resolving is not a scan of every key (specs have thousands).
    const byName = new Map();
    const byId = new Map();
    for (const k of allKeys) {
        const same = byName.get(k.name);
        if (same)
            same.push(k);
        else
            byName.set(k.name, [k]);
        if (!byId.has(k.id))
            byId.set(k.id, k);
    }
    return (name) => {
        const exact = byName.get(name);
        if (exact?.length === 1)
            return exact[0];
        return byId.get(name);
    };
}
export function checkRefs(b, part, file, model) {
    const resolveKey = keyResolver(model.allKeys);
    const serviceNames = new Set(model.services.map((s) => s.name));
    const channelNames = new Set(model.channels.map((c) => c.name));
    const connectionNames = new Set(model.connections.map((c) => c.name));
    const envNames = new Set(model.env.map((e) => e.name));
    for (const r of part.refs) {
        if (r.kind === 'service' && !serviceNames.has(r.name)) {
            b.report('KS170', r.file, r.path, `service '${r.name}' is not declared`, closestHint(r.name, [...serviceNames]));
        }
        else if (r.kind === 'key' && !resolveKey(r.name)) {
            b.report('KS171', r.file, r.path, `no key pattern '${r.name}' (use <database>.<key> or a unique key name)`, closestHint(r.name, model.allKeys.map((k) => k.id)));
        }
        else if (r.kind === 'channel' && !channelNames.has(r.name)) {
            b.report('KS171', r.file, r.path, `no channel '${r.name}'`, closestHint(r.name, [...channelNames]));
        }
        else if (r.kind === 'env' && r.file === file && !envNames.has(r.name)) {
            b.report('KS171', r.file, r.path, `env var '${r.name}' is not declared under \`env:\``, closestHint(r.name, [...envNames]));
        }
        else if (r.kind === 'connection' && !connectionNames.has(r.name)) {
            b.report('KS171', r.file, r.path, `no connection '${r.name}'`, closestHint(r.name, [...connectionNames]));
        }
    }
}
/** Key references by id, and readers/writers/publishers/subscribers the same from both sides. */
export function mergeUsers(services, allKeys, channels) {
    const resolveKey = keyResolver(allKeys);
    for (const s of services) {
        s.reads = s.reads.map((r) => resolveKey(r)?.id ?? r);
        s.writes = s.writes.map((r) => resolveKey(r)?.id ?? r);
    }
    // Membership by Set: a service may read or write thousands of keys.
    const sets = new Map(services.map((s) => [s, { writes: new Set(s.writes), reads: new Set(s.reads) }]));
    for (const k of allKeys) {
        const writers = new Set(k.writers);
        const readers = new Set(k.readers);
        for (const s of services) {
            const ss = sets.get(s);
            if (ss.writes.has(k.id) && !writers.has(s.name))
                add(k.writers, writers, s.name);
            if (ss.reads.has(k.id) && !readers.has(s.name))
                add(k.readers, readers, s.name);
            if (writers.has(s.name) && !ss.writes.has(k.id))
                add(s.writes, ss.writes, k.id);
            if (readers.has(s.name) && !ss.reads.has(k.id))
                add(s.reads, ss.reads, k.id);
        }
    }
    for (const c of channels) {
        for (const s of services) {
            if (s.publishes.includes(c.name) && !c.publishers.includes(s.name))
                c.publishers.push(s.name);
            if (s.subscribes.includes(c.name) && !c.subscribers.includes(s.name))
                c.subscribers.push(s.name);
            if (c.publishers.includes(s.name) && !s.publishes.includes(c.name))
                s.publishes.push(c.name);
            if (c.subscribers.includes(s.name) && !s.subscribes.includes(c.name))
                s.subscribes.push(c.name);
        }
    }
}
function add(list, set, item) {
    list.push(item);
    set.add(item);
}
/** A service of this file that touches nothing is probably unfinished (KS172). */
export function checkIdleServices(b, part, file) {
    for (const s of part.services) {
        const sv = s.service;
        if (s.file === file &&
            !sv.reads.length &&
            !sv.writes.length &&
            !sv.publishes.length &&
            !sv.subscribes.length &&
            !sv.actsAs.length &&
            !part.notifications.some((x) => x.n.service === sv.name)) {
            b.report('KS172', s.file, [...s.path, 'name'], `service '${sv.name}' reads, writes, publishes and subscribes to nothing`);
        }
    }
}
//# sourceMappingURL=link.js.map