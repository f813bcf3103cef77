/**
 * Raw (structurally valid) spec data -> the validated model, with every semantic rule checked and every
 * problem reported at its node. Imports are resolved through a host, so this module does no I/O.
 *
 * The stages: build the entry file and its imports (build-file.ts), check names and overlaps across
 * them (uniqueness.ts), slot groups (slot-groups.ts), server/env/connections (server.ts), the
 * deployment (deployment.ts), notifications, then link references
 * (link.ts) and check probes (probes.ts).
 */
import type { LibraryKey, Spec } from '../model.ts';
import { collectOrigins } from './origins.ts';
import { Builder, type LoadOptions, type LoadResult, type SpecHost } from './builder.ts';
import { buildFile } from './build-file.ts';
import { resolveKeyRefs } from './key-refs.ts';
import { checkIdleServices, checkRefs, keyResolver, mergeUsers } from './link.ts';
import { resolveNotifications } from './notifications.ts';
import { checkProbes } from './probes.ts';
import { buildConnections, buildEnv, buildServer } from './server.ts';
import { buildDeployment } from './deployment.ts';
import { buildSlotGroups } from './slot-groups.ts';
import { checkEntryUniqueness } from './uniqueness.ts';
import { insideDamaged } from './structural-recovery.ts';
import type { Diagnostic } from '../diagnostics.ts';

/**
 * The diagnostics, less the semantic ones inside entities that structural recovery took a node out of
 * (they were not judged whole; their structural errors are reported) and the references to names it
 * took out whole.
 */
function undamaged(b: Builder): Diagnostic[] {
  if (b.damaged.length === 0 && b.removedNames.size === 0) return b.diagnostics;
  return b.diagnostics.filter(
    (d) => b.structural.has(d) || !(insideDamaged(d, b.damaged) || (REFERENCE_RULES.has(d.id) && namesRemoved(b, d.message))),
  );
}

/** Rules that report a name used but not declared: moot when the declaration was taken out. */
const REFERENCE_RULES = new Set(['KS110', 'KS170', 'KS171']);

const namesRemoved = (b: Builder, message: string): boolean => [...message.matchAll(/'([^']+)'/g)].some((m) => b.wasRemoved(m[1]!));

/** Loads, validates and builds a spec: the library entry point behind `keyspec validate`. */
export function loadSpec(entry: string, host: SpecHost, options: LoadOptions = {}): LoadResult {
  const b = new Builder(host, options);
  const part = buildFile(b, entry, '', [entry]);
  if (!part) return { diagnostics: undamaged(b), sources: b.sources };
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
  resolveKeyRefs(b, allKeys);
  checkProbes(b, services, channels, allKeys, keyResolver(allKeys));
  mergeUsers(services, allKeys, channels);
  checkIdleServices(b, part, file);

  const libraryKeys = unbound.map((k): LibraryKey => {
    const { db: _db, ...rest } = k;
    b.at.set(rest, b.at.get(k)!);
    return rest;
  });
  const imports = (raw.imports ?? []).map((imp, i) => {
    const database = typeof imp.database === 'number' ? imp.database : databases.find((d) => d.name === imp.database)?.index;
    return b.place({ as: imp.as, spec: imp.spec, ...(database !== undefined ? { database } : {}) }, file, ['imports', i]);
  });
  const model: Omit<Spec, 'origins'> = {
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
  const spec: Spec = { ...model, origins: collectOrigins(model, b.at, libraryKeys.length ? file.locate(['keys']) : undefined) };
  return { spec, diagnostics: undamaged(b), sources: b.sources };
}
