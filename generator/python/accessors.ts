/**
 * The generated client modules `aio.py` (redis.asyncio) and `sync.py` (redis-py), from one template: an
 * accessor class per key pattern (typed getters and setters per hash field and field pattern), a class per
 * database holding its key accessors, typed channels (a publish method per message format, subscriptions),
 * keyspace-notification subscriptions, and `Keyspace`, which resolves the connections from the env.
 */
import type { Channel, HashField, Spec } from '../../spec/index.ts';
import { describeTtl, originId } from '../../spec/index.ts';
import type { ChannelNames, ClientNames, KeyNames } from '../client/naming.ts';
import { builderName, globOf, paramsDict, patternParams } from './keys.ts';
import { call, defLine, docstring, firstParagraph, pascal, render, snake, specLine, str } from './py.ts';
import type { KeyPyTypes, PyTypes } from './types.ts';
import { unasync } from './unasync.ts';

const BASE: Record<string, string> = {
  string: 'StringKey',
  hash: 'HashKey',
  list: 'ListKey',
  set: 'SetKey',
  zset: 'ZSetKey',
  stream: 'StreamKey',
};

/** A statement in a method body (8 columns in), its call laid out to fit. */
function statement(head: string, e: ReturnType<typeof call>): string {
  return `${head}${render(e, 8, head.length)}`;
}

/** The attribute of a database on `Keyspace` (`ks.log_level`). */
export function dbAttribute(db: { name: string }): string {
  return snake(db.name);
}

/** The method of a key pattern on its database (`ks.lock.nodb_lock(runid, relpath)`). */
export function keyMethod(k: KeyNames): string {
  return snake(k.accessor);
}

export function accessorClassName(k: KeyNames): string {
  return `${k.base}${pascal(k.key.logical ?? (k.key.type === 'zset' ? 'z set' : k.key.type))}`;
}

/** The runtime class of a key's accessor: by its logical type where it has one, else by its Redis type. */
function baseClass(k: KeyNames): string {
  const { key } = k;
  if (key.type === 'module') return 'ModuleKey';
  if (key.logical === 'bitmap') return 'BitmapKey';
  if (key.logical === 'hyperloglog') return 'HyperLogLogKey';
  if (key.logical === 'geo') return 'GeoKey';
  return BASE[key.type]!;
}

function fieldMethodStem(f: HashField, used: Set<string>): string {
  let stem = f.literal ? snake(f.name) : snake(f.pattern.parts.flatMap((p) => (p.kind === 'literal' ? [p.text] : [])).join(' ') || 'field');
  for (let i = 2; used.has(stem); i++) stem = `${stem}_${i}`;
  used.add(stem);
  return stem;
}

function keyClass(spec: Spec, k: KeyNames, t: KeyPyTypes, types: PyTypes): string {
  const { key } = k;
  const name = accessorClassName(k);
  const doc = docstring(
    [
      `\`${key.pattern.text}\` (${key.type}, DB ${k.db.index}): ${firstParagraph(key.description) ?? key.id}`,
      `TTL: ${describeTtl(key.ttl)}. Spec: ${specLine(spec, originId.key(key.id))}.`,
    ],
    4,
  );
  const base = baseClass(k);
  if (base === 'ModuleKey' || base === 'BitmapKey' || base === 'HyperLogLogKey') return `class ${name}(${base}):\n${doc}`;
  if (base === 'GeoKey') return `class ${name}(${base}[${t.value}]):\n${doc}`;
  if (key.type === 'string' || key.type === 'list' || key.type === 'set') return `class ${name}(${base}[${t.value}]):\n${doc}`;
  if (key.type === 'zset') return `class ${name}(${base}[${t.value}, ${t.score}]):\n${doc}`;
  const methods: string[] = [];
  if (key.type === 'hash') {
    const used = new Set(['all', 'fields', 'field']);
    methods.push(
      `    async def get_all(self) -> ${t.partialDict}:\n        """HGETALL, decoded (refreshes a sliding TTL)."""\n        return cast(${t.partialDict}, await self.get_fields())\n`,
      `    async def write(self, record: ${t.fieldsDict}) -> None:\n        """HSET a whole record (a record missing a required field is rejected before anything is sent), TTL applied in the same MULTI."""\n        await self.write_record(record)\n`,
      `    async def set(self, fields: ${t.partialDict}) -> None:\n        """HSET some fields (an update of a record), TTL applied in the same MULTI."""\n        await self.set_fields(fields)\n`,
    );
    for (const f of t.fields) {
      const stem = fieldMethodStem(f.field, used);
      const fdoc = firstParagraph(f.field.description);
      const where = specLine(spec, originId.field(key.id, f.field.name));
      methods.push(
        `    async def get_${stem}(self) -> Optional[${f.type}]:\n${docstring([`HGET \`${f.field.name}\`${fdoc ? `: ${fdoc}` : '.'}`, `Spec: ${where}.`], 8)}        return cast(Optional[${f.type}], await self.get_field(${str(f.field.name)}))\n`,
        `    async def set_${stem}(self, value: ${f.type}) -> None:\n        """HSET \`${f.field.name}\`, TTL applied in the same MULTI."""\n        await self.set_fields({${str(f.field.name)}: value})\n`,
      );
    }
    for (const f of t.patterns) {
      const stem = fieldMethodStem(f.field, used);
      const params = patternParams(f.field.pattern, types);
      const sig = params.map((p) => `${p.arg}: ${p.type}`).join(', ');
      const desc = k.fieldPatterns.find((x) => x.field === f.field)!.descriptor;
      const fdoc = firstParagraph(f.field.description);
      const where = specLine(spec, originId.field(key.id, f.field.name));
      methods.push(
        `    @staticmethod\n    def ${stem}_field(${sig}) -> str:\n        """The field name \`${f.field.pattern.text}\` (params checked)."""\n        return build_name(d.${desc}.parts, ${paramsDict(params)}, ${str(`${key.id} field`)})\n`,
        `    async def get_${stem}(self, ${sig}) -> Optional[${f.type}]:\n${docstring([`HGET \`${f.field.pattern.text}\`${fdoc ? `: ${fdoc}` : '.'}`, `Spec: ${where}.`], 8)}        return cast(Optional[${f.type}], await self.get_field(self.${stem}_field(${params.map((p) => p.arg).join(', ')})))\n`,
        `    async def set_${stem}(self, ${sig}, value: ${f.type}) -> None:\n        """HSET \`${f.field.pattern.text}\`, TTL applied in the same MULTI."""\n        await self.set_fields({self.${stem}_field(${params.map((p) => p.arg).join(', ')}): value})\n`,
      );
    }
  } else {
    methods.push(
      `    async def append(self, fields: ${t.fieldsDict}) -> str:\n        """XADD an entry, TTL applied in the same MULTI; the entry id."""\n        return await self.add(fields)\n`,
    );
  }
  return `class ${name}(${base}):\n${doc}\n${methods.join('\n')}`;
}

function dbClassName(name: string): string {
  return `${pascal(name)}Keys`;
}

function dbClass(spec: Spec, names: ClientNames, db: ClientNames['databases'][number], types: PyTypes): string {
  const methods = db.keys.flatMap((k) => {
    const params = patternParams(k.key.pattern, types);
    const sig = ['self', ...params.map((p) => `${p.arg}: ${p.type}`)];
    const args = params.map((p) => p.arg).join(', ');
    const client = `self._pool.client(${str(db.db.name)})`;
    const accessor = `${defLine(4, `def ${keyMethod(k)}`, sig, accessorClassName(k))}\n        """\`${k.key.pattern.text}\`: the accessor of one key (see ${accessorClassName(k)})."""\n        ${statement('return ', call(accessorClassName(k), [client, `d.${k.descriptor}`, `${builderName(k)}(${args})`, 'self._ctx']))}\n`;
    const scanSig = [
      'self',
      ...params.map((p) => `${p.arg}: Optional[${p.type}] = None`),
      ...(params.length ? ['*'] : []),
      'count: int = 1000',
    ];
    const scan = `${defLine(4, `async def scan_${keyMethod(k)}`, scanSig, 'AsyncIterator[str]')}
${docstring([`SCAN MATCH \`${globOf(k)}\` (narrowed by the params given): the keys of \`${k.key.pattern.text}\`, those a pattern that shadows it claims left out. Never KEYS.`], 8)}        async for key in scan_keys(${client}, d.${k.descriptor}.parts, ${paramsDict(params)}, count):
            parsed = parse_key(${db.db.index}, key)
            if parsed is not None and parsed.id == ${str(k.key.id)}:
                yield key
`;
    return [accessor, scan];
  });
  void names;
  const doc = docstring(
    [
      `DB ${db.db.index} \`${db.db.name}\`${db.db.purpose ? `: ${db.db.purpose}` : ''}.`,
      `Spec: ${specLine(spec, originId.database(db.db.index))}.`,
    ],
    4,
  );
  return `class ${dbClassName(db.db.name)}:\n${doc}\n    def __init__(self, pool: ClientPool, ctx: KeyContext) -> None:\n        self._pool = pool\n        self._ctx = ctx\n${methods.length ? `\n${methods.join('\n')}` : ''}`;
}

function messageMethods(spec: Spec, c: ChannelNames, types: PyTypes): string[] {
  const channel: Channel = c.channel;
  return channel.messages.map((m) => {
    const where = specLine(spec, originId.message(channel.name, m.name));
    const doc = docstring(
      [
        `${channel.sharded ? 'SPUBLISH' : 'PUBLISH'} \`${m.name}\`${m.description ? `: ${firstParagraph(m.description)}` : '.'}`,
        `Returns the number of receivers. Spec: ${where}.`,
      ],
      8,
    );
    if (m.format.kind === 'template') {
      const params = patternParams(m.format.pattern, types);
      const sig = params.map((p) => `${p.arg}: ${p.type}`).join(', ');
      return `    async def publish_${snake(m.name)}(self, *, ${sig}) -> int:\n${doc}        ${statement('return await ', call('self._accessor.publish_message', ['self._params', str(m.name), paramsDict(params)]))}\n`;
    }
    const arg = m.format.kind === 'json' ? 'value: object' : 'text: str';
    return `    async def publish_${snake(m.name)}(self, ${arg}) -> int:\n${doc}        ${statement('return await ', call('self._accessor.publish_message', ['self._params', str(m.name), arg.split(':')[0]!]))}\n`;
  });
}

function channelClass(spec: Spec, c: ChannelNames, types: PyTypes): string {
  const name = `${pascal(c.channel.name)}Channel`;
  const doc = docstring(
    [
      `Channel \`${c.channel.pattern.text}\`: ${firstParagraph(c.channel.description) ?? c.channel.name}`,
      `Spec: ${specLine(spec, originId.channel(c.channel.name))}.`,
    ],
    4,
  );
  return `class ${name}:\n${doc}\n    def __init__(self, accessor: ChannelAccessor, params: Dict[str, object]) -> None:\n        self._accessor = accessor\n        self._params = params\n        self.name = accessor.name(params)\n        """The concrete channel name."""\n\n    async def subscribe(self) -> Subscription[ChannelMessage]:\n        """${c.channel.sharded ? 'SSUBSCRIBE' : 'SUBSCRIBE'} to this channel on a dedicated connection."""\n        return await self._accessor.subscribe(self._params)\n\n${messageMethods(spec, c, types).join('\n')}`;
}

function channelsClass(names: ClientNames, types: PyTypes): string {
  const methods = names.channels.flatMap((c) => {
    const params = patternParams(c.channel.pattern, types);
    const cls = `${pascal(c.channel.name)}Channel`;
    const prop = snake(c.channel.name);
    return [
      `${defLine(4, `def ${prop}`, ['self', ...params.map((p) => `${p.arg}: ${p.type}`)], cls)}\n        """Channel \`${c.channel.pattern.text}\` with its params."""\n        ${statement('return ', call(cls, [`ChannelAccessor(self._pool.client(${str(c.dbName)}), d.${c.descriptor})`, paramsDict(params)]))}\n`,
      `${
        c.channel.sharded
          ? `${defLine(4, `async def subscribe_${prop}`, ['self', ...params.map((p) => `${p.arg}: ${p.type}`)], 'Subscription[ChannelMessage]')}\n        """SSUBSCRIBE to the sharded channel \`${c.channel.pattern.text}\` of the params (sharded pub/sub has no patterns)."""\n`
          : `${defLine(4, `async def subscribe_${prop}`, ['self', ...params.map((p) => `${p.arg}: Optional[${p.type}] = None`)], 'Subscription[ChannelMessage]')}\n        """PSUBSCRIBE to the \`${c.channel.pattern.text}\` channels that fit the params given (SUBSCRIBE with all)."""\n`
      }        accessor = ChannelAccessor(self._pool.client(${str(c.dbName)}), d.${c.descriptor})\n        return await accessor.subscribe(${paramsDict(params)})\n`,
    ];
  });
  return `class Channels:\n    """The spec's pub/sub channels (channel names are server-wide)."""\n\n    def __init__(self, pool: ClientPool) -> None:\n        self._pool = pool\n${methods.length ? `\n${methods.join('\n')}` : ''}`;
}

function notificationsClass(spec: Spec, names: ClientNames, types: PyTypes): string {
  const methods = names.notifications.map((n) => {
    const params = n.key ? patternParams(n.key.key.pattern, types) : [];
    const sig = ['self', ...params.map((p) => `${p.arg}: Optional[${p.type}] = None`)].join(', ');
    const parts = n.key ? `d.${n.key.descriptor}.parts` : 'None';
    const doc = docstring(
      [
        `PSUBSCRIBE to \`__${n.notification.channel}@${n.db.index}__:\`${n.key ? ` on keys of \`${n.key.key.pattern.text}\`` : ''} (events: ${n.notification.events.join('') || 'any'}): ${firstParagraph(n.notification.description) ?? n.notification.name}`,
        `Spec: ${specLine(spec, originId.notification(n.notification.name))}.`,
      ],
      8,
    );
    return `${defLine(4, `async def ${snake(n.notification.name)}`, sig.split(', '), 'Subscription[KeyspaceEvent]')}\n${doc}        ${statement('accessor = ', call('NotificationAccessor', [`self._pool.client(${str(n.db.name)})`, String(n.db.index), parts, str(n.notification.channel)]))}\n        return await accessor.subscribe(${paramsDict(params)})\n`;
  });
  return `class Notifications:\n    """Keyspace-notification subscriptions the spec declares."""\n\n    def __init__(self, pool: ClientPool) -> None:\n        self._pool = pool\n${methods.length ? `\n${methods.join('\n')}` : ''}`;
}

function keyspaceClass(spec: Spec, names: ClientNames): string {
  const dbs = names.databases.map(
    (db) =>
      `        self.${dbAttribute(db.db)} = ${dbClassName(db.db.name)}(self._pool, self._ctx)\n        """DB ${db.db.index} (\`${db.db.name}\`)."""`,
  );
  return `class Keyspace:
    """The ${spec.name} keyspace: key accessors per database, channels and keyspace notifications.

    Connections are resolved from the env vars of the spec's \`\`connections\`\` in their declared precedence
    (the same resolution \`\`keyspec check\`\` and the TypeScript client use), one client per server URL, with
    \`\`decode_responses=False\`\` (the codecs decode every value). \`\`clients\`\` gives a client per database
    name instead (it must not decode responses); \`\`ttl_overrides\`\` sets TTL seconds per key id.
    """

    def __init__(
        self,
        clients: Optional[Mapping[str, AsyncRedis]] = None,
        *,
        env: Optional[Mapping[str, str]] = None,
        ttl_overrides: Optional[Mapping[str, int]] = None,
        client_name: Optional[str] = None,
        factory: Callable[[str, Optional[str]], AsyncRedis] = redis_factory,
    ) -> None:
        self._pool = ClientPool(d.DATABASES, d.ENV_DEFAULTS, clients, env, factory, client_name)
        self._ctx = KeyContext(self._pool.env, dict(ttl_overrides or {}))
${dbs.join('\n')}
        self.channels = Channels(self._pool)
        self.notifications = Notifications(self._pool)

    def client(self, db_name: str) -> AsyncRedis:
        """The client database \`\`db_name\`\` is reached through."""
        return self._pool.client(db_name)

    async def close(self) -> None:
        """Closes the connections this keyspace opened (clients passed in \`\`clients\`\` stay open)."""
        await self._pool.close()
`;
}

/** The asyncio client module; the synchronous one is \`unasync\` of it. */
/** Names of `candidates` that `body` uses as words. */
function usedIn(body: string, candidates: readonly string[]): string[] {
  return candidates.filter((c) => new RegExp(`\\b${c}\\b`).test(body)).sort();
}

function importBlock(from: string, items: string[]): string {
  return items.length ? `from ${from} import (\n${items.map((i) => `    ${i},\n`).join('')})\n` : '';
}

/** The asyncio client module; the synchronous one is \`unasync\` of it. */
export function emitAsyncClient(spec: Spec, names: ClientNames, types: PyTypes, keyTypes: Map<KeyNames, KeyPyTypes>): string {
  const body = [
    ...names.keys.map((k) => keyClass(spec, k, keyTypes.get(k)!, types)),
    ...names.databases.map((db) => dbClass(spec, names, db, types)),
    ...names.channels.map((c) => channelClass(spec, c, types)),
    channelsClass(names, types),
    notificationsClass(spec, names, types),
    keyspaceClass(spec, names),
  ].join('\n\n');
  const runtime = [
    'scan_keys',
    'ChannelAccessor',
    'ChannelMessage',
    'ClientPool',
    'BitmapKey',
    'GeoKey',
    'HashKey',
    'HyperLogLogKey',
    'KeyContext',
    'KeyspaceEvent',
    'ListKey',
    'ModuleKey',
    'NotificationAccessor',
    'SetKey',
    'StreamKey',
    'StringKey',
    'Subscription',
    'ZSetKey',
    'redis_factory',
  ];
  const typing = usedIn(body, ['AsyncIterator', 'Callable', 'Dict', 'List', 'Literal', 'Mapping', 'Optional', 'Tuple', 'Union', 'cast']);
  return [
    '"""The typed asyncio client (redis.asyncio): key accessors whose writes apply the TTL policy, typed channels."""\n',
    'from __future__ import annotations\n',
    `from typing import ${typing.join(', ')}\n`,
    [
      'from . import descriptors as d\n',
      importBlock('._runtime.aio', usedIn(body, runtime)),
      usedIn(body, ['build_name']).length ? 'from ._runtime.names import build_name\n' : '',
      'from ._runtime.protocols import AsyncRedis\n',
      importBlock('.keys', usedIn(body, [...names.keys.map(builderName), 'parse_key'])),
      importBlock('.values', usedIn(body, types.exportedNames())),
    ].join(''),
    body,
  ].join('\n\n');
}

export function emitSyncClient(asyncSource: string): string {
  return unasync(asyncSource).replace('The typed asyncio client (redis.asyncio)', 'The typed synchronous client (redis-py)');
}
