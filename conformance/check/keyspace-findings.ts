/** The findings `check` adds after the scan: undeclared databases, unseen patterns, stale baseline entries. */
import type { Collector } from '../findings/collector.ts';
import type { PatternCoverage } from '../findings/report.ts';
import type { CompiledSpec } from '../judging/compile.ts';

/** `db.undeclared`: a database the spec does not declare holds keys. */
export function addUndeclaredDb(collector: Collector, compiled: CompiledSpec, db: number, size: number, examples: string[]): void {
  collector.add(
    collector.finding(
      'db.undeclared',
      db,
      null,
      null,
      `database ${db} holds ${size} key${size === 1 ? '' : 's'} but the spec declares no database ${db}${examples.length ? ` (e.g. ${examples.map((e) => JSON.stringify(e)).join(', ')})` : ''}`,
      `no keys (declared databases: ${[...compiled.dbs.keys()].join(', ') || 'none'})`,
      `${size} key${size === 1 ? '' : 's'}${examples.length ? `, e.g. ${examples.join(', ')}` : ''}`,
      ['DBSIZE'],
    ),
  );
}

/** `pattern.unseen`: a declared pattern had no key in a scanned database. */
export function addUnseenPattern(collector: Collector, compiled: CompiledSpec, p: PatternCoverage): void {
  collector.add(
    collector.finding(
      'pattern.unseen',
      p.db,
      p.pattern,
      null,
      `no key of ${p.pattern} (\`${p.text}\`) was found in database ${p.db}`,
      `keys matching \`${p.text}\``,
      'none',
      ['--scan', '--pattern', globOf(compiled, p.pattern)],
    ),
  );
}

/** `baseline.stale`: every baseline entry that suppressed nothing. */
export function addStaleBaseline(collector: Collector): void {
  for (const e of collector.staleBaseline()) {
    collector.add(
      collector.finding(
        'baseline.stale',
        e.db ?? null,
        e.pattern ?? null,
        e.key ?? null,
        `baseline entry ${JSON.stringify(e)} suppressed nothing; remove it`,
        'a finding to suppress',
        'none',
        null,
      ),
    );
  }
}

function globOf(compiled: CompiledSpec, patternId: string): string {
  const ck = compiled.keys.find((k) => k.id === patternId);
  if (!ck) return '*';
  return ck.key.pattern.parts.map((p) => (p.kind === 'literal' ? p.text.replace(/[*?[\]\\]/g, (c) => `\\${c}`) : '*')).join('');
}
