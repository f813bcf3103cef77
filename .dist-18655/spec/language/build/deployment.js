import { PROVIDER_INFO, SERVER_FEATURES } from "../providers.js";
import { closestHint } from "./builder.js";
function major(version) {
    const m = version === undefined ? null : /^(\d+)/.exec(version);
    return m ? Number(m[1]) : undefined;
}
export function buildDeployment(b, file, raw, databases, connections) {
    const rd = raw.deployment;
    const engine = rd?.engine ?? 'redis';
    const mode = rd?.mode ?? 'standalone';
    const provider = rd?.provider ?? 'self-hosted';
    const at = (...path) => ['deployment', ...path];
    if (rd?.version !== undefined && !/^\d+(\.\d+){0,2}$/.test(rd.version))
        b.report('KS190', file, at('version'), `'${rd.version}' is not a version`, `Write the ${engine} version like '7.2' or '9.0.1'.`);
    const layout = rd?.databases ?? (mode === 'standalone' ? 'native' : undefined);
    const sorted = [...databases].sort((x, y) => x.index - y.index);
    const needsSelect = sorted.length > 1 || sorted.some((d) => d.index !== 0);
    if (mode === 'cluster' && layout === undefined && needsSelect) {
        const list = sorted.map((d) => `${d.index} (${d.name})`).join(', ');
        b.report('KS210', file, at('mode'), `the spec uses database${sorted.length > 1 ? 's' : ''} ${list}, but a ${engine === 'valkey' ? 'Valkey' : 'Redis'} cluster has only DB 0 and \`deployment.databases\` does not say where they go`);
    }
    if (layout === 'native' && mode === 'cluster' && needsSelect && !(engine === 'valkey' && (major(rd?.version) ?? 0) >= 9)) {
        const what = engine === 'valkey' ? (rd?.version ? `Valkey ${rd.version}` : 'Valkey of an undeclared version') : 'Redis';
        b.report('KS211', file, at('databases'), `several databases in cluster mode need Valkey 9.0 or later; the deployment is ${what}`);
    }
    // Database references in `prefixes:` and `endpoints:`: names or aliases.
    const dbByName = new Map();
    for (const d of sorted)
        for (const n of [d.name, ...d.aliases])
            dbByName.set(n, d);
    const resolve = (map, prop) => {
        const out = new Map();
        for (const [ref, value] of Object.entries(map ?? {})) {
            const d = dbByName.get(ref);
            if (!d) {
                b.report('KS171', file, at(prop, ref), `no database '${ref}'`, closestHint(ref, [...dbByName.keys()]), 'key');
                continue;
            }
            out.set(d, { value, ref });
        }
        return out;
    };
    const prefixes = resolve(rd?.prefixes, 'prefixes');
    const endpoints = resolve(rd?.endpoints, 'endpoints');
    if (layout === 'prefixed') {
        for (const d of sorted) {
            if (!prefixes.has(d))
                b.report('KS212', file, rd?.prefixes ? at('prefixes') : at('databases'), `database ${d.index} '${d.name}' has no key prefix`, undefined, rd?.prefixes ? 'key' : 'value');
        }
        const seen = [];
        for (const [d, { value, ref }] of prefixes) {
            const clash = seen.find((s) => s.prefix.startsWith(value) || value.startsWith(s.prefix));
            if (clash)
                b.report('KS213', file, at('prefixes', ref), `prefix '${value}' of database '${d.name}' and prefix '${clash.prefix}' of database '${clash.d.name}' overlap: one starts the other`, undefined, 'key');
            if (value.includes('{') && d.slotGroups.length)
                b.report('KS214', file, at('prefixes', ref), `prefix '${value}' has a '{', which would become the hash tag of every key of '${d.name}' and override its slot groups`);
            seen.push({ d, prefix: value });
        }
    }
    const connectionNames = new Set(connections.map((c) => c.name));
    for (const [, { value, ref }] of endpoints)
        if (!connectionNames.has(value))
            b.report('KS171', file, at('endpoints', ref), `no connection '${value}'`, closestHint(value, [...connectionNames]));
    const connectionOf = (d) => endpoints.get(d)?.value ?? d.connection ?? connections[0]?.name;
    if (layout === 'per-endpoint') {
        const used = new Map();
        for (const d of sorted) {
            const c = connectionOf(d) ?? '(the default connection)';
            const prev = used.get(c);
            if (prev) {
                const e = endpoints.get(d);
                b.report('KS215', file, e ? at('endpoints', e.ref) : at('databases'), `databases '${prev.name}' and '${d.name}' both use connection '${c}', so both would be DB 0 of one server`);
            }
            else
                used.set(c, d);
        }
    }
    const placements = sorted.map((d) => {
        const connection = layout === 'per-endpoint' ? connectionOf(d) : d.connection;
        return {
            db: d.index,
            name: d.name,
            select: layout === 'native' || layout === undefined ? d.index : 0,
            prefix: layout === 'prefixed' ? (prefixes.get(d)?.value ?? '') : '',
            ...(connection !== undefined ? { connection } : {}),
        };
    });
    const limits = {};
    for (const f of SERVER_FEATURES)
        limits[f] = { ...PROVIDER_INFO[provider].features[f] };
    if (mode === 'cluster' && provider === 'self-hosted') {
        limits['multiple-databases'] =
            engine === 'valkey' && (major(rd?.version) ?? 0) >= 9
                ? { support: 'yes', note: 'Valkey 9.0+ cluster mode (cluster-databases must allow the highest index)' }
                : { support: 'no', note: 'a cluster has only DB 0' };
    }
    for (const f of rd?.forbids ?? [])
        limits[f] = { support: 'no', note: 'unavailable on this deployment (deployment.forbids)' };
    const deployment = {
        declared: rd !== undefined,
        engine,
        mode,
        provider,
        placements,
        limits,
        notes: rd?.notes ?? [],
        ...(rd?.version !== undefined ? { version: rd.version } : {}),
        ...(layout !== undefined ? { databases: layout } : {}),
        ...(rd?.description !== undefined ? { description: rd.description } : {}),
    };
    return rd ? b.place(deployment, file, ['deployment']) : deployment;
}
//# sourceMappingURL=deployment.js.map