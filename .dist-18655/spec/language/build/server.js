import { parseNotifyFlags, selectsNothing } from "../notify-flags.js";
import { checkDuplicates } from "./uniqueness.js";
export function buildServer(b, file, raw) {
    const server = { config: {}, notes: raw.server?.notes ?? [] };
    if (!raw.server)
        return server;
    b.place(server, file, ['server']);
    if (raw.server.description !== undefined)
        server.description = raw.server.description;
    if (raw.server.minVersion !== undefined) {
        if (!/^\d+(\.\d+){0,2}$/.test(raw.server.minVersion))
            b.report('KS190', file, ['server', 'minVersion'], `'${raw.server.minVersion}' is not a Redis version`);
        server.minVersion = raw.server.minVersion;
    }
    const notify = raw.server.notifyKeyspaceEvents;
    if (notify !== undefined) {
        const parsed = parseNotifyFlags(notify);
        if (parsed.invalid.length)
            b.report('KS141', file, ['server', 'notifyKeyspaceEvents'], `invalid notify-keyspace-events flag${parsed.invalid.length > 1 ? 's' : ''} ${parsed.invalid.map((c) => `'${c}'`).join(', ')}`);
        else if (notify !== '' && selectsNothing(parsed.flags)) {
            b.report('KS142', file, ['server', 'notifyKeyspaceEvents'], `notify-keyspace-events '${notify}' enables no events (K or E select a channel type, classes like h select events; both are needed)`);
        }
        server.notifyKeyspaceEvents = { raw: notify, flags: parsed.flags };
    }
    for (const [k, v] of Object.entries(raw.server.config ?? {}))
        server.config[k] = String(v);
    return server;
}
export function buildEnv(b, file, raw) {
    return Object.entries(raw.env ?? {}).map(([name, e]) => {
        const v = {
            name,
            secret: e.secret ?? false,
            ...(e.description !== undefined ? { description: e.description } : {}),
            ...(e.default !== undefined ? { default: String(e.default) } : {}),
            ...(e.example !== undefined ? { example: String(e.example) } : {}),
        };
        return b.place(v, file, ['env', name], 'key');
    });
}
/** Connections; every env var they name must be declared. */
export function buildConnections(b, file, raw, env) {
    const envNames = new Set(env.map((e) => e.name));
    const connections = (raw.connections ?? []).map((c, i) => {
        const cpath = ['connections', i];
        const envRefs = [
            ...(c.url ?? []).map((u, j) => [u, [...cpath, 'url', j]]),
            ...['host', 'port', 'passwordFile', 'password'].flatMap((k) => c[k] !== undefined ? [[c[k], [...cpath, k]]] : []),
            ...(c.db?.env !== undefined ? [[c.db.env, [...cpath, 'db', 'env']]] : []),
        ];
        for (const [name, path] of envRefs) {
            if (!envNames.has(name))
                b.report('KS171', file, path, `env var '${name}' is not declared under \`env:\``);
        }
        const connection = { ...c, url: c.url ?? [] };
        return b.place(connection, file, cpath);
    });
    checkDuplicates(b, connections.map((c, i) => ({ name: c.name, path: ['connections', i] })), file, 'connection');
    return connections;
}
//# sourceMappingURL=server.js.map