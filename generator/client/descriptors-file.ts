/**
 * The generated `descriptors.ts`: the keyspace as plain data the runtime interprets. Placeholders and
 * field patterns are named constants that key, field and channel descriptors refer to.
 */
import { Project, QuoteKind, type SourceFile } from 'ts-morph';
import { StatementParts } from './statement-parts.ts';
import type { HashField, Pattern, Spec } from '../../spec/index.ts';
import { fieldRef, matchOrder } from '../../spec/index.ts';
import { codecCode, codeDoc, partsCode, placeholderCode, Ref, ttlCode, type Code } from './descriptor-values.ts';
import { databasesCode, envDefaultsCode } from './connections.ts';
import { firstSentence } from './docs.ts';
import { spaced } from './layout.ts';
import type { ClientNames } from './naming.ts';
import { constant } from './statements.ts';
import { enumRegex } from '../../spec/language/placeholder-types.ts';

export function emitDescriptors(spec: Spec, names: ClientNames): string {
  const project = new Project({
    useInMemoryFileSystem: true,
    skipAddingFilesFromTsConfig: true,
    manipulationSettings: { quoteKind: QuoteKind.Single },
  });
  // Printed part by part and parsed once (statement-parts.ts).
  const out = new StatementParts(project);
  const sf = {
    addImportDeclaration: (d: Parameters<SourceFile['addImportDeclaration']>[0]) => out.add((f) => f.addImportDeclaration(d)),
    addVariableStatement: (v: Parameters<SourceFile['addVariableStatement']>[0]) => out.add((f) => f.addVariableStatement(v)),
  };
  const parts = (p: Pattern): Code[] => partsCode(p, (name, t) => new Ref(names.placeholder(name, t)));
  const fieldCode = (f: HashField): Code => ({
    parts: parts(f.pattern),
    codec: codecCode(f.value),
    ...(f.ttl ? { ttl: ttlCode(f.ttl) } : {}),
  });

  sf.addImportDeclaration({
    moduleSpecifier: './runtime/index.js',
    isTypeOnly: true,
    namedImports: ['ChannelDesc', 'DatabaseDesc', 'EnvDefault', 'FieldDesc', 'KeyDesc', 'PlaceholderDesc'],
  });
  for (const p of names.placeholderConsts()) {
    const what = p.type.description ? firstSentence(p.type.description) : `a ${p.type.name}`;
    sf.addVariableStatement(
      constant(p.constant, codeDoc(placeholderCode(p.name, p.type, enumRegex)), {
        type: 'PlaceholderDesc',
        docs: `\`{${p.name}}\`: ${what}`,
      }),
    );
  }
  for (const k of names.keys) {
    const { key } = k;
    for (const f of k.fieldPatterns)
      sf.addVariableStatement(
        constant(f.descriptor, codeDoc(fieldCode(f.field)), {
          type: 'FieldDesc',
          docs: `Field \`${f.field.pattern.text}\` of \`${key.pattern.text}\`.`,
        }),
      );
    const desc: Record<string, Code> = {
      id: key.id,
      db: k.db.index,
      type: key.type,
      ...(key.logical ? { logical: key.logical } : {}),
      parts: parts(key.pattern),
      ttl: ttlCode(key.ttl),
    };
    if (key.type === 'module') {
      // Judged by its TYPE name only: no value codec.
    } else if (key.type === 'string') desc.value = codecCode(key.value ?? { kind: 'raw' });
    else if (key.type === 'hash' || key.type === 'stream') {
      // In match order (a field before the fields it shadows): the runtime takes the first field that matches.
      desc.fields = matchOrder(key.fields, fieldRef).map((f) => {
        const named = k.fieldPatterns.find((x) => x.field === f);
        return named ? new Ref(named.descriptor) : fieldCode(f);
      });
      const required = key.fields.filter((f) => f.literal && f.required).map((f) => f.name);
      if (required.length) desc.required = required;
      // A stream's entry-case fields, each name once (the first case's format where two cases share a name).
      if (key.type === 'stream' && key.entryCases) {
        const seen = new Set(key.fields.map((f) => f.name));
        for (const c of key.entryCases.cases)
          for (const f of c.fields) {
            if (seen.has(f.name)) continue;
            seen.add(f.name);
            (desc.fields as Code[]).push(fieldCode(f));
          }
      }
    } else {
      desc.member = codecCode(key.member ?? { kind: 'raw' });
      if (key.type === 'zset') desc.score = codecCode(key.score ?? { kind: 'float' });
    }
    sf.addVariableStatement(constant(k.descriptor, codeDoc(desc), { type: 'KeyDesc', docs: `\`${key.pattern.text}\` (${key.id}).` }));
  }
  for (const c of names.channels) {
    const { channel } = c;
    const messages = channel.messages.map((m): Code => {
      if (m.format.kind === 'template') return { name: m.name, kind: 'template', parts: parts(m.format.pattern) };
      if (m.format.kind === 'json') {
        const codec = codecCode(m.format) as Record<string, Code | undefined>;
        return { name: m.name, kind: 'json', codec: codec.schema === undefined ? undefined : codec };
      }
      if (m.format.kind === 'regex') return { name: m.name, kind: 'regex', regex: m.format.regex };
      const plain = m.format.kind === 'raw' || m.format.kind === 'text';
      return { name: m.name, kind: 'text', codec: plain ? undefined : codecCode(m.format) };
    });
    const desc: Code = { name: channel.name, parts: parts(channel.pattern), messages, ...(channel.sharded ? { sharded: true } : {}) };
    sf.addVariableStatement(constant(c.descriptor, codeDoc(desc), { type: 'ChannelDesc', docs: `Channel \`${channel.pattern.text}\`.` }));
  }
  sf.addVariableStatement(
    constant('DATABASES', codeDoc(databasesCode(spec)), {
      type: 'Readonly<Record<string, DatabaseDesc>>',
      docs: 'Each database by name: its index and the connection it is reached through.',
    }),
  );
  sf.addVariableStatement(
    constant('ENV_DEFAULTS', codeDoc(envDefaultsCode(spec)), {
      type: 'readonly EnvDefault[]',
      docs: 'Defaults of the env vars the spec declares.',
    }),
  );
  const file = out.file('descriptors.ts');
  file.formatText({ indentSize: 2, convertTabsToSpaces: true });
  return spaced(file.getFullText());
}
