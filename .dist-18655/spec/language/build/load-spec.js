import { collectOrigins } from "./origins.js";
import { Builder } from "./builder.js";
import { buildFile } from "./build-file.js";
import { checkIdleServices, checkRefs, keyResolver, mergeUsers } from "./link.js";
import { resolveNotifications } from "./notifications.js";
import { checkProbes } from "./probes.js";
import { buildConnections, buildEnv, buildServer } from "./server.js";
import { buildDeployment } from "./deployment.js";
import { buildSlotGroups } from "./slot-groups.js";
import { checkEntryUniqueness } from "./uniqueness.js";
/** Loads, validates and builds a spec: the library entry point behind `keyspec validate`. */
export function loadSpec(entry, host, options = {}) {
    const b = new Builder(host, options);
    const part = buildFile(b, entry, '', [entry]);
    if (!part)
        return { diagnostics: b.diagnostics, sources: b.sources };
    const { raw, file, databases } = part;
    checkEntryUniqueness(b, part);
    buildSlotGroups(b, part);
    const server = buildServer(b, file, raw);
    const env = buildEnv(b, file, raw);
    const connections = buildConnections(b, file, raw, env);
    const deployment = buildDeployment(b, file, raw, databases, connections);
    const notifications = resolveNotifications(b, { file, part }, databases, server);
    const services = part.services.map((s) => s.service);
    const channels = part.channels.map((c) => c.channel);
    // A library validated on its own: its keys stay unbound, and references to them still resolve.
    const unbound = part.kind === 'library' ? part.unboundKeys.map((u) => u.key) : [];
    const allKeys = [...databases.flatMap((d) => d.keys), ...unbound];
    checkRefs(b, part, file, { services, allKeys, channels, connections, env });
    checkProbes(b, services, channels, allKeys, keyResolver(allKeys));
    mergeUsers(services, allKeys, channels);
    checkIdleServices(b, part, file);
    const libraryKeys = unbound.map((k) => {
        const { db: _db, ...rest } = k;
        b.at.set(rest, b.at.get(k));
        return rest;
    });
    const imports = (raw.imports ?? []).map((imp, i) => {
        const database = typeof imp.database === 'number' ? imp.database : databases.find((d) => d.name === imp.database)?.index;
        return b.place({ as: imp.as, spec: imp.spec, ...(database !== undefined ? { database } : {}) }, file, ['imports', i]);
    });
    const model = {
        name: raw.name,
        kind: part.kind,
        notes: raw.notes ?? [],
        files: [...new Set(b.files)],
        types: part.types,
        server,
        deployment,
        env,
        connections,
        databases: [...databases].sort((x, y) => x.index - y.index),
        channels,
        notifications,
        services,
        imports,
        libraryKeys,
        ...(raw.title !== undefined ? { title: raw.title } : {}),
        ...(raw.description !== undefined ? { description: raw.description } : {}),
    };
    const spec = { ...model, origins: collectOrigins(model, b.at, libraryKeys.length ? file.locate(['keys']) : undefined) };
    return { spec, diagnostics: b.diagnostics, sources: b.sources };
}
//# sourceMappingURL=load-spec.js.map