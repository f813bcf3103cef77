/** Connections as descriptor values: each database's index and connection, and env var defaults. */
import type { Spec } from '../../spec/index.ts';
import type { Code } from './descriptor-values.ts';

export function connectionCode(spec: Spec, name: string | undefined): Code | undefined {
  const c = spec.connections.find((x) => x.name === name) ?? spec.connections[0];
  if (!c) return undefined;
  const db = c.db ? { env: c.db.env, default: c.db.default } : undefined;
  return { name: c.name, url: c.url, host: c.host, port: c.port, passwordFile: c.passwordFile, password: c.password, db };
}

/** `DATABASES`: by database name, its index and the connection it is reached through. */
export function databasesCode(spec: Spec): Code {
  const entries = spec.databases.map((d) => [d.name, { index: d.index, connection: connectionCode(spec, d.connection) }]);
  return Object.fromEntries(entries) as Code;
}

/** `ENV_DEFAULTS`: the spec's env vars with their defaults. */
export function envDefaultsCode(spec: Spec): Code {
  return spec.env.map((e) => ({ name: e.name, default: e.default }));
}
