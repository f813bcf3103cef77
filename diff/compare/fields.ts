/** Hash fields and stream entry fields: removed, added (required or not), renamed, format changed. */
import type { FieldedKey, HashField } from '../../spec/index.ts';
import { describeTtl, originId } from '../../spec/index.ts';
import { matchBy, type Collector } from './collector.ts';
import { compareFormat } from './formats.ts';

export function compareFields(c: Collector, o: FieldedKey, n: FieldedKey, subject: string, oldDb: number): void {
  const m = matchBy<HashField>(
    o.fields,
    n.fields,
    (f) => f.name,
    (f) => f.renamedFrom,
  );
  const atNew = (f: HashField) => ({ side: 'new' as const, origin: originId.field(n.id, f.name) });
  const kind = o.type === 'stream' ? 'entry field' : 'field';
  if (o.additionalFields && !n.additionalFields)
    c.emit('field.additional.closed', `${subject}/additionalFields`, `key '${n.name}': undeclared ${kind}s are no longer allowed`, {
      side: 'new',
      origin: originId.key(n.id),
    });
  for (const f of m.removed)
    c.emit('field.removed', `${subject}/field:${f.name}`, `key '${n.name}': ${kind} '${f.name}' removed`, {
      side: 'old',
      origin: originId.field(o.id, f.name),
    });
  for (const f of m.added) {
    if (f.required)
      c.emit('field.required.added', `${subject}/field:${f.name}`, `key '${n.name}': required ${kind} '${f.name}' added`, atNew(f));
    else c.emit('field.added', `${subject}/field:${f.name}`, `key '${n.name}': optional ${kind} '${f.name}' added`, atNew(f));
  }
  for (const [of, nf] of m.renamed)
    c.emit('field.renamed', `${subject}/field:${of.name}`, `key '${n.name}': ${kind} '${of.name}' renamed to '${nf.name}'`, atNew(nf));
  for (const [of, nf] of [...m.kept, ...m.renamed]) {
    const fs = `${subject}/field:${nf.name}`;
    if (!of.required && nf.required) c.emit('field.required.added', fs, `key '${n.name}': ${kind} '${nf.name}' is now required`, atNew(nf));
    const weighValue =
      o.type === 'hash' && of.literal
        ? (v: string) => ({ kind: 'value' as const, db: oldDb, pattern: o.pattern, field: of.name, values: [v] })
        : undefined;
    compareFormat(c, of.value, nf.value, fs, `key '${n.name}' ${kind} '${nf.name}'`, 'field.format.changed', atNew(nf), weighValue);
    if (JSON.stringify(of.ttl) !== JSON.stringify(nf.ttl))
      c.emit(
        'field.ttl.changed',
        `${fs}/ttl`,
        `key '${n.name}' field '${nf.name}': field TTL ${of.ttl ? describeTtl(of.ttl) : 'not declared'} -> ${nf.ttl ? describeTtl(nf.ttl) : 'not declared'}`,
        atNew(nf),
      );
  }
}

/**
 * A stream's entry cases: the deciding field, and each case's fields compared like entry fields (a
 * case is matched to the old one that shares one of its values; a new case against no fields).
 */
export function compareEntryCases(c: Collector, o: FieldedKey, n: FieldedKey, subject: string, oldDb: number): void {
  if (o.type !== 'stream' || n.type !== 'stream') return;
  const oc = o.entryCases;
  const nc = n.entryCases;
  if (!oc && !nc) return;
  if (oc && nc && oc.field !== nc.field)
    c.emit('entry.cases.field.changed', `${subject}/entryCases`, `key '${n.name}': entries by '${oc.field}' -> by '${nc.field}'`, {
      side: 'new',
      origin: originId.key(n.id),
    });
  const pairs = new Map<string, [HashField[], HashField[], string]>();
  const values = [...new Set([...(oc?.cases ?? []).flatMap((x) => x.values), ...(nc?.cases ?? []).flatMap((x) => x.values)])];
  for (const v of values) {
    const before = oc?.cases.find((x) => x.values.includes(v));
    const after = nc?.cases.find((x) => x.values.includes(v));
    const id = `${before ? oc!.cases.indexOf(before) : '-'}/${after ? nc!.cases.indexOf(after) : '-'}`;
    if (!pairs.has(id)) pairs.set(id, [before?.fields ?? [], after?.fields ?? [], (after ?? before)!.values.join(',')]);
  }
  for (const [before, after, label] of pairs.values())
    compareFields(
      c,
      { ...o, fields: before, additionalFields: false },
      { ...n, fields: after, additionalFields: false },
      `${subject}/case:${label}`,
      oldDb,
    );
}
