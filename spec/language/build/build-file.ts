/**
 * One spec file with its imports, in stage order: load, imports, type scope, keys, channels,
 * notifications, services, then the imported parts merged in and unused types reported.
 */
import type { PlaceholderType } from '../model.ts';
import type { Builder, FileContext, FilePart } from './builder.ts';
import { buildChannels } from './channels.ts';
import { buildImports, mergeImports } from './imports.ts';
import { buildDatabases, buildLibraryKeys } from './keys.ts';
import { loadFile, type GivenParams } from './load.ts';
import { buildNotifications } from './notifications.ts';
import { buildServices } from './services.ts';
import { TypeScope } from './type-scope.ts';

export function buildFile(b: Builder, path: string, ns: string, stack: string[], params?: GivenParams): FilePart | undefined {
  const loaded = loadFile(b, path, params);
  if (!loaded) return undefined;
  const { file, raw } = loaded;
  const kind = raw.kind ?? 'application';
  const q = (n: string): string => (ns ? `${ns}.${n}` : n);
  // Imports first: their names are visible to this file.
  const imported = buildImports(b, loaded, path, q, stack, (p, subNs, subStack, given) => buildFile(b, p, subNs, subStack, given));

  // Types: this file's own, then imported ones by their namespaced name (`rq.jobId`), then built-ins.
  const importedTypes = new Map<string, PlaceholderType>();
  for (const { part: sub } of imported)
    for (const t of sub.types) importedTypes.set(ns && t.name.startsWith(`${ns}.`) ? t.name.slice(ns.length + 1) : t.name, t);
  const usedTypes = new Set<string>();
  const judgeExcept = !b.underImporterParams.has(file);
  const scope = new TypeScope(b, file, raw.types ?? {}, q, usedTypes, undefined, ['types'], undefined, importedTypes, judgeExcept);
  const part: FilePart = {
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
  const ctx: FileContext = { b, file, ns, q, part, scope };
  buildDatabases(ctx);
  buildLibraryKeys(ctx);
  buildChannels(ctx);
  buildNotifications(ctx);
  buildServices(ctx);
  mergeImports(b, part, imported);

  // Unused named types of this file (not of libraries imported by it: they report their own).
  const inWhat = kind === 'application' ? 'no pattern or format uses it' : 'no pattern or format in the library uses it';
  for (const name of Object.keys(raw.types ?? {})) {
    if (!usedTypes.has(name)) b.report('KS111', file, ['types', name], `type '${name}' is declared but ${inWhat}`, undefined, 'key');
  }
  return part;
}
