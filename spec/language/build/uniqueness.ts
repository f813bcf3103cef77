/**
 * Uniqueness and overlaps: names declared twice (KS101), and patterns that can match the same key,
 * field or channel (KS120-KS123) unless one `shadows` the other.
 */
import type { Pattern } from '../model.ts';
import { findOverlap, OverlapUndecidedError } from '../overlap.ts';
import { candidatePairs } from '../overlap-index.ts';
import type { DataPath, SourceFile } from '../source.ts';
import type { Builder, FilePart } from './builder.ts';

/** A named pattern to compare with its siblings. */
export interface OverlapItem {
  name: string;
  pattern: Pattern;
  shadows: string[];
  path: DataPath;
  /** The file it is declared in, when not the file being checked. */
  file?: SourceFile;
  literal?: boolean;
  /** The import namespace it came from: two of one library were checked in the library. */
  imported?: string;
  /** Where to report it instead of its pattern (imported keys: the import's database node). */
  patternPath?: DataPath;
}

export function checkDuplicates(b: Builder, items: { name: string; path: DataPath }[], file: SourceFile, what: string): void {
  const seen = new Map<string, DataPath>();
  for (const it of items) {
    const prev = seen.get(it.name);
    if (prev) {
      const pos = file.locate(prev);
      b.report('KS101', file, [...it.path, 'name'], `duplicate ${what} name '${it.name}' (first declared at line ${pos.line})`);
    } else seen.set(it.name, it.path);
  }
}

export function checkOverlaps(
  bld: Builder,
  items: OverlapItem[],
  file: SourceFile,
  rule: 'KS120' | 'KS121' | 'KS122',
  what: string,
  describe: (a: string, b: string) => string,
): void {
  // Only pairs the index cannot rule out are intersected; in (i, j) order, as comparing every pair would.
  const { pairs, allPairs } = candidatePairs(items.map((x) => x.pattern));
  const progress = bld.progress(what, items.length, pairs.length, allPairs);
  for (let n = 0; n < pairs.length; n++) {
    progress?.(n);
    const [i, j] = pairs[n]!;
    let a = items[i]!;
    let b = items[j]!;
    if (a.shadows.includes(b.name) || b.shadows.includes(a.name)) continue;
    // Two keys of one imported library were checked in the library itself.
    if (a.imported !== undefined && a.imported === b.imported) continue;
    // Blame a key declared here rather than one that came in through an import.
    if (b.imported !== undefined && a.imported === undefined) [a, b] = [b, a];
    const where = b.patternPath ?? [...b.path, b.literal ? 'name' : 'pattern'];
    // The same text over the same types (two imports of one library with other params differ in types).
    if (a.pattern.text === b.pattern.text && a.pattern.regex === b.pattern.regex) {
      if (a.literal && b.literal) continue; // the same literal field twice: KS101
      if (rule === 'KS120')
        bld.report('KS103', b.file ?? file, where, `pattern '${b.pattern.text}' is declared twice (also by '${a.name}')`);
      else bld.report(rule, b.file ?? file, where, `${describe(`'${a.name}'`, `'${b.name}'`)} have the same pattern '${b.pattern.text}'`);
      continue;
    }
    let example: string | undefined;
    try {
      example = findOverlap(a.pattern, b.pattern);
    } catch (e) {
      if (!(e instanceof OverlapUndecidedError)) throw e;
      bld.report('KS123', b.file ?? file, where, e.message);
      continue;
    }
    if (example !== undefined) {
      bld.report(
        rule,
        b.file ?? file,
        where,
        `${describe(`'${a.name}' (${a.pattern.text})`, `'${b.name}' (${b.pattern.text})`)} can both match ${JSON.stringify(example)}`,
      );
    }
  }
  progress?.(pairs.length);
}

/**
 * Across the entry file and its imports: database names and indexes, key patterns per database,
 * channel patterns, and names of channels and services declared in the entry file.
 */
export function checkEntryUniqueness(b: Builder, part: FilePart): void {
  const { file, databases, keyPaths, channels } = part;
  checkDuplicates(
    b,
    databases.map((d, i) => ({ name: d.name, path: ['databases', i] })),
    file,
    'database',
  );
  const byIndex = new Map<number, number>();
  databases.forEach((d, i) => {
    const prev = byIndex.get(d.index);
    if (prev !== undefined) {
      b.report(
        'KS102',
        file,
        ['databases', i, 'index'],
        `database index ${d.index} is declared twice (also '${databases[prev]!.name}'); Redis has one keyspace per index`,
      );
    } else byIndex.set(d.index, i);
  });
  databases.forEach((d, di) => {
    // Imported keys carry no path in this file; report their overlaps at the import's database node.
    const items: OverlapItem[] = d.keys.map((k) => {
      const path = keyPaths.get(k) ?? ['databases', di];
      return k.importedFrom !== undefined
        ? { name: k.name, pattern: k.pattern, shadows: k.shadows, path, imported: k.importedFrom, patternPath: path }
        : { name: k.name, pattern: k.pattern, shadows: k.shadows, path };
    });
    checkDuplicates(
      b,
      items.filter((x) => x.imported === undefined),
      file,
      'key',
    );
    checkOverlaps(b, items, file, 'KS120', 'keys', (x, y) => `in database ${d.index}, key ${x} and key ${y}`);
  });
  checkDuplicates(
    b,
    channels.filter((c) => c.file === file).map((c) => ({ name: c.channel.name, path: c.path })),
    file,
    'channel',
  );
  checkOverlaps(
    b,
    channels.map((c) => ({ name: c.channel.name, pattern: c.channel.pattern, shadows: c.channel.shadows, path: c.path, file: c.file })),
    file,
    'KS122',
    'channels',
    (x, y) => `channel ${x} and channel ${y}`,
  );
  checkDuplicates(
    b,
    part.services.filter((s) => s.file === file).map((s) => ({ name: s.service.name, path: s.path })),
    file,
    'service',
  );
}
