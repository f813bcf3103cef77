/** A connection's env var that cannot be used (not a URL, not a port, an unreadable password file). */
export class ConnectionResolutionError extends Error {
}
/** Resolves the server and database a connection yields for a database of index `db`. */
export function resolveConnection(conn, db, env, defaults, readFile) {
    const get = (name) => {
        if (name === undefined)
            return undefined;
        const v = env[name];
        if (v !== undefined && v !== '')
            return v;
        const d = defaults.find((x) => x.name === name)?.default;
        return d === '' ? undefined : d;
    };
    let dbIndex = db;
    const dbText = get(conn?.db?.env);
    if (dbText !== undefined) {
        if (!/^[0-9]+$/.test(dbText.trim()))
            throw new ConnectionResolutionError(`${conn?.db?.env}: not a database number: ${dbText}`);
        dbIndex = Number(dbText.trim());
    }
    let u;
    let source = '';
    for (const name of conn?.url ?? []) {
        const v = get(name);
        if (v === undefined)
            continue;
        try {
            u = new URL(v);
        }
        catch {
            throw new ConnectionResolutionError(`${name}: not a URL: ${redactCredentials(v, [get(conn?.password)])}`);
        }
        if (u.protocol !== 'redis:' && u.protocol !== 'rediss:')
            throw new ConnectionResolutionError(`${name}: expected a redis:// or rediss:// URL, got ${redactCredentials(v, [get(conn?.password)])}`);
        source = name;
        break;
    }
    if (!u) {
        const host = get(conn?.host) ?? 'localhost';
        const portText = get(conn?.port) ?? '6379';
        const port = Number(portText);
        if (!/^[0-9]+$/.test(portText) || port <= 0 || port > 65535)
            throw new ConnectionResolutionError(`${conn?.port ?? 'port'}: not a port: ${portText}`);
        u = new URL(`redis://${host.includes(':') ? `[${host}]` : host}:${port}`);
        source = [conn?.host, conn?.port].filter(Boolean).join('/') || 'localhost:6379';
    }
    u.pathname = `/${dbIndex}`;
    if (!u.password) {
        let password;
        const file = get(conn?.passwordFile);
        if (file !== undefined) {
            try {
                password = readFile(file).trim();
            }
            catch (e) {
                throw new ConnectionResolutionError(`${conn?.passwordFile}: cannot read ${file}: ${e.message}`);
            }
        }
        else
            password = get(conn?.password);
        if (password)
            u.password = encodeURIComponent(password);
    }
    const username = u.username ? decodeURIComponent(u.username) : undefined;
    const password = u.password ? decodeURIComponent(u.password) : undefined;
    return {
        url: u.toString(),
        host: u.hostname.replace(/^\[|\]$/g, '') || 'localhost',
        port: u.port ? Number(u.port) : 6379,
        tls: u.protocol === 'rediss:',
        ...(username !== undefined ? { username } : {}),
        ...(password !== undefined ? { password } : {}),
        db: dbIndex,
        source,
    };
}
/**
 * Text that was meant to be a URL, safe to echo however malformed it is: anything that looks like
 * userinfo (`user:secret@`, `:secret@`, `secret@`, with or without a scheme, with slashes, spaces or
 * newlines in it) becomes `user:***@`, and every known secret (e.g. a password file's content) `***`.
 */
export function redactCredentials(text, secrets = []) {
    let out = text;
    const at = out.lastIndexOf('@');
    if (at >= 0) {
        const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(out)?.[0] ?? '';
        const auth = out.slice(scheme.length, at);
        const i = auth.indexOf(':');
        const user = i < 0 ? '' : auth.slice(0, i);
        // A "user" holding a slash, a space or a control character is no user name: hide it too.
        // eslint-disable-next-line no-control-regex -- control characters are what this looks for
        const safeUser = /^[^/\s\x00-\x1f\x7f]*$/.test(user) ? user : '***';
        out = `${scheme}${i < 0 ? '***' : `${safeUser}:***`}@${out.slice(at + 1)}`;
    }
    for (const s of secrets)
        if (s)
            out = out.split(s).join('***');
    return out;
}
//# sourceMappingURL=connection-resolution.js.map