/**
 * The keyspace: an interface of accessors per database, the `Keyspace` interface over them, the
 * channels and notifications, and `createKeyspace`, which wires accessors to a connection pool.
 */
import type { FunctionDeclarationStructure, InterfaceDeclarationStructure, OptionalKind } from 'ts-morph';
import type { Spec } from '../../spec/index.ts';
import { propName } from '../names.ts';
import { channelInit, channelMember } from './channels.ts';
import { doc, docLines, keyDoc } from './docs.ts';
import { accessorType, accessorClass } from './key-types.ts';
import { arrow, call, quote, render } from './layout.ts';
import type { ClientNames, KeyNames } from './naming.ts';
import { notificationInit, notificationMember } from './notifications.ts';

export function databaseInterfaces(spec: Spec, names: ClientNames): OptionalKind<InterfaceDeclarationStructure>[] {
  return names.databases
    .filter((d) => d.keys.length)
    .map((d) => ({
      name: d.accessors,
      isExported: true,
      docs: [doc(`Key patterns of DB ${d.db.index} (${d.db.name})${d.db.purpose ? `: ${d.db.purpose}` : ''}.`)],
      properties: d.keys.map((k) => ({
        name: propName(k.accessor),
        type: k.params ? `(params: ${k.params}) => ${accessorType(k)}` : `() => ${accessorType(k)}`,
        docs: [doc(keyDoc(spec, k.key, d.db.index), 2)],
      })),
    }));
}

function title(spec: Spec): string {
  const t = spec.title ?? spec.name;
  return /\bkeyspace$/i.test(t) ? t : `${t} keyspace`;
}

export function keyspaceInterfaces(spec: Spec, names: ClientNames): OptionalKind<InterfaceDeclarationStructure>[] {
  return [
    {
      name: 'Channels',
      isExported: true,
      docs: ['Pub/sub channels (server-wide).'],
      properties: names.channels.map((c) => channelMember(spec, c)),
    },
    {
      name: 'Notifications',
      isExported: true,
      docs: ['Keyspace-notification consumers declared by the spec.'],
      properties: names.notifications.map(notificationMember),
    },
    {
      name: 'Keyspace',
      isExported: true,
      docs: [`Typed access to the ${title(spec)}.`],
      properties: [
        ...names.databases
          .filter((d) => d.keys.length)
          .map((d) => ({
            name: propName(d.prop),
            type: d.accessors,
            docs: [doc(`DB ${d.db.index} (${d.db.name})${d.db.purpose ? `: ${d.db.purpose}` : ''}.`, 2)],
          })),
        { name: 'channels', type: 'Channels', docs: ['Pub/sub channels (server-wide).'] },
        { name: 'notifications', type: 'Notifications', docs: ['Keyspace-notification consumers declared by the spec.'] },
      ],
      methods: [
        {
          name: 'client',
          parameters: [{ name: 'db', type: 'DbName' }],
          returnType: 'Redis',
          docs: ['The (lazily connected) ioredis client of a database.'],
        },
        {
          name: 'quit',
          returnType: 'Promise<void>',
          docs: ['Closes every connection this keyspace opened (clients passed in options stay open).'],
        },
      ],
    },
  ];
}

function accessorInit(dbProp: string, dbName: string, k: KeyNames): string {
  const head = `${propName(k.accessor)}: (${k.params ? 'params' : ''}) =>`;
  const key = `keys.${propName(dbProp)}.${propName(k.accessor)}(${k.params ? 'params' : ''})`;
  const cls = k.hashClass ?? accessorClass(k);
  const init = call(`new ${cls}`, [`pool.client(${quote(dbName)})`, k.descriptor, key, 'ctx', k.plan]);
  return render(arrow(head, init), 6, 1, 6);
}

function block(name: string, items: string[]): string {
  if (!items.length) return `${name}: {},`;
  return [`${name}: {`, ...items.map((i) => `  ${i.replace(/\n/g, '\n  ')},`), `},`].join('\n');
}

export function createKeyspaceFunction(spec: Spec, names: ClientNames): OptionalKind<FunctionDeclarationStructure> {
  const envVars = [...new Set(spec.connections.flatMap((c) => c.url))].join(', ') || 'none';
  const dbs = names.databases
    .filter((d) => d.keys.length)
    .map((d) =>
      block(
        propName(d.prop),
        d.keys.map((k) => accessorInit(d.prop, d.db.name, k)),
      ),
    );
  return {
    name: 'createKeyspace',
    isExported: true,
    docs: [
      doc(
        docLines(
          'Creates typed accessors over lazily connected ioredis clients, one per logical database.',
          'Connections follow the spec: explicit `clients` or `urls`/`url` in the options, else the env vars',
          `(${envVars}; then host/port vars) in their declared precedence.`,
        ),
      ),
    ],
    parameters: [{ name: 'options', type: 'KeyspaceOptions', initializer: '{}' }],
    returnType: 'Keyspace',
    statements: [
      'const pool = new ConnectionPool(options, DATABASES, ENV_DEFAULTS);',
      'const ctx = pool.keyContext;',
      [
        'return {',
        ...[
          ...dbs,
          block('channels', names.channels.map(channelInit)),
          block('notifications', names.notifications.map(notificationInit)),
          'client: (db: DbName) => pool.client(db),',
          'quit: () => pool.quit(),',
        ].map((l) => `  ${l.replace(/\n/g, '\n  ')}`),
        '};',
      ].join('\n'),
    ],
  };
}
