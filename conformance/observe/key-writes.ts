/**
 * Key writes seen in notifications or MONITOR: the database is declared, the key matches a pattern of
 * it, the write is of the declared type and, with MONITOR, by a declared writer; then its TTL is judged
 * once the writes settle.
 */
import { hasRawBytes } from '../findings/key-bytes.ts';
import { show } from '../judging/classify.ts';
import type { Spec } from '../../spec/index.ts';
import type { Collector } from '../findings/collector.ts';
import { matchKey, type CompiledKey, type CompiledSpec } from '../judging/compile.ts';
import { eventType, isDeclaredWriter, isDeletion, judgesTtl } from '../judging/observe-rules.ts';
import type { Attribution } from './client-names.ts';
import type { SettledKeys } from './settled-keys.ts';

export class KeyWrites {
  /** Events seen. */
  events = 0;
  private readonly reportedDbs = new Set<number>();

  constructor(
    private readonly spec: Spec,
    private readonly compiled: CompiledSpec,
    private readonly collector: Collector,
    private readonly settled: SettledKeys,
  ) {}

  /**
   * One write: `type` is the Redis type the command writes (when known); `source` (MONITOR) the client
   * that ran it, with the name it had at that point of the MONITOR stream.
   */
  onWrite(db: number, key: string, event: string, type = eventType(event), source?: Attribution): void {
    this.events++;
    if (event === 'expired' || event === 'evicted' || event === 'del' || isDeletion(event)) return;
    const cdb = this.compiled.dbs.get(db);
    if (!cdb) {
      if (!this.reportedDbs.has(db)) {
        this.reportedDbs.add(db);
        this.collector.add(
          this.collector.finding(
            'db.undeclared',
            db,
            null,
            key,
            `a write (${event}) to database ${db}, which the spec does not declare: ${show(key)}`,
            'no keys in undeclared databases',
            `${event} ${key}`,
            ['TYPE', key],
          ),
        );
      }
      return;
    }
    // A name that is not valid UTF-8 matches no pattern (patterns are text; findings/key-bytes.ts).
    const pattern = hasRawBytes(key) ? undefined : matchKey(cdb, key);
    if (!pattern) {
      this.collector.unmatched(db, key, {
        id: 'key.unmatched',
        message: `a write (${event}) to ${show(key)}, which matches no pattern of database ${db} (${cdb.name})`,
        expected: 'a declared pattern',
        actual: key,
        reproduce: ['TYPE', key],
      });
      return;
    }
    if (type !== undefined && type !== pattern.key.type) {
      this.collector.add(
        this.collector.finding(
          'key.type',
          db,
          pattern.id,
          key,
          `${event.toUpperCase()} on ${JSON.stringify(key)} writes a ${type}, but ${pattern.id} (\`${pattern.key.pattern.text}\`) is a ${pattern.key.type}`,
          pattern.key.type,
          `${type} (${event})`,
          ['TYPE', key],
        ),
      );
    }
    if (source !== undefined) this.checkWriter(db, pattern, key, event, source);
    if (judgesTtl(event) || type !== undefined) this.settled.schedule(db, key, pattern);
  }

  private checkWriter(db: number, pattern: CompiledKey, key: string, command: string, source: Attribution): void {
    const name = source.name;
    if (source.script && source.addr === 'lua') return this.checkScriptWriter(db, pattern, key, command);
    if (name === undefined || name === '' || name.startsWith('keyspec-')) return;
    if (isDeclaredWriter(this.spec, pattern.key, name) !== false) return;
    const by = source.script ? `a Lua script run by client '${name}'` : `client '${name}'`;
    this.collector.add(
      this.collector.finding(
        'key.writer',
        db,
        pattern.id,
        key,
        `${by} (${source.addr}) ran ${command.toUpperCase()} on ${JSON.stringify(key)}, but is not a declared writer of ${pattern.id} (writers: ${pattern.key.writers.join(', ') || 'none'})`,
        pattern.key.writers.join(', ') || 'no writers',
        name,
        ['CLIENT', 'LIST'],
      ),
    );
  }

  /**
   * A script's write whose call line was not seen: attributed to the key's declared writers that run
   * scripts (`scripts: true`). Unattributable, and not judged, when the spec declares no such service.
   */
  private checkScriptWriter(db: number, pattern: CompiledKey, key: string, command: string): void {
    const scripting = this.spec.services.filter((s) => s.scripts);
    if (scripting.length === 0) return;
    const writers = pattern.key.writers;
    if (scripting.some((s) => writers.includes(s.name) || s.actsAs.some((a) => writers.includes(a)))) return;
    this.collector.add(
      this.collector.finding(
        'key.writer',
        db,
        pattern.id,
        key,
        `a Lua script ran ${command.toUpperCase()} on ${JSON.stringify(key)}, but no service that runs scripts (${scripting.map((s) => s.name).join(', ')}) is a declared writer of ${pattern.id} (writers: ${writers.join(', ') || 'none'})`,
        writers.join(', ') || 'no writers',
        'a Lua script',
        ['MONITOR'],
      ),
    );
  }
}
