/**
 * Imports: each imported library is built under its namespace (`as:`), with the importer's params,
 * and merged into the importer; its keys are bound to the database the import names.
 */
import type { DataPath } from '../source.ts';
import type { Diagnostic } from '../diagnostics.ts';
import { Builder, type FilePart } from './builder.ts';
import { buildFile } from './build-file.ts';
import type { RawImport } from './raw.ts';

/** A library built for an import of this file. */
export interface ImportedPart {
  part: FilePart;
  /** The import as written, and its node. */
  bind: RawImport;
  bindPath: DataPath;
}

/** Builds the files this one imports (cycles, missing files and non-libraries are reported). */
export function buildImports(
  b: Builder,
  from: Pick<FilePart, 'file' | 'raw'>,
  path: string,
  q: (n: string) => string,
  stack: string[],
  buildFile: (
    path: string,
    ns: string,
    stack: string[],
    params: { values: Record<string, unknown> } & Pick<FilePart, 'file'> & { path: DataPath },
  ) => FilePart | undefined,
): ImportedPart[] {
  const { file, raw } = from;
  const imported: ImportedPart[] = [];
  // Each import's names live under its `as`; two imports under one namespace would declare every name twice.
  const namespaces = new Map<string, number>();
  (raw.imports ?? []).forEach((imp, i) => {
    const first = namespaces.get(imp.as);
    if (first !== undefined) {
      const pos = file.locate(['imports', first, 'as']);
      b.report(
        'KS101',
        file,
        ['imports', i, 'as'],
        `duplicate import namespace '${imp.as}' (first used at line ${pos.line})`,
        'Give each import its own `as:`; importing one library twice (other params) needs two namespaces.',
      );
      return;
    }
    namespaces.set(imp.as, i);
    const target = b.host.resolve(path, imp.spec);
    if (stack.includes(target)) {
      b.report('KS161', file, ['imports', i, 'spec'], `import cycle: ${[...stack, target].map((s) => b.display(s)).join(' -> ')}`);
      return;
    }
    if (b.host.readFile(target) === undefined) {
      b.report('KS160', file, ['imports', i, 'spec'], `imported spec '${imp.spec}' not found`);
      return;
    }
    const sub = buildFile(target, q(imp.as), [...stack, target], { values: imp.params ?? {}, file, path: ['imports', i, 'params'] });
    if (!sub) return;
    if (sub.kind !== 'library') {
      b.report('KS163', file, ['imports', i, 'spec'], `'${imp.spec}' is not a library (kind: library)`);
      return;
    }
    if (b.underImporterParams.has(sub.file)) reportOwnExamples(b, target);
    imported.push({ part: sub, bind: imp, bindPath: ['imports', i] });
  });
  return imported;
}

/**
 * A library imported with parameters of the importer's keeps the examples that fit them and drops the
 * rest silently; its examples are judged here instead, as the library's own build (with its defaults)
 * judges them, so a wrong example is still reported once, in the library, whatever the importer passes.
 */
function reportOwnExamples(b: Builder, target: string): void {
  // Once per library file, however many imports bind it.
  if (b.ownExamplesJudged.has(target)) return;
  b.ownExamplesJudged.add(target);
  const own = new Builder(b.host);
  buildFile(own, target, '', [target]);
  const seen = new Set(b.diagnostics.map(diagnosticKey));
  for (const d of own.diagnostics) if ((d.id === 'KS116' || d.id === 'KS126') && !seen.has(diagnosticKey(d))) b.diagnostics.push(d);
}

const diagnosticKey = (d: Diagnostic): string => `${d.id}|${d.file}|${d.line}|${d.column}|${d.message}`;

/** Merges imported libraries into the importing file's part, binding their keys to a database. */
export function mergeImports(b: Builder, part: FilePart, imported: readonly ImportedPart[]): void {
  const { file } = part;
  for (const { part: sub, bind, bindPath } of imported) {
    part.types.push(...sub.types);
    part.channels.push(...sub.channels);
    part.services.push(...sub.services);
    part.refs.push(...sub.refs);
    part.notifications.push(...sub.notifications);
    if (sub.unboundKeys.length === 0) continue;
    if (part.kind === 'library' && bind.database === undefined) {
      part.unboundKeys.push(...sub.unboundKeys);
    } else if (bind.database === undefined) {
      b.report('KS164', file, bindPath, `'${bind.spec}' declares keys; say which database they live in with \`database:\``);
    } else {
      const db = part.databases.find(
        (d) => d.index === bind.database || d.name === bind.database || d.aliases.includes(String(bind.database)),
      );
      if (!db) {
        b.report('KS171', file, [...bindPath, 'database'], `no database '${bind.database}' is declared`);
      } else {
        for (const u of sub.unboundKeys) {
          const bound = { ...u.key, db: db.index, id: `${db.name}.${u.key.name}` };
          db.keys.push(bound);
          b.at.set(bound, b.at.get(u.key)!);
          part.keyPaths.set(bound, [...bindPath, 'database']);
        }
      }
    }
  }
}
