/** Server requirements (version, notify flags, config) and keyspace-notification consumers. */
import type { NotificationConsumer } from '../../spec/index.ts';
import { originId } from '../../spec/index.ts';
import { matchBy, type Collector } from './collector.ts';

/** `7.2.4` -> [7, 2, 4]; compared part by part. */
function versionParts(v: string): number[] {
  return v.split('.').map((x) => Number.parseInt(x, 10) || 0);
}

export function versionAbove(a: string, b: string): boolean {
  const x = versionParts(a);
  const y = versionParts(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d > 0;
  }
  return false;
}

export function compareServer(c: Collector): void {
  const o = c.oldSpec.server;
  const n = c.newSpec.server;
  const at = { side: 'new' as const, origin: originId.server() };
  if (n.minVersion !== undefined && (o.minVersion === undefined || versionAbove(n.minVersion, o.minVersion)))
    c.emit('server.version.raised', 'server/minVersion', `minimum Redis version ${o.minVersion ?? '(none)'} -> ${n.minVersion}`, at);
  const oldFlags = new Set(o.notifyKeyspaceEvents?.flags ?? []);
  const newFlags = (n.notifyKeyspaceEvents?.flags ?? []).filter((f) => !oldFlags.has(f));
  if (newFlags.length)
    c.emit(
      'server.notify.raised',
      'server/notifyKeyspaceEvents',
      `notify-keyspace-events needs ${newFlags.join('')} more (${o.notifyKeyspaceEvents?.raw ?? '(none)'} -> ${n.notifyKeyspaceEvents?.raw})`,
      at,
    );
  for (const [k, v] of Object.entries(n.config))
    if (o.config[k] !== v)
      c.emit('server.config.changed', `server/config:${k}`, `server config ${k}: ${o.config[k] ?? '(unset)'} -> ${v}`, at);

  const m = matchBy<NotificationConsumer>(c.oldSpec.notifications, c.newSpec.notifications, (x) => x.name);
  for (const x of m.removed)
    c.emit('notify.consumer.removed', `notification:${x.name}`, `notification consumer '${x.name}' removed`, {
      side: 'old',
      origin: originId.notification(x.name),
    });
  for (const [ox, nx] of m.kept) {
    const more = nx.events.filter((e) => !ox.events.includes(e));
    if (more.length)
      c.emit(
        'notify.events.added',
        `notification:${nx.name}`,
        `notification consumer '${nx.name}' needs event classes ${more.join('')} more`,
        {
          side: 'new',
          origin: originId.notification(nx.name),
        },
      );
  }
  for (const nx of m.added)
    c.emit(
      'notify.events.added',
      `notification:${nx.name}`,
      `new notification consumer '${nx.name}' needs event classes ${nx.events.join('')}`,
      {
        side: 'new',
        origin: originId.notification(nx.name),
      },
    );
}
