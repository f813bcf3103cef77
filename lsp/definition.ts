/**
 * Go to definition: from a reference (a type in a pattern's `{...}` or a `type:`, a service in `writers`,
 * a key in `shadows` or `reads`, a channel, a connection, an env var, a database) to where it is declared,
 * in this file or an imported library; from an import's `spec:` to that file.
 */
import type { SpecHost } from '../spec/language/build/builder.ts';
import type { SourcePos } from '../spec/language/diagnostics.ts';
import type { Spec } from '../spec/language/model.ts';
import { parseSource, type DataPath } from '../spec/language/source.ts';
import { declarationOf, refersTo } from './declared-names.ts';
import { schemaAt } from './schema-walk.ts';
import { placeAt } from './yaml-cursor.ts';

/** A placeholder `{name}` / `{name:type}` of a pattern under the cursor: the type it names. */
export function placeholderTypeAt(value: string, at: number): string | undefined {
  for (const m of value.matchAll(/\{([A-Za-z_][\w-]*)(?::([A-Za-z_][\w.-]*))?\}/g)) {
    if (m.index <= at && at <= m.index + m[0].length) return m[2] ?? m[1];
  }
  return undefined;
}

type Obj = Record<string, unknown>;

/** Where a name is declared in this very file (before any model was built, or for a name the model lacks). */
function declaredHere(kind: string, name: string, data: Obj, file: string, text: string, path: DataPath): SourcePos | undefined {
  const src = parseSource(file, text).source;
  const byName = (listPath: DataPath): SourcePos | undefined => {
    let at: unknown = data;
    for (const seg of listPath) at = (at as Obj | undefined)?.[seg as string];
    if (!Array.isArray(at)) return undefined;
    const i = at.findIndex((x) => (x as Obj | null)?.name === name);
    return i >= 0 ? src.locate([...listPath, i, 'name']) : undefined;
  };
  const inMap = (mapPath: DataPath): SourcePos | undefined => {
    let at: unknown = data;
    for (const seg of mapPath) at = (at as Obj | undefined)?.[seg as string];
    return at && typeof at === 'object' && name in at ? src.locate([...mapPath, name], 'key') : undefined;
  };
  switch (kind) {
    case 'type':
    case 'pattern': {
      for (let n = path.length; n > 0; n--) {
        const local = inMap([...path.slice(0, n), 'where']);
        if (local) return local;
      }
      return inMap(['types']);
    }
    case 'service':
      return byName(['services']);
    case 'channel':
      return byName(['channels']);
    case 'connection':
      return byName(['connections']);
    case 'env':
      return inMap(['env']);
    case 'database':
      return byName(['databases']);
    case 'key':
      return path[0] === 'databases' ? byName(['databases', path[1]!, 'keys']) : byName(['keys']);
    case 'dbKey': {
      const dot = name.indexOf('.');
      const dbs = (data.databases as Obj[] | undefined) ?? [];
      const i = dbs.findIndex((d) => d?.name === name.slice(0, dot));
      if (i < 0) return byName(['keys']);
      const keys = (dbs[i]!.keys as Obj[] | undefined) ?? [];
      const k = keys.findIndex((x) => x?.name === name.slice(dot + 1));
      return k >= 0 ? src.locate(['databases', i, 'keys', k, 'name']) : undefined;
    }
  }
  return undefined;
}

export function definitionAt(text: string, offset: number, file: string, host: SpecHost, model?: Spec): SourcePos | undefined {
  const p = placeAt(text, offset);
  if (!p || p.role !== 'value') return undefined;
  const place = schemaAt(p.path, p.data);
  const kind = place && refersTo(place);
  if (!kind) return undefined;
  if (kind === 'import') return { file: host.resolve(file, p.value), line: 1, column: 1 };
  let name = p.value;
  if (kind === 'pattern') {
    const quoted = /^['"]/.test(text.slice(p.range[0]));
    const type = placeholderTypeAt(p.value, offset - p.range[0] - (quoted ? 1 : 0));
    if (!type) return undefined;
    name = type;
  }
  const data = (p.data && typeof p.data === 'object' ? p.data : {}) as Obj;
  return declaredHere(kind, name, data, file, text, p.path) ?? declarationOf(kind, name, data, p.path, model);
}
