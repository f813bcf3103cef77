/** Databases and their key patterns: removed, renamed, moved, narrowed or widened, retyped, reformatted. */
import type { Database, KeyPattern } from '../../spec/index.ts';
import { originId } from '../../spec/index.ts';
import { compareLanguages } from '../inclusion.ts';
import { matchBy, type Collector } from './collector.ts';
import { compareEntryCases, compareFields } from './fields.ts';
import { compareFormat } from './formats.ts';
import { compareTtl } from './ttl.ts';

export function compareDatabases(c: Collector): void {
  const m = matchBy<Database>(c.oldSpec.databases, c.newSpec.databases, (d) => d.name);
  for (const d of m.removed) {
    c.emit('db.removed', `db:${d.name}`, `database '${d.name}' (index ${d.index}) removed`, {
      side: 'old',
      origin: originId.database(d.index),
    });
    for (const k of d.keys)
      c.emit(
        'key.removed',
        `db:${d.name}/key:${k.name}`,
        `key '${k.name}' ('${k.pattern.text}') removed with its database`,
        { side: 'old', origin: originId.key(k.id) },
        { kind: 'unmatched', db: d.index, pattern: k.pattern },
      );
  }
  for (const d of m.added)
    c.emit('db.added', `db:${d.name}`, `database '${d.name}' (index ${d.index}) added`, {
      side: 'new',
      origin: originId.database(d.index),
    });
  for (const [o, n] of m.kept) {
    if (o.index !== n.index)
      c.emit(
        'db.index.changed',
        `db:${n.name}`,
        `database '${n.name}' moved from index ${o.index} to ${n.index}`,
        { side: 'new', origin: originId.database(n.index) },
        { kind: 'database', db: o.index, patterns: o.keys.map((k) => k.pattern) },
      );
    compareKeys(c, o, n);
  }
  // A library validated on its own: its top-level keys, not bound to a database (index -1: never weighed live).
  if (c.oldSpec.libraryKeys.length || c.newSpec.libraryKeys.length) {
    const unbound = (spec: typeof c.oldSpec): Database => ({
      index: -1,
      name: 'keys',
      aliases: [],
      notes: [],
      slotGroups: [],
      keys: spec.libraryKeys.map((k) => ({ ...k, db: -1 }) as KeyPattern),
    });
    compareKeys(c, unbound(c.oldSpec), unbound(c.newSpec));
  }
}

function compareKeys(c: Collector, od: Database, nd: Database): void {
  const m = matchBy<KeyPattern>(
    od.keys,
    nd.keys,
    (k) => k.name,
    (k) => k.renamedFrom,
  );
  const sub = (k: KeyPattern): string => `db:${nd.name}/key:${k.name}`;
  for (const k of m.removed)
    c.emit(
      'key.removed',
      sub(k),
      `key '${k.name}' ('${k.pattern.text}') removed`,
      { side: 'old', origin: originId.key(k.id) },
      { kind: 'unmatched', db: od.index, pattern: k.pattern },
    );
  for (const k of m.added)
    c.emit('key.added', sub(k), `key '${k.name}' ('${k.pattern.text}') added`, { side: 'new', origin: originId.key(k.id) });
  for (const [o, n] of m.renamed)
    c.emit(
      'key.renamed',
      sub(o),
      `key '${o.name}' renamed to '${n.name}' ('${o.pattern.text}' -> '${n.pattern.text}')`,
      { side: 'new', origin: originId.key(n.id) },
      o.pattern.text === n.pattern.text ? undefined : { kind: 'unmatched', db: od.index, pattern: o.pattern, now: n.pattern },
    );
  for (const [o, n] of [...m.kept, ...m.renamed]) compareKey(c, o, n, `db:${nd.name}/key:${n.name}`, od.index);
}

function compareKey(c: Collector, o: KeyPattern, n: KeyPattern, subject: string, oldDb: number): void {
  const at = { side: 'new' as const, origin: originId.key(n.id) };
  const rel = compareLanguages(o.pattern, n.pattern);
  const moved = `'${o.pattern.text}' -> '${n.pattern.text}'`;
  const unmatched = { kind: 'unmatched' as const, db: oldDb, pattern: o.pattern, now: n.pattern };
  if (rel === 'narrowed')
    c.emit('key.pattern.narrowed', `${subject}/pattern`, `key '${n.name}': pattern narrowed, ${moved}`, at, unmatched);
  else if (rel === 'widened') c.emit('key.pattern.widened', `${subject}/pattern`, `key '${n.name}': pattern widened, ${moved}`, at);
  else if (rel === 'changed')
    c.emit('key.pattern.changed', `${subject}/pattern`, `key '${n.name}': pattern changed, ${moved}`, at, unmatched);
  else if (rel === 'undecided')
    c.emit(
      'key.pattern.changed',
      `${subject}/pattern`,
      `key '${n.name}': pattern changed, ${moved} (too complex to decide inclusion)`,
      at,
      unmatched,
    );
  if ((o.slotGroup ?? '') !== (n.slotGroup ?? ''))
    c.emit(
      'key.slotgroup.changed',
      `${subject}/slotGroup`,
      `key '${n.name}': slot group ${o.slotGroup ? `'${o.slotGroup}'` : 'none'} -> ${n.slotGroup ? `'${n.slotGroup}'` : 'none'}`,
      at,
    );
  if (o.type !== n.type) {
    c.emit('key.type.changed', `${subject}/type`, `key '${n.name}': Redis type ${o.type} -> ${n.type}`, at, {
      kind: 'type',
      db: oldDb,
      pattern: o.pattern,
      expected: n.type === 'module' ? n.moduleType : n.type,
    });
    return;
  }
  if ((o.logical ?? o.type) !== (n.logical ?? n.type)) {
    // Other contents in the same Redis type: the element formats no longer compare (one rule says it).
    c.emit(
      'key.logical.changed',
      `${subject}/logical`,
      `key '${n.name}': logical type ${o.logical ?? `plain ${o.type}`} -> ${n.logical ?? `plain ${n.type}`} (both stored as a ${n.type})`,
      at,
    );
    compareTtl(c, o, n, subject, oldDb);
    return;
  }
  compareTtl(c, o, n, subject, oldDb);
  const what = `key '${n.name}'`;
  if (o.type === 'string' && n.type === 'string')
    compareFormat(c, o.value, n.value, `${subject}/value`, `${what} value`, 'format.changed', at, (v) => ({
      kind: 'value',
      db: oldDb,
      pattern: o.pattern,
      values: [v],
    }));
  if ((o.type === 'list' || o.type === 'set' || o.type === 'zset') && (n.type === 'list' || n.type === 'set' || n.type === 'zset'))
    compareFormat(c, o.member, n.member, `${subject}/member`, `${what} member`, 'format.changed', at);
  if (o.type === 'zset' && n.type === 'zset') compareFormat(c, o.score, n.score, `${subject}/score`, `${what} score`, 'format.changed', at);
  if ((o.type === 'hash' || o.type === 'stream') && (n.type === 'hash' || n.type === 'stream')) {
    compareFields(c, o, n, subject, oldDb);
    compareEntryCases(c, o, n, subject, oldDb);
  }
}
