import { buildChannels } from "./channels.js";
import { buildImports, mergeImports } from "./imports.js";
import { buildDatabases, buildLibraryKeys } from "./keys.js";
import { loadFile } from "./load.js";
import { buildNotifications } from "./notifications.js";
import { buildServices } from "./services.js";
import { TypeScope } from "./type-scope.js";
export function buildFile(b, path, ns, stack, params) {
    const loaded = loadFile(b, path, params);
    if (!loaded)
        return undefined;
    const { file, raw } = loaded;
    const kind = raw.kind ?? 'application';
    const q = (n) => (ns ? `${ns}.${n}` : n);
    // Imports first: their names are visible to this file.
    const imported = buildImports(b, loaded, path, q, stack, (p, subNs, subStack, given) => buildFile(b, p, subNs, subStack, given));
    // Types: this file's own, then imported ones by their namespaced name (`rq.jobId`), then built-ins.
    const importedTypes = new Map();
    for (const { part: sub } of imported)
        for (const t of sub.types)
            importedTypes.set(ns && t.name.startsWith(`${ns}.`) ? t.name.slice(ns.length + 1) : t.name, t);
    const usedTypes = new Set();
    const scope = new TypeScope(b, file, raw.types ?? {}, q, usedTypes, undefined, ['types'], undefined, importedTypes);
    const part = {
        kind,
        file,
        raw,
        types: scope.all(),
        databases: [],
        keyPaths: new Map(),
        unboundKeys: [],
        channels: [],
        notifications: [],
        services: [],
        refs: [],
    };
    const ctx = { b, file, ns, q, part, scope };
    buildDatabases(ctx);
    buildLibraryKeys(ctx);
    buildChannels(ctx);
    buildNotifications(ctx);
    buildServices(ctx);
    mergeImports(b, part, imported);
    // Unused named types of this file (not of libraries imported by it: they report their own).
    const inWhat = kind === 'application' ? 'no pattern or format uses it' : 'no pattern or format in the library uses it';
    for (const name of Object.keys(raw.types ?? {})) {
        if (!usedTypes.has(name))
            b.report('KS111', file, ['types', name], `type '${name}' is declared but ${inWhat}`, undefined, 'key');
    }
    return part;
}
//# sourceMappingURL=build-file.js.map