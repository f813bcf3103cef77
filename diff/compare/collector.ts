/** Collects the changes the comparers find, each judged by its rule, with what live data can weigh it by. */
import type { Pattern, SourcePos, Spec } from '../../spec/index.ts';
import { originOf } from '../../spec/index.ts';
import { fingerprintOf } from '../fingerprint.ts';
import { ruleOf } from '../rules.ts';
import type { Change } from '../types.ts';

/**
 * How live keys weigh a change: which keys of database `db` (matching `pattern`, the old side's) it affects.
 * `unmatched`: no longer matched by `now` (undefined: by nothing); `ttlOver`: a TTL above `maxMs`, or none
 * when `persistent` is false; `noTtl`: no TTL at all; `type`: a Redis type other than `expected`; `database`:
 * any key of the patterns.
 */
export type Weigh =
  | { kind: 'unmatched'; db: number; pattern: Pattern; now?: Pattern }
  | { kind: 'ttlOver'; db: number; pattern: Pattern; maxMs: number; persistent: boolean }
  | { kind: 'noTtl'; db: number; pattern: Pattern }
  /** `expected`: what TYPE reports (a module type by its name, e.g. `ReJSON-RL`). */
  | { kind: 'type'; db: number; pattern: Pattern; expected: string }
  /** Every key of the database's patterns (a database that moves to another index). */
  | { kind: 'database'; db: number; patterns: Pattern[] }
  /** A string value (or the literal hash field `field`'s value) that is one of `values`. */
  | { kind: 'value'; db: number; pattern: Pattern; field?: string; values: string[] };

export class Collector {
  readonly changes: Change[] = [];
  readonly weighs = new Map<Change, Weigh>();

  constructor(
    readonly oldSpec: Spec,
    readonly newSpec: Spec,
  ) {}

  /** Records a change; `at` is an origin id in the new spec, or in the old one when `side` is 'old'. */
  emit(rule: string, subject: string, message: string, at?: { side: 'old' | 'new'; origin: string }, weigh?: Weigh): Change {
    const r = ruleOf(rule);
    const change: Change = {
      rule,
      level: r.level,
      category: r.category,
      hurts: r.hurts,
      subject,
      message,
      hint: r.hint,
      fingerprint: fingerprintOf(rule, subject),
    };
    if (at) {
      const spec = at.side === 'old' ? this.oldSpec : this.newSpec;
      const pos: SourcePos = originOf(spec, at.origin);
      change.location = { file: pos.file, line: pos.line, column: pos.column };
    }
    this.changes.push(change);
    if (weigh) this.weighs.set(change, weigh);
    return change;
  }
}

/** Items of two lists matched by a key: removed (old only), added (new only), and kept pairs. */
export function matchBy<T>(
  oldItems: readonly T[],
  newItems: readonly T[],
  keyOf: (x: T) => string,
  renamedFrom?: (x: T) => string | undefined,
): { removed: T[]; added: T[]; kept: [T, T][]; renamed: [T, T][] } {
  const newByKey = new Map(newItems.map((x) => [keyOf(x), x]));
  const used = new Set<T>();
  const kept: [T, T][] = [];
  const renamed: [T, T][] = [];
  const unmatched: T[] = [];
  for (const o of oldItems) {
    const n = newByKey.get(keyOf(o));
    if (n) {
      kept.push([o, n]);
      used.add(n);
    } else unmatched.push(o);
  }
  const removed: T[] = [];
  for (const o of unmatched) {
    const n = renamedFrom ? newItems.find((x) => !used.has(x) && renamedFrom(x) === keyOf(o)) : undefined;
    if (n) {
      renamed.push([o, n]);
      used.add(n);
    } else removed.push(o);
  }
  return { removed, added: newItems.filter((x) => !used.has(x)), kept, renamed };
}

/** Names quoted and comma-separated, for messages. */
export function list(xs: readonly string[]): string {
  return xs.map((x) => `'${x}'`).join(', ');
}
