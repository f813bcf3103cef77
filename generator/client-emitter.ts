/**
 * The TypeScript client emitter: typed ioredis accessors, key builders, a key parser, channel and
 * keyspace-notification accessors, emitted with ts-morph over one naming pass (client/naming.ts).
 * Each concern is a module of client/; this one puts their declarations in order. The keyspace as
 * data goes to `descriptors.ts`, and the spec-independent machinery is the `runtime/` folder, copied
 * next to the client so the output depends on ioredis only.
 */
import { Project, QuoteKind, type SourceFile } from 'ts-morph';
import { listAssets, readAsset } from './assets.ts';
import { accessorOf, channelTypes } from './client/channels.ts';
import { clientConstants } from './client/constants.ts';
import { emitDescriptors } from './client/descriptors-file.ts';
import { enumDeclarations } from './client/enums.ts';
import { hashClass } from './client/hash-fields.ts';
import { keyBuilders, parsedKeyType, parseKeyFunction } from './client/key-builders.ts';
import { accessorClass, keyTypes, type Declaration } from './client/key-types.ts';
import { createKeyspaceFunction, databaseInterfaces, keyspaceInterfaces } from './client/keyspace.ts';
import { ClientNames, type PlaceholderNames } from './client/naming.ts';
import { constant } from './client/statements.ts';
import { StatementParts } from './client/statement-parts.ts';
import { braces, render, spaced } from './client/layout.ts';
import type { EmitContext, Emitter, GeneratedFile } from './emitter.ts';

export const clientEmitter: Emitter = {
  name: 'client',
  packages: ['ioredis'],
  emit(ctx: EmitContext): GeneratedFile[] {
    const names = new ClientNames(ctx.spec);
    // Only the runtime's sources: in dist/ the folder also holds what tsc compiled of it (.js, .d.ts, maps).
    const runtime = listAssets('runtime').filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.d.ts'));
    return [
      ...runtime.map((f) => ({ path: `runtime/${f}`, contents: readAsset(`runtime/${f}`) })),
      { path: 'descriptors.ts', contents: emitDescriptors(ctx.spec, names) },
      { path: 'client.ts', contents: emitClient(ctx, names) },
    ];
  },
};

function add(sf: SourceFile, declarations: Declaration[]): void {
  for (const d of declarations) {
    if (d.kind === 'interface') sf.addInterface(d.structure);
    else sf.addTypeAlias(d.structure);
  }
}

/** The placeholders of key and field patterns (the ones key and field builders check), in first use. */
function checkedPlaceholders(names: ClientNames): PlaceholderNames[] {
  const used = new Set<string>();
  for (const k of names.keys) {
    for (const p of k.key.pattern.parts) if (p.kind === 'placeholder') used.add(names.placeholder(p.name, p.type));
    for (const f of k.fieldPatterns)
      for (const p of f.field.pattern.parts) if (p.kind === 'placeholder') used.add(names.placeholder(p.name, p.type));
  }
  return names.placeholderConsts().filter((p) => used.has(p.constant));
}

/**
 * Compiled once when the client loads: a check per placeholder, a plan per key pattern and per field
 * pattern, so no accessor interprets a descriptor per call.
 */
function compiledConstants(names: ClientNames, checked: PlaceholderNames[]): ReturnType<typeof constant>[] {
  const out: ReturnType<typeof constant>[] = [];
  checked.forEach((p, i) =>
    out.push(
      constant(p.check, `paramCheck(${p.constant})`, {
        exported: false,
        ...(i === 0 ? { docs: 'The compiled check of each placeholder of a key or field pattern.' } : {}),
      }),
    ),
  );
  names.keys.forEach((k, i) => {
    out.push(
      constant(k.plan, `compileKey(${k.descriptor})`, {
        exported: false,
        ...(i === 0 ? { docs: 'The compiled plan of each key pattern (and of each field pattern of a hash).' } : {}),
      }),
    );
    for (const f of k.fieldPatterns) out.push(constant(f.plan, `${k.plan}.fieldPlan(${f.descriptor})`, { exported: false }));
  });
  return out;
}

function emitClient(ctx: EmitContext, names: ClientNames): string {
  const { spec } = ctx;
  const project = new Project({
    useInMemoryFileSystem: true,
    skipAddingFilesFromTsConfig: true,
    manipulationSettings: { quoteKind: QuoteKind.Single },
  });
  const out = new StatementParts(project);

  // Types first (the naming pass has named every enum they use).
  const keyDeclarations = names.keys.flatMap((k) => keyTypes(names, k));
  const channelDeclarations = names.channels.flatMap((c) => channelTypes(names, c));
  const classes = names.keys.flatMap((k) => hashClass(spec, names, k) ?? []);
  const enums = enumDeclarations(names);

  const classesUsed = new Set(names.keys.map((k) => accessorClass(k)));
  const values = ['ConnectionPool', ...classesUsed];
  if (names.keys.length) values.push('compileKey');
  if (names.keys.some((k) => k.params)) values.push('parseName');
  // Field patterns of a key without placeholders have placeholders too.
  const checked = checkedPlaceholders(names);
  if (checked.length) values.push('paramCheck');
  for (const cls of new Set(names.channels.map(accessorOf))) values.push(cls);
  if (names.notifications.length) values.push('NotificationAccessor');
  const runtimeImports = [...values, 'type KeyspaceOptions'].sort((a, b) => a.replace(/^type /, '').localeCompare(b.replace(/^type /, '')));
  const runtimeExports = [
    'KeyspecValueError',
    'redactUrl',
    'type KeyspaceEvent',
    'type KeyspaceOptions',
    'type ParsedMessage',
    'type Subscription',
  ];
  const descriptorImports = [
    ...names.keys.flatMap((k) => [...k.fieldPatterns.map((f) => f.descriptor), k.descriptor]),
    ...checked.map((p) => p.constant),
    ...names.channels.map((c) => c.descriptor),
    'DATABASES',
    'ENV_DEFAULTS',
  ];

  const named = (items: string[]): string => render(braces(items), 'import '.length, 30);
  out.add((sf) =>
    sf.addStatements([
      "import type { Redis } from 'ioredis';",
      `import ${named(descriptorImports)} from './descriptors.js';`,
      `import ${named(runtimeImports)} from './runtime/index.js';`,
      `export ${named(runtimeExports)} from './runtime/index.js';`,
    ]),
  );
  out.each(clientConstants(spec, names), (sf, c) => sf.addVariableStatement(c));
  out.each(enums.constants, (sf, c) => sf.addVariableStatement(c));
  out.each(enums.types, (sf, t) => sf.addTypeAlias(t));
  out.add((sf) => sf.addTypeAlias({ name: 'DbName', isExported: true, type: 'keyof typeof DB' }));
  out.each(compiledConstants(names, checked), (sf, c) => sf.addVariableStatement(c));
  out.each(keyDeclarations, (sf, d) => add(sf, [d]));
  out.each(classes, (sf, c) => sf.addClass(c));
  out.each(channelDeclarations, (sf, d) => add(sf, [d]));
  out.add((sf) =>
    add(sf, [
      {
        kind: 'type',
        structure: {
          name: 'ParsedKey',
          isExported: true,
          type: render(parsedKeyType(names), 'export type ParsedKey = '.length, 1),
          docs: ['A key parsed by parseKey: its database, key pattern and typed params.'],
        },
      },
    ]),
  );
  out.each(databaseInterfaces(spec, names), (sf, i) => sf.addInterface(i));
  out.each(keyspaceInterfaces(spec, names), (sf, i) => sf.addInterface(i));
  out.add((sf) =>
    sf.addVariableStatement(
      constant('keys', keyBuilders(names), {
        docs: 'Key builders: typed params in, the concrete key out (params are validated against their types).',
      }),
    ),
  );
  out.each([parseKeyFunction(names), createKeyspaceFunction(spec, names)], (sf, fn) => sf.addFunction(fn));
  const sf = out.file('client.ts');
  sf.formatText({ indentSize: 2, convertTabsToSpaces: true });
  // The formatter packs `; [key: string]` in type literals into `;[key: string]`.
  return spaced(sf.getFullText()).replace(/;\[key: string\]/g, '; [key: string]');
}
