/**
 * The server requirements (version, notify-keyspace-events, config), the env vars a deployment sets,
 * and the named connections built from them.
 */
import type { Connection, EnvVar, ServerRequirements } from '../model.ts';
import { parseNotifyFlags, selectsNothing } from '../notify-flags.ts';
import type { DataPath, SourceFile } from '../source.ts';
import type { Builder } from './builder.ts';
import type { RawSpec } from './raw.ts';
import { checkDuplicates } from './uniqueness.ts';

export function buildServer(b: Builder, file: SourceFile, raw: RawSpec): ServerRequirements {
  const server: ServerRequirements = { config: {}, notes: raw.server?.notes ?? [] };
  if (!raw.server) return server;
  b.place(server, file, ['server']);
  if (raw.server.description !== undefined) server.description = raw.server.description;
  if (raw.server.minVersion !== undefined) {
    if (!/^\d+(\.\d+){0,2}$/.test(raw.server.minVersion))
      b.report('KS190', file, ['server', 'minVersion'], `'${raw.server.minVersion}' is not a Redis version`);
    server.minVersion = raw.server.minVersion;
  }
  const notify = raw.server.notifyKeyspaceEvents;
  if (notify !== undefined) {
    const parsed = parseNotifyFlags(notify);
    if (parsed.invalid.length)
      b.report(
        'KS141',
        file,
        ['server', 'notifyKeyspaceEvents'],
        `invalid notify-keyspace-events flag${parsed.invalid.length > 1 ? 's' : ''} ${parsed.invalid.map((c) => `'${c}'`).join(', ')}`,
      );
    else if (notify !== '' && selectsNothing(parsed.flags)) {
      b.report(
        'KS142',
        file,
        ['server', 'notifyKeyspaceEvents'],
        `notify-keyspace-events '${notify}' enables no events (K or E select a channel type, classes like h select events; both are needed)`,
      );
    }
    server.notifyKeyspaceEvents = { raw: notify, flags: parsed.flags };
  }
  for (const [k, v] of Object.entries(raw.server.config ?? {})) server.config[k] = String(v);
  return server;
}

export function buildEnv(b: Builder, file: SourceFile, raw: RawSpec): EnvVar[] {
  return Object.entries(raw.env ?? {}).map(([name, e]) => {
    const v: EnvVar = {
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
export function buildConnections(b: Builder, file: SourceFile, raw: RawSpec, env: readonly EnvVar[]): Connection[] {
  const envNames = new Set(env.map((e) => e.name));
  const connections: Connection[] = (raw.connections ?? []).map((c, i) => {
    const cpath = ['connections', i];
    const envRefs: [string, DataPath][] = [
      ...(c.url ?? []).map((u, j): [string, DataPath] => [u, [...cpath, 'url', j]]),
      ...(['host', 'port', 'passwordFile', 'password'] as const).flatMap((k): [string, DataPath][] =>
        c[k] !== undefined ? [[c[k]!, [...cpath, k]]] : [],
      ),
      ...(c.db?.env !== undefined ? [[c.db.env, [...cpath, 'db', 'env']] as [string, DataPath]] : []),
    ];
    for (const [name, path] of envRefs) {
      if (!envNames.has(name)) b.report('KS171', file, path, `env var '${name}' is not declared under \`env:\``);
    }
    const connection: Connection = { ...c, url: c.url ?? [] };
    return b.place(connection, file, cpath);
  });
  checkDuplicates(
    b,
    connections.map((c, i) => ({ name: c.name, path: ['connections', i] })),
    file,
    'connection',
  );
  return connections;
}
