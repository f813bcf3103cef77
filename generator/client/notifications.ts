/** Keyspace-notification consumers: a typed subscriber per consumer the spec declares. */
import type { OptionalKind, PropertySignatureStructure } from 'ts-morph';
import { propName } from '../names.ts';
import { doc } from './docs.ts';
import { quote } from './layout.ts';
import type { NotificationNames } from './naming.ts';

function describe(n: NotificationNames): string {
  const { notification: c } = n;
  const channel = c.channel === 'keyspace' ? `__keyspace@${c.db}__:<key>` : `__keyevent@${c.db}__:<event>`;
  return `${channel} events (${c.events.join('')})${c.key ? ` on ${c.key}` : ''}${c.service ? `, consumed by ${c.service}` : ''}.`;
}

export function notificationMember(n: NotificationNames): OptionalKind<PropertySignatureStructure> {
  return { name: propName(n.prop), type: `NotificationAccessor<${n.key?.params ?? 'Record<never, never>'}>`, docs: [doc(describe(n), 2)] };
}

export function notificationInit(n: NotificationNames): string {
  const parts = n.key ? `${n.key.descriptor}.parts` : 'undefined';
  const { notification: c } = n;
  return `${propName(n.prop)}: new NotificationAccessor(pool, ${quote(n.db.name)}, ${c.db}, ${parts}, ${quote(c.channel)})`;
}
