/**
 * Once the model is final (keys bound to their databases, ids settled), the positions the stages
 * recorded per object become `Spec.origins`, keyed by origin id.
 */
import type { SourcePos } from '../diagnostics.ts';
import type { KeyPattern, LibraryKey, Pattern, PlaceholderType, Spec, ValueFormat } from '../model.ts';
import { originId } from '../origins.ts';

export function collectOrigins(
  spec: Omit<Spec, 'origins'>,
  at: ReadonlyMap<object, SourcePos>,
  libraryKeysAt?: SourcePos,
): Record<string, SourcePos> {
  const origins: Record<string, SourcePos> = {};
  const put = (id: string, obj: object): void => {
    const pos = at.get(obj);
    if (pos && !(id in origins)) origins[id] = { ...pos };
  };
  const types = (p: Pattern | undefined): void => {
    for (const part of p?.parts ?? []) if (part.kind === 'placeholder') type(part.type);
  };
  const type = (t: PlaceholderType): void => put(originId.type(t.name), t);
  const format = (f: ValueFormat | undefined): void => {
    if (!f) return;
    if (f.kind === 'type') type(f.type);
    else if (f.kind === 'template') types(f.pattern);
    else if (f.kind === 'anyOf') f.formats.forEach(format);
    else if (f.kind === 'encoded') [f.high.format, f.low.format].forEach(format);
    else if (f.kind === 'ref') format(f.format);
  };
  const key = (k: KeyPattern | LibraryKey): void => {
    put(originId.key(k.id), k);
    types(k.pattern);
    if (k.type === 'hash' || k.type === 'stream') {
      for (const f of k.fields) {
        put(originId.field(k.id, f.name), f);
        types(f.pattern);
        format(f.value);
      }
      if (k.type === 'stream')
        for (const c of k.entryCases?.cases ?? [])
          for (const f of c.fields) {
            // Under the field's own name (the first case declaring it), like the common entry fields.
            put(originId.field(k.id, f.name), f);
            types(f.pattern);
            format(f.value);
          }
    } else if (k.type === 'string') format(k.value);
    else if (k.type !== 'module') {
      format(k.member);
      if (k.type === 'zset') format(k.score);
    }
  };

  put(originId.server(), spec.server);
  put(originId.deployment(), spec.deployment);
  for (const t of spec.types) type(t);
  for (const e of spec.env) put(originId.env(e.name), e);
  for (const c of spec.connections) put(originId.connection(c.name), c);
  for (const d of spec.databases) {
    put(originId.database(d.index), d);
    for (const g of d.slotGroups) put(originId.slotGroup(d.index, g.name), g);
    d.keys.forEach(key);
  }
  if (libraryKeysAt) origins[originId.libraryKeys()] = { ...libraryKeysAt };
  spec.libraryKeys.forEach(key);
  for (const c of spec.channels) {
    put(originId.channel(c.name), c);
    types(c.pattern);
    for (const m of c.messages) {
      put(originId.message(c.name, m.name), m);
      format(m.format);
    }
  }
  for (const n of spec.notifications) put(originId.notification(n.name), n);
  for (const s of spec.services) {
    put(originId.service(s.name), s);
    types(s.clientNamePattern);
    types(s.contract?.websocket);
    for (const p of s.contract?.probes ?? []) put(originId.probe(s.name, p.name), p);
  }
  for (const imp of spec.imports) put(originId.import(imp.as), imp);
  return origins;
}
