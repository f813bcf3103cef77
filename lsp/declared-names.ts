/**
 * The names a spec declares (types, services, keys, channels, connections, env vars, databases), what kind
 * of name a place of the spec refers to, and where a referenced name is declared. Names come from the
 * document as typed (always fresh) and from its last built model (which adds the imported, namespaced ones
 * and their positions in the library files).
 */
import type { SourcePos } from '../spec/language/diagnostics.ts';
import type { Spec } from '../spec/language/model.ts';
import { originId } from '../spec/language/origins.ts';
import { BUILTIN_TYPES } from '../spec/language/placeholder-types.ts';
import type { DataPath } from '../spec/language/source.ts';
import type { SchemaPlace } from './schema-walk.ts';

export type NameKind = 'type' | 'service' | 'key' | 'dbKey' | 'channel' | 'connection' | 'env' | 'database' | 'pattern' | 'import';

/** What the value at `<owner>.<property>` names (a list's items name the same as the list). */
const REFERS: Record<string, NameKind> = {
  'key.writers': 'service',
  'key.readers': 'service',
  'key.shadows': 'key',
  'key.pattern': 'pattern',
  'channel.publishers': 'service',
  'channel.subscribers': 'service',
  'channel.shadows': 'channel',
  'channel.pattern': 'pattern',
  'field.pattern': 'pattern',
  'message.template': 'pattern',
  'formatObject.template': 'pattern',
  'formatObject.type': 'type',
  'formatObject.enum': 'type',
  'namedType.type': 'type',
  'service.reads': 'dbKey',
  'service.writes': 'dbKey',
  'service.publishes': 'channel',
  'service.subscribes': 'channel',
  'service.actsAs': 'service',
  'service.connection': 'connection',
  'database.connection': 'connection',
  'notification.service': 'service',
  'notification.key': 'key',
  'notification.db': 'database',
  'slotGroup.keys': 'key',
  'import.database': 'database',
  'import.spec': 'import',
  'probe.channel': 'channel',
  'probe.key': 'dbKey',
  'ttlObject.env': 'env',
  'connection.url': 'env',
  'connection.host': 'env',
  'connection.port': 'env',
  'connection.password': 'env',
  'connection.passwordFile': 'env',
};

export function refersTo(place: SchemaPlace): NameKind | undefined {
  return REFERS[`${place.owner}.${place.property}`];
}

type Obj = Record<string, unknown>;
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter((x): x is Obj => !!x && typeof x === 'object') : []);
const names = (v: unknown): string[] => list(v).flatMap((o) => (typeof o.name === 'string' ? [o.name] : []));
const keysOf = (v: unknown): string[] => (v && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v) : []);

/** The database a path inside `databases[i]` (or a notification naming its `db`) is in, by name. */
function databaseOf(data: Obj, path: DataPath): string | undefined {
  if (path[0] === 'databases' && typeof path[1] === 'number') {
    const name = list(data.databases)[path[1]]?.name;
    return typeof name === 'string' ? name : undefined;
  }
  if (path[0] === 'notifications' && typeof path[1] === 'number') {
    const db = list(data.notifications)[path[1]]?.db;
    const found = list(data.databases).find((d) => d.name === db || d.index === db || (Array.isArray(d.aliases) && d.aliases.includes(db)));
    return typeof found?.name === 'string' ? found.name : undefined;
  }
  return undefined;
}

/** The names that fit a place naming a `kind`, from the document as typed and its last model. */
export function declaredNames(kind: NameKind, data: unknown, path: DataPath, model?: Spec): string[] {
  const d = (data && typeof data === 'object' ? data : {}) as Obj;
  const out: string[] = [];
  const dbs = list(d.databases);
  switch (kind) {
    case 'type':
    case 'pattern': {
      out.push(...keysOf(d.types), ...(model?.types.map((t) => t.name) ?? []), ...Object.keys(BUILTIN_TYPES));
      // A key's (or field's, channel's) own `where:` types.
      let at: unknown = d;
      for (const seg of path) {
        at = (at as Obj | undefined)?.[seg as string];
        if (at && typeof at === 'object' && !Array.isArray(at)) out.push(...keysOf((at as Obj).where));
      }
      break;
    }
    case 'service':
      out.push(...names(d.services), ...(model?.services.map((s) => s.name) ?? []));
      break;
    case 'channel':
      out.push(...names(d.channels), ...dbs.flatMap((db) => names(db.channels)), ...(model?.channels.map((c) => c.name) ?? []));
      break;
    case 'key': {
      const db = databaseOf(d, path);
      const inDb = db === undefined ? dbs : dbs.filter((x) => x.name === db);
      out.push(...inDb.flatMap((x) => names(x.keys)), ...names(d.keys));
      for (const m of model?.databases ?? []) if (db === undefined || m.name === db) out.push(...m.keys.map((k) => k.name));
      break;
    }
    case 'dbKey':
      out.push(...dbs.flatMap((x) => names(x.keys).map((k) => `${String(x.name)}.${k}`)), ...names(d.keys));
      out.push(...(model?.databases.flatMap((m) => m.keys.map((k) => k.id)) ?? []));
      break;
    case 'connection':
      out.push(...names(d.connections), ...(model?.connections.map((c) => c.name) ?? []));
      break;
    case 'env':
      out.push(...keysOf(d.env), ...(model?.env.map((e) => e.name) ?? []));
      break;
    case 'database':
      out.push(...names(dbs), ...(model?.databases.map((x) => x.name) ?? []));
      break;
    case 'import':
      break;
  }
  return [...new Set(out)].sort();
}

/** Where a name referred to from `path` is declared, by the model's origins; undefined when unknown. */
export function declarationOf(kind: NameKind, name: string, data: unknown, path: DataPath, model: Spec | undefined): SourcePos | undefined {
  if (!model) return undefined;
  const d = (data && typeof data === 'object' ? data : {}) as Obj;
  const ids: string[] = [];
  switch (kind) {
    case 'type':
    case 'pattern':
      ids.push(originId.type(name));
      break;
    case 'service':
      ids.push(originId.service(name));
      break;
    case 'channel':
      ids.push(originId.channel(name));
      break;
    case 'connection':
      ids.push(originId.connection(name));
      break;
    case 'env':
      ids.push(originId.env(name));
      break;
    case 'dbKey':
      ids.push(originId.key(name));
      break;
    case 'key': {
      const db = databaseOf(d, path);
      if (db !== undefined) ids.push(originId.key(`${db}.${name}`));
      ids.push(originId.key(name));
      break;
    }
    case 'database': {
      const db = model.databases.find((x) => x.name === name || String(x.index) === name || x.aliases.includes(name));
      if (db) ids.push(originId.database(db.index));
      break;
    }
    case 'import':
      break;
  }
  for (const id of ids) if (model.origins[id]) return model.origins[id];
  return undefined;
}
