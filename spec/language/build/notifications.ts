/**
 * Notification consumers: who listens to keyspace or keyevent notifications of which database (and
 * key pattern), and whether `server.notifyKeyspaceEvents` enables the events they need.
 */
import type { Database, NotificationConsumer, ServerRequirements } from '../model.ts';
import { consumerFlags, formatFlags, missingFlags } from '../notify-flags.ts';
import type { Builder, FileContext } from './builder.ts';
import { checkDuplicates } from './uniqueness.ts';

const EVENT_CLASSES = 'g$lshzxetdmnA';

/** Event classes that only keys of one Redis type emit (the others are generic: g x e n m A, d for modules). */
const TYPE_EVENTS: Record<string, string | undefined> = { $: 'string', l: 'list', s: 'set', h: 'hash', z: 'zset', t: 'stream' };

export function buildNotifications(ctx: FileContext): void {
  const { b, file, part, q } = ctx;
  (part.raw.notifications ?? []).forEach((rn, ni) => {
    const npath = ['notifications', ni];
    const n: Omit<NotificationConsumer, 'db'> = {
      name: q(rn.name),
      channel: rn.channel ?? 'keyspace',
      events: [...new Set(rn.events.join(''))],
      notes: [],
      ...(rn.description !== undefined ? { description: rn.description } : {}),
      ...(rn.service !== undefined ? { service: q(rn.service) } : {}),
    };
    const bad = n.events.filter((e) => !EVENT_CLASSES.includes(e));
    if (bad.length)
      b.report(
        'KS141',
        file,
        [...npath, 'events'],
        `unknown event class${bad.length > 1 ? 'es' : ''} ${bad.map((x) => `'${x}'`).join(', ')}`,
      );
    if (rn.service !== undefined) part.refs.push({ kind: 'service', name: q(rn.service), file, path: [...npath, 'service'] });
    part.notifications.push({ n, file, path: npath, dbRef: rn.db, ...(rn.key !== undefined ? { keyRef: rn.key } : {}) });
  });
}

/** Resolves each consumer's database and key, and checks the server flags enable what it needs. */
export function resolveNotifications(
  b: Builder,
  ctx: Pick<FileContext, 'file' | 'part'>,
  databases: readonly Database[],
  server: ServerRequirements,
): NotificationConsumer[] {
  const notifications: NotificationConsumer[] = [];
  for (const entry of ctx.part.notifications) {
    const { dbRef } = entry;
    const db = databases.find((d) => d.index === dbRef || d.name === dbRef || d.aliases.includes(String(dbRef)));
    if (!db) {
      b.report(
        'KS171',
        entry.file,
        [...entry.path, 'db'],
        `notification consumer '${entry.n.name}' watches database '${String(dbRef)}', which is not declared`,
      );
      continue;
    }
    const n: NotificationConsumer = { ...entry.n, db: db.index };
    if (entry.keyRef !== undefined) {
      const key = db.keys.find((k) => k.name === entry.keyRef || k.id === entry.keyRef);
      if (!key) b.report('KS171', entry.file, [...entry.path, 'key'], `database ${db.index} has no key pattern '${entry.keyRef}'`);
      else {
        n.key = key.id;
        const foreign = n.events.filter((e) => TYPE_EVENTS[e] !== undefined && TYPE_EVENTS[e] !== key.type);
        if (foreign.length)
          b.report(
            'KS145',
            entry.file,
            [...entry.path, 'events'],
            `consumer '${n.name}' watches ${key.type} key '${key.name}' but asks for ${foreign.map((e) => `${TYPE_EVENTS[e]} events ('${e}')`).join(', ')}, which a ${key.type} key never has`,
          );
      }
    }
    const needed = consumerFlags(
      n.channel,
      n.events.filter((e) => EVENT_CLASSES.includes(e)),
    );
    const have = server.notifyKeyspaceEvents?.flags ?? [];
    const missing = missingFlags(needed.flags, have);
    if (missing.length) {
      b.report(
        'KS140',
        entry.file,
        [...entry.path, 'events'],
        `consumer '${n.name}' needs notify-keyspace-events flags '${formatFlags(missing)}', which server.notifyKeyspaceEvents ('${server.notifyKeyspaceEvents?.raw ?? ''}') does not enable`,
        `Set server.notifyKeyspaceEvents to include '${formatFlags(needed.flags)}'.`,
      );
    }
    notifications.push(b.place(n, entry.file, entry.path));
  }
  checkDuplicates(
    b,
    ctx.part.notifications.filter((x) => x.file === ctx.file).map((x) => ({ name: x.n.name, path: x.path })),
    ctx.file,
    'notification',
  );
  return notifications;
}
