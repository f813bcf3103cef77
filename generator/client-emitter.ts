/**
 * The TypeScript client emitter: typed ioredis accessors, key builders, a key parser, channel and
 * keyspace-notification accessors, emitted with ts-morph structures. The spec-independent machinery
 * is `runtime.ts`, copied next to the client so the output depends on ioredis only.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  Project,
  StructureKind,
  VariableDeclarationKind,
  type ClassDeclarationStructure,
  type InterfaceDeclarationStructure,
  type MethodDeclarationStructure,
  type OptionalKind,
  type PropertySignatureStructure,
  type TypeAliasDeclarationStructure,
  type VariableStatementStructure,
} from 'ts-morph';
import type { Channel, Database, KeyPattern, NotificationConsumer, Spec } from '../spec/index.ts';
import { describeFormat, describeTtl, originId, originOf } from '../spec/index.ts';
import {
  codecDesc,
  EnumAliases,
  formatTsType,
  jsonText,
  literalUnion,
  partsDesc,
  patternKeyType,
  placeholderTsType,
  ttlDesc,
  type Json,
} from './client-types.ts';
import type { EmitContext, Emitter, GeneratedFile } from './emitter.ts';
import { camelCase, constantCase, pascalCase, propName, words } from './names.ts';

const RUNTIME_SOURCE = join(import.meta.dirname, 'runtime', 'runtime.ts');

interface KeyNames {
  key: KeyPattern;
  db: Database;
  base: string;
  desc: string;
  accessor: string;
  params: string | undefined;
  accessorType: string;
}

function keyNames(spec: Spec): KeyNames[] {
  const all = spec.databases.flatMap((db) => db.keys.map((key) => ({ db, key })));
  const count = new Map<string, number>();
  for (const { key } of all) count.set(pascalCase(key.name), (count.get(pascalCase(key.name)) ?? 0) + 1);
  return all.map(({ db, key }) => {
    const base = count.get(pascalCase(key.name)) === 1 ? pascalCase(key.name) : pascalCase(`${db.name} ${key.name}`);
    return {
      key,
      db,
      base,
      desc: `${constantCase(base)}_KEY`,
      accessor: camelCase(key.name),
      params: key.pattern.placeholders.length ? `${base}Params` : undefined,
      accessorType: '',
    };
  });
}

function docLines(...lines: (string | undefined)[]): string {
  return lines.filter((l): l is string => l !== undefined && l !== '').join('\n');
}

function firstSentence(md: string | undefined): string | undefined {
  if (!md) return undefined;
  const para = md
    .trim()
    .split(/\n\s*\n/)[0]!
    .replace(/\s+/g, ' ');
  return para.replace(/\*\//g, '*\\/');
}

function where(spec: Spec, src: { file: string; line: number }): string {
  return `${src.file}:${src.line}`;
}

export const clientEmitter: Emitter = {
  name: 'client',
  emit(ctx: EmitContext): GeneratedFile[] {
    return [
      { path: 'runtime.ts', contents: readFileSync(RUNTIME_SOURCE, 'utf8') },
      { path: 'client.ts', contents: emitClient(ctx) },
    ];
  },
};

function emitClient(ctx: EmitContext): string {
  const { spec } = ctx;
  const project = new Project({ useInMemoryFileSystem: true, skipAddingFilesFromTsConfig: true });
  const sf = project.createSourceFile('client.ts', '', { overwrite: true });
  const enums = new EnumAliases();
  // Named enum types first, so they get their own names.
  for (const t of spec.types) if (t.kind === 'enum') enums.aliasFor(t.name, t.values ?? []);

  const runtimeImports = new Set<string>([
    'ConnectionPool',
    'buildName',
    'parseName',
    'type KeyspaceOptions',
    'type KeyDesc',
    'type ChannelDesc',
    'type ConnectionDesc',
    'type EnvDefault',
  ]);
  const names = keyNames(spec);
  const dbByIndex = new Map(spec.databases.map((d) => [d.index, d]));

  const consts: OptionalKind<VariableStatementStructure>[] = [];
  const aliases: OptionalKind<TypeAliasDeclarationStructure>[] = [];
  const interfaces: OptionalKind<InterfaceDeclarationStructure>[] = [];
  const classes: OptionalKind<ClassDeclarationStructure>[] = [];

  const constant = (name: string, initializer: string, docs?: string, type?: string, exported = true): void => {
    consts.push({
      declarationKind: VariableDeclarationKind.Const,
      isExported: exported,
      declarations: [{ name, initializer, ...(type ? { type } : {}) }],
      ...(docs ? { docs: [docs] } : {}),
    });
  };

  constant('SPEC_NAME', JSON.stringify(spec.name), 'The spec this client was generated from.');
  constant(
    'DB',
    `{ ${spec.databases.map((d) => `${propName(camelCase(d.name))}: ${d.index}`).join(', ')} } as const`,
    'Logical database numbers by name.',
  );
  aliases.push({ name: 'DbName', isExported: true, type: 'keyof typeof DB' });

  // TTL constants.
  const ttlEntries = names.flatMap(({ key }) => {
    const p = key.ttl;
    if (p.kind === 'exact') return [`${JSON.stringify(key.id)}: ${p.seconds}`];
    if (p.kind === 'bounded') return [`${JSON.stringify(key.id)}: ${p.max}`];
    return [];
  });
  constant(
    'TTL_SECONDS',
    `{ ${ttlEntries.join(', ')} } as const`,
    'The TTL (seconds; the upper bound for ranges) each key pattern is written with, by key id.',
  );

  // Per key.
  const dbMembers = new Map<string, OptionalKind<PropertySignatureStructure>[]>();
  const keyBuilders = new Map<string, string[]>();
  const parsedUnion: string[] = [];
  const parseTable: string[] = [];
  for (const n of names) {
    const { key, db } = n;
    const docs = docLines(
      `\`${key.pattern.text}\` (${key.type}, DB ${db.index}): ${firstSentence(key.description) ?? key.id}`,
      `TTL: ${describeTtl(key.ttl)}.`,
      `Spec: ${where(spec, originOf(spec, originId.key(key.id)))}`,
    );
    if (n.params) {
      interfaces.push({
        name: n.params,
        isExported: true,
        docs: [`Placeholders of \`${key.pattern.text}\`.`],
        properties: key.pattern.parts.flatMap((p) =>
          p.kind === 'placeholder'
            ? [
                {
                  name: propName(p.name),
                  type: placeholderTsType(p.type, enums),
                  docs: [p.type.description ? firstSentence(p.type.description)! : `a ${p.type.name}`],
                },
              ]
            : [],
        ),
      });
    }
    const desc: Record<string, Json> = { id: key.id, db: db.index, type: key.type, parts: partsDesc(key.pattern), ttl: ttlDesc(key.ttl) };
    let accessorType: string;
    if (key.type === 'string') {
      const valueType = `${n.base}Value`;
      const vt = formatTsType(key.value ?? { kind: 'raw' }, enums, valueType);
      if (vt !== valueType)
        aliases.push({
          name: valueType,
          isExported: true,
          type: vt,
          docs: [`Value of \`${key.pattern.text}\`: ${describeFormat(key.value ?? { kind: 'raw' })}.`],
        });
      desc.value = codecDesc(key.value ?? { kind: 'raw' });
      accessorType = `StringKey<${valueType}>`;
      runtimeImports.add('StringKey');
    } else if (key.type === 'hash' || key.type === 'stream') {
      const fieldsType = `${n.base}Fields`;
      const literal = key.fields.filter((f) => f.literal);
      const patterned = key.fields.filter((f) => !f.literal);
      const members = literal.map((f) => `${JSON.stringify(f.name)}: ${formatTsType(f.value, enums, `${n.base} ${f.name}`)}`);
      const parts: string[] = [];
      if (members.length) parts.push(`{ ${members.join('; ')} }`);
      for (const f of patterned)
        parts.push(
          `{ [K in ${patternKeyType(f.pattern, enums)}]: ${formatTsType(f.value, enums, `${n.base} ${words(f.pattern.text).join(' ')}`)} }`,
        );
      if (key.additionalFields) parts.push('Record<string, string>');
      aliases.push({
        name: fieldsType,
        isExported: true,
        type: parts.join(' & ') || 'Record<never, never>',
        docs: [`Fields of \`${key.pattern.text}\`.`],
      });
      desc.fields = key.fields.map((f) => ({ parts: partsDesc(f.pattern), codec: codecDesc(f.value) }));
      if (key.type === 'stream') {
        accessorType = `StreamKey<${fieldsType}>`;
        runtimeImports.add('StreamKey');
      } else if (patterned.length) {
        const cls = `${n.base}Hash`;
        runtimeImports.add('HashKey');
        const methods: OptionalKind<MethodDeclarationStructure>[] = [];
        const used = new Set<string>();
        patterned.forEach((f, i) => {
          const lit = f.pattern.parts
            .filter((p) => p.kind === 'literal')
            .map((p) => (p.kind === 'literal' ? p.text : ''))
            .join(' ');
          let stem = pascalCase(lit || `field ${i + 1}`);
          if (used.has(stem)) stem = `${stem}${i + 1}`;
          used.add(stem);
          const ph = f.pattern.parts.flatMap((p) => (p.kind === 'placeholder' ? [p] : []));
          const params = ph.map((p) => ({ name: camelCase(p.name), type: placeholderTsType(p.type, enums) }));
          const keyType = patternKeyType(f.pattern, enums);
          const valueType = formatTsType(f.value, enums, `${n.base} ${words(f.pattern.text).join(' ')}`);
          const partsConst = `${constantCase(n.base)}_FIELD_${i}`;
          constant(partsConst, `${jsonText(partsDesc(f.pattern))} as const`, undefined, undefined, false);
          const build = `buildName(${partsConst}, { ${ph.map((p) => `${propName(p.name)}: ${camelCase(p.name)}`).join(', ')} }, ${JSON.stringify(`${key.id} field`)}) as ${keyType}`;
          methods.push({
            name: `get${stem}`,
            isAsync: true,
            parameters: params,
            returnType: `Promise<${valueType} | null>`,
            docs: [`HGET \`${f.pattern.text}\` (${describeFormat(f.value)}).`],
            statements: `return this.get(${build});`,
          });
          methods.push({
            name: `set${stem}`,
            parameters: [...params, { name: 'value', type: valueType }],
            returnType: 'Promise<void>',
            docs: [`HSET \`${f.pattern.text}\` with the key's TTL applied in the same MULTI.`],
            statements: [
              `let field: ${keyType};`,
              `try {`,
              `  field = ${build};`,
              `} catch (e) {`,
              `  return Promise.reject(e);`,
              `}`,
              `return this.setField(field, value, ${key.fields.indexOf(f)});`,
            ],
          });
        });
        classes.push({ name: cls, isExported: true, extends: `HashKey<${fieldsType}>`, docs: [docs], methods });
        accessorType = cls;
      } else {
        accessorType = `HashKey<${fieldsType}>`;
        runtimeImports.add('HashKey');
      }
    } else {
      const memberType = `${n.base}Member`;
      const mt = formatTsType(key.member ?? { kind: 'raw' }, enums, memberType);
      if (mt !== memberType)
        aliases.push({
          name: memberType,
          isExported: true,
          type: mt,
          docs: [`Members of \`${key.pattern.text}\`: ${describeFormat(key.member ?? { kind: 'raw' })}.`],
        });
      desc.member = codecDesc(key.member ?? { kind: 'raw' });
      if (key.type === 'zset') {
        const scoreType = formatTsType(key.score ?? { kind: 'float' }, enums, `${n.base}Score`);
        desc.score = codecDesc(key.score ?? { kind: 'float' });
        accessorType = `ZSetKey<${memberType}, ${scoreType}>`;
        runtimeImports.add('ZSetKey');
      } else if (key.type === 'list') {
        accessorType = `ListKey<${memberType}>`;
        runtimeImports.add('ListKey');
      } else {
        accessorType = `SetKey<${memberType}>`;
        runtimeImports.add('SetKey');
      }
    }
    n.accessorType = accessorType;
    constant(n.desc, jsonText(desc as Json), `Descriptor of \`${key.pattern.text}\` (${key.id}).`, 'KeyDesc', false);

    const dbProp = camelCase(db.name);
    const member: OptionalKind<PropertySignatureStructure> = {
      name: propName(n.accessor),
      type: n.params ? `(params: ${n.params}) => ${accessorType}` : `() => ${accessorType}`,
      docs: [docs],
    };
    dbMembers.set(dbProp, [...(dbMembers.get(dbProp) ?? []), member]);
    keyBuilders.set(dbProp, [
      ...(keyBuilders.get(dbProp) ?? []),
      n.params
        ? `${propName(n.accessor)}: (params: ${n.params}): string => buildName(${n.desc}.parts, params as unknown as Record<string, unknown>, ${JSON.stringify(key.id)})`
        : `${propName(n.accessor)}: (): string => buildName(${n.desc}.parts, {}, ${JSON.stringify(key.id)})`,
    ]);
    parsedUnion.push(
      `{ db: ${JSON.stringify(db.name)}; key: ${JSON.stringify(key.name)}; id: ${JSON.stringify(key.id)}; params: ${n.params ?? 'Record<never, never>'} }`,
    );
  }

  // parseKey: shadowing keys are tried first, then declaration order.
  for (const db of spec.databases) {
    const inDb = names.filter((n) => n.db === db);
    const ordered = [...inDb].sort((a, b) => (b.key.shadows.length ? 1 : 0) - (a.key.shadows.length ? 1 : 0));
    for (const n of ordered)
      parseTable.push(
        `[${db.index}, ${JSON.stringify(db.name)}, ${JSON.stringify(n.key.name)}, ${JSON.stringify(n.key.id)}, ${n.desc}.parts]`,
      );
  }

  // Enums (after every alias has been requested).
  const enumDecls: OptionalKind<TypeAliasDeclarationStructure>[] = [];
  const enumConsts: OptionalKind<VariableStatementStructure>[] = [];
  for (const e of enums.all()) {
    enumConsts.push({
      declarationKind: VariableDeclarationKind.Const,
      isExported: true,
      declarations: [
        { name: `${constantCase(e.alias)}_VALUES`, initializer: `[${e.values.map((v) => JSON.stringify(v)).join(', ')}] as const` },
      ],
    });
    enumDecls.push({ name: e.alias, isExported: true, type: literalUnion(e.values) });
  }

  // Channels.
  const channelMembers: OptionalKind<PropertySignatureStructure>[] = [];
  const channelInits: string[] = [];
  for (const ch of spec.channels) {
    const base = `${pascalCase(ch.name)}Channel`;
    const paramsName = `${base}Params`;
    interfaces.push({
      name: paramsName,
      isExported: true,
      docs: [`Placeholders of channel \`${ch.pattern.text}\`.`],
      properties: ch.pattern.parts.flatMap((p) =>
        p.kind === 'placeholder' ? [{ name: propName(p.name), type: placeholderTsType(p.type, enums) }] : [],
      ),
    });
    const variants = ch.messages.map((m) => {
      if (m.format.kind === 'template') {
        const ph = m.format.pattern.parts.flatMap((p) =>
          p.kind === 'placeholder' ? [`${propName(p.name)}: ${placeholderTsType(p.type, enums)}`] : [],
        );
        return `{ name: ${JSON.stringify(m.name)}${ph.length ? `; ${ph.join('; ')}` : ''} }`;
      }
      if (m.format.kind === 'json')
        return `{ name: ${JSON.stringify(m.name)}; value: ${m.format.schema === undefined ? 'unknown' : formatTsType(m.format, enums, m.name)} }`;
      return `{ name: ${JSON.stringify(m.name)}; text: string }`;
    });
    aliases.push({
      name: `${base}Message`,
      isExported: true,
      type: variants.join(' | ') || 'never',
      docs: [`Messages on \`${ch.pattern.text}\`, by declared format.`],
    });
    const descConst = `${constantCase(base)}_DESC`;
    const mdesc = ch.messages.map((m): Json => {
      if (m.format.kind === 'template') return { name: m.name, kind: 'template', parts: partsDesc(m.format.pattern) };
      if (m.format.kind === 'json') return { name: m.name, kind: 'json' };
      if (m.format.kind === 'regex') return { name: m.name, kind: 'regex', regex: m.format.regex };
      return { name: m.name, kind: 'text' };
    });
    constant(descConst, jsonText({ name: ch.name, parts: partsDesc(ch.pattern), messages: mdesc }), undefined, 'ChannelDesc', false);
    const dbName = channelDb(spec, ch);
    channelMembers.push({
      name: propName(camelCase(ch.name)),
      type: `ChannelAccessor<${paramsName}, ${base}Message>`,
      docs: [docLines(`Channel \`${ch.pattern.text}\`: ${firstSentence(ch.description) ?? ch.name}`, `Spec: ${where(spec, originOf(spec, originId.channel(ch.name)))}`)],
    });
    channelInits.push(`${propName(camelCase(ch.name))}: new ChannelAccessor(pool, ${JSON.stringify(dbName)}, ${descConst})`);
    runtimeImports.add('ChannelAccessor');
  }

  // Keyspace notifications.
  const notificationMembers: OptionalKind<PropertySignatureStructure>[] = [];
  const notificationInits: string[] = [];
  for (const n of spec.notifications) {
    const keyN = n.key ? names.find((x) => x.key.id === n.key) : undefined;
    const db = dbByIndex.get(n.db);
    if (!db) continue;
    notificationMembers.push({
      name: propName(camelCase(n.name)),
      type: `NotificationAccessor<${keyN?.params ?? 'Record<never, never>'}>`,
      docs: [notificationDoc(n)],
    });
    notificationInits.push(
      `${propName(camelCase(n.name))}: new NotificationAccessor(pool, ${JSON.stringify(db.name)}, ${n.db}, ${keyN ? `${keyN.desc}.parts` : 'undefined'}, ${JSON.stringify(n.channel)})`,
    );
    runtimeImports.add('NotificationAccessor');
  }

  // Connections.
  const connDesc = (name: string | undefined): string => {
    const c = spec.connections.find((x) => x.name === name) ?? spec.connections[0];
    if (!c) return 'undefined';
    const d: Record<string, Json> = { name: c.name, url: c.url };
    for (const k of ['host', 'port', 'passwordFile', 'password'] as const) if (c[k] !== undefined) d[k] = c[k]!;
    if (c.db)
      d.db = { ...(c.db.env !== undefined ? { env: c.db.env } : {}), ...(c.db.default !== undefined ? { default: c.db.default } : {}) };
    return `${jsonText(d)} as ConnectionDesc`;
  };
  constant(
    'DATABASES',
    `{ ${spec.databases.map((d) => `${propName(d.name)}: { index: ${d.index}, connection: ${connDesc(d.connection)} }`).join(', ')} }`,
    undefined,
    'Readonly<Record<string, { index: number; connection: ConnectionDesc | undefined }>>',
    false,
  );
  constant(
    'ENV_DEFAULTS',
    jsonText(spec.env.map((e) => ({ name: e.name, ...(e.default !== undefined ? { default: e.default } : {}) }))),
    undefined,
    'readonly EnvDefault[]',
    false,
  );

  // Key builders and parser.
  constant(
    'keys',
    `{ ${[...keyBuilders.entries()].map(([db, list]) => `${propName(db)}: { ${list.join(', ')} }`).join(', ')} } as const`,
    'Key builders: typed params in, the concrete key out (params are validated against their types).',
  );
  aliases.push({
    name: 'ParsedKey',
    isExported: true,
    type: parsedUnion.join(' | ') || 'never',
    docs: ['A key parsed by parseKey: its database, key pattern and typed params.'],
  });
  constant('PARSE_TABLE', `[${parseTable.join(', ')}] as const`, undefined, undefined, false);

  // The Keyspace interface.
  const ksProps: OptionalKind<PropertySignatureStructure>[] = spec.databases
    .filter((d) => dbMembers.has(camelCase(d.name)))
    .map((d) => ({
      name: propName(camelCase(d.name)),
      type: `{ ${dbMembers
        .get(camelCase(d.name))!
        .map((m) => `${m.name}: ${String(m.type)}`)
        .join('; ')} }`,
      docs: [`DB ${d.index} (${d.name})${d.purpose ? `: ${d.purpose}` : ''}.`],
    }));
  interfaces.push({
    name: 'Keyspace',
    isExported: true,
    docs: [`Typed access to the ${spec.title ?? spec.name} keyspace.`],
    properties: [
      ...ksProps,
      {
        name: 'channels',
        type: `{ ${channelMembers.map((m) => `${m.name}: ${String(m.type)}`).join('; ')} }`,
        docs: ['Pub/sub channels (server-wide).'],
      },
      {
        name: 'notifications',
        type: `{ ${notificationMembers.map((m) => `${m.name}: ${String(m.type)}`).join('; ')} }`,
        docs: ['Keyspace-notification consumers declared by the spec.'],
      },
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
  });

  // Emit, in a stable order.
  const runtimeList = [...runtimeImports].sort((a, b) => a.replace(/^type /, '').localeCompare(b.replace(/^type /, '')));
  sf.addImportDeclarations([
    { moduleSpecifier: 'ioredis', namedImports: ['Redis'], isTypeOnly: true },
    { moduleSpecifier: './runtime.js', namedImports: runtimeList },
  ]);
  sf.addStatements(
    `export { KeyspecValueError, redactUrl, type KeyspaceOptions, type ParsedMessage, type Subscription, type KeyspaceEvent } from './runtime.js';`,
  );
  sf.addVariableStatements(consts.filter((c) => c.isExported && !String(c.declarations[0]!.name).endsWith('_KEY')));
  sf.addVariableStatements(enumConsts);
  sf.addTypeAliases(enumDecls);
  sf.addTypeAliases(aliases);
  sf.addInterfaces(interfaces);
  sf.addVariableStatements(consts.filter((c) => !c.isExported));
  sf.addClasses(classes);
  const keysStmt = consts.find((c) => c.declarations[0]!.name === 'keys');
  void keysStmt;

  const dbInits = spec.databases
    .filter((d) => dbMembers.has(camelCase(d.name)))
    .map((d) => {
      const inDb = names.filter((n) => n.db === d);
      const members = inDb.map((n) => {
        const cls = n.accessorType.replace(/<.*$/, '');
        const args = `pool.client(${JSON.stringify(d.name)}), ${n.desc}, ${n.params ? `buildName(${n.desc}.parts, params as unknown as Record<string, unknown>, ${JSON.stringify(n.key.id)})` : `buildName(${n.desc}.parts, {}, ${JSON.stringify(n.key.id)})`}, ctx`;
        return `${propName(n.accessor)}: (${n.params ? `params: ${n.params}` : ''}) => new ${cls}(${args})`;
      });
      return `${propName(camelCase(d.name))}: { ${members.join(', ')} }`;
    });

  sf.addFunctions([
    {
      name: 'parseKey',
      isExported: true,
      docs: ['Parses a concrete key of a database (number or name): its pattern and typed params, or null when no pattern matches.'],
      parameters: [
        { name: 'db', type: 'number | DbName' },
        { name: 'key', type: 'string' },
      ],
      returnType: 'ParsedKey | null',
      statements: [
        `const index = typeof db === 'number' ? db : DB[db];`,
        `for (const [dbIndex, dbName, keyName, id, parts] of PARSE_TABLE) {`,
        `  if (dbIndex !== index) continue;`,
        `  const params = parseName(parts, key);`,
        `  if (params) return { db: dbName, key: keyName, id, params } as unknown as ParsedKey;`,
        `}`,
        `return null;`,
      ],
    },
    {
      name: 'createKeyspace',
      isExported: true,
      docs: [
        docLines(
          'Creates typed accessors over lazily connected ioredis clients, one per logical database.',
          'Connections follow the spec: explicit `clients` or `urls`/`url` in the options, else the env vars',
          `(${[...new Set(spec.connections.flatMap((c) => c.url))].join(', ') || 'none'}; then host/port vars) in their declared precedence.`,
        ),
      ],
      parameters: [{ name: 'options', type: 'KeyspaceOptions', initializer: '{}' }],
      returnType: 'Keyspace',
      statements: [
        'const pool = new ConnectionPool(options, DATABASES, ENV_DEFAULTS);',
        'const ctx = pool.keyContext;',
        `return {`,
        ...dbInits.map((l) => `  ${l},`),
        `  channels: { ${channelInits.join(', ')} },`,
        `  notifications: { ${notificationInits.join(', ')} },`,
        `  client: (db: DbName) => pool.client(db),`,
        `  quit: () => pool.quit(),`,
        `};`,
      ],
    },
  ]);
  // `keys` is exported above with the constants; make sure it stays after the descriptors it uses.
  const keysDecl = sf.getVariableStatement('keys');
  if (keysDecl) {
    const text = keysDecl.getText();
    keysDecl.remove();
    sf.insertStatements(sf.getFunctions()[0]!.getChildIndex(), text);
  }
  sf.formatText({ indentSize: 2, convertTabsToSpaces: true, semicolons: 'insert' as never });
  return sf.getFullText();
}

function channelDb(spec: Spec, ch: Channel): string {
  const db = ch.connectionDb !== undefined ? spec.databases.find((d) => d.index === ch.connectionDb) : undefined;
  return (db ?? spec.databases[0])?.name ?? 'default';
}

function notificationDoc(n: NotificationConsumer): string {
  return `${n.channel === 'keyspace' ? `__keyspace@${n.db}__:<key>` : `__keyevent@${n.db}__:<event>`} events (${n.events.join('')})${n.key ? ` on ${n.key}` : ''}${n.service ? `, consumed by ${n.service}` : ''}.`;
}

void StructureKind;
