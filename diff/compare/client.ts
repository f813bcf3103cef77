/**
 * The generated client's API, named by the generator's own naming pass (generator/client/naming.ts, used
 * read-only): `ks.<db>.<accessor>` per key pattern and `ks.channels.<channel>` per channel, taking the
 * pattern's placeholders as parameters (enum placeholders as their value union, integers as numbers).
 */
import type { Pattern, PlaceholderType, Spec } from '../../spec/index.ts';
import { originId } from '../../spec/index.ts';
import { ClientNames } from '../../generator/client/naming.ts';
import type { Collector } from './collector.ts';

interface Accessor {
  path: string;
  signature: string;
  origin: string;
}

function paramType(t: PlaceholderType): string {
  if (t.kind === 'enum') return (t.values ?? []).map((v) => `'${v}'`).join(' | ');
  if (t.kind === 'integer') return 'number';
  return 'string';
}

function signatureOf(p: Pattern): string {
  const params = p.parts.flatMap((x) => (x.kind === 'placeholder' ? [`${x.name}: ${paramType(x.type)}`] : []));
  return params.length ? `({ ${params.join('; ')} })` : '()';
}

export function accessorsOf(spec: Spec): Map<string, Accessor> {
  const out = new Map<string, Accessor>();
  const names = new ClientNames(spec);
  for (const db of names.databases)
    for (const k of db.keys) {
      const path = `ks.${db.prop}.${k.accessor}`;
      out.set(path, { path, signature: signatureOf(k.key.pattern), origin: originId.key(k.key.id) });
    }
  for (const ch of names.channels) {
    const path = `ks.channels.${ch.prop}`;
    out.set(path, { path, signature: signatureOf(ch.channel.pattern), origin: originId.channel(ch.channel.name) });
  }
  return out;
}

export function compareClient(c: Collector): void {
  const o = accessorsOf(c.oldSpec);
  const n = accessorsOf(c.newSpec);
  for (const [path, a] of o) {
    const b = n.get(path);
    if (!b)
      c.emit('client.accessor.removed', `client:${path}`, `generated accessor ${path}${a.signature} removed`, {
        side: 'old',
        origin: a.origin,
      });
    else if (a.signature !== b.signature)
      c.emit('client.accessor.signature.changed', `client:${path}`, `generated accessor ${path}: ${a.signature} -> ${b.signature}`, {
        side: 'new',
        origin: b.origin,
      });
  }
  for (const [path, b] of n)
    if (!o.has(path))
      c.emit('client.accessor.added', `client:${path}`, `generated accessor ${path}${b.signature} added`, {
        side: 'new',
        origin: b.origin,
      });
}
