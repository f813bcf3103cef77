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

/**
 * `cluster.databases`: the spec declares databases a Redis Cluster cannot have (it has only database 0),
 * and nothing maps them: one finding naming them and the fix. Those databases are not checked (no
 * `pattern.unseen` for them).
 */
export function addClusterDatabases(collector: Collector, compiled: CompiledSpec, dbs: readonly number[]): void {
  const names = dbs.map((db) => `${db}${compiled.dbs.get(db)?.name ? ` (${compiled.dbs.get(db)!.name})` : ''}`);
  collector.add(
    collector.finding(
      'cluster.databases',
      null,
      null,
      null,
      `the server is a Redis Cluster, which has only database 0, but the spec declares database${dbs.length === 1 ? '' : 's'} ${names.join(', ')}: ` +
        `${dbs.length === 1 ? 'it cannot exist and was' : 'they cannot exist and were'} not checked. Declare a deployment mapping ` +
        `(deployment.databases: per-endpoint | prefixed | native) in the spec, or check database 0 alone with --db 0`,
      'only database 0 declared, or a deployment mapping for the others',
      `database${dbs.length === 1 ? '' : 's'} ${dbs.join(', ')} declared without a mapping`,
      ['CLUSTER', 'INFO'],
    ),
  );
}

/** `cluster.migrating`: slots still being migrated when the check ended. */
export function addClusterMigrating(collector: Collector, slots: readonly number[], notChecked: number): void {
  const shown = slots.length > 10 ? `${slots.slice(0, 10).join(', ')} and ${slots.length - 10} more` : slots.join(', ');
  collector.add(
    collector.finding(
      'cluster.migrating',
      0,
      null,
      null,
      `slot${slots.length === 1 ? '' : 's'} ${shown} ${slots.length === 1 ? 'was' : 'were'} still being migrated when the check ended: ` +
        `${notChecked} key${notChecked === 1 ? '' : 's'} already on the importing node ${notChecked === 1 ? 'was' : 'were'} not checked; run the check again when the migration is done`,
      'no slot migration under way at the end of the check',
      `${slots.length} slot${slots.length === 1 ? '' : 's'} migrating, ${notChecked} key${notChecked === 1 ? '' : 's'} not checked`,
      ['CLUSTER', 'NODES'],
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
