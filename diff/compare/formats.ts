/** Value, member, score, entry and message formats: enum values removed or added, any other change. */
import type { ValueFormat } from '../../spec/index.ts';
import { describeFormat } from '../../spec/index.ts';
import type { Collector, Weigh } from './collector.ts';

/** The closed set of values a format allows, if it is one (enums, booleans, enum-typed values). */
function valuesOf(f: ValueFormat): string[] | undefined {
  if (f.kind === 'enum') return f.values;
  if (f.kind === 'boolean') return [f.true, f.false];
  if (f.kind === 'type' && f.type.kind === 'enum') return f.type.values;
  return undefined;
}

/** A format without its documentation (type descriptions and examples do not change what is stored). */
function canonical(f: ValueFormat): string {
  return JSON.stringify(f, (k, v: unknown) => (k === 'description' || k === 'examples' ? undefined : v));
}

/**
 * Compares one format slot; `changedRule` is the rule for a change that is not about enum values
 * (`format.changed`, or `field.format.changed` for hash fields). Returns whether anything changed.
 */
export function compareFormat(
  c: Collector,
  o: ValueFormat,
  n: ValueFormat,
  subject: string,
  what: string,
  changedRule: 'format.changed' | 'field.format.changed' | 'channel.message.changed',
  at: { side: 'old' | 'new'; origin: string },
  /** How live data weighs a removed enum value (string values and literal hash fields only). */
  weighValue?: (value: string) => Weigh,
): boolean {
  if (canonical(o) === canonical(n)) return false;
  const ov = valuesOf(o);
  const nv = valuesOf(n);
  if (ov && nv && o.kind === n.kind) {
    const removed = ov.filter((v) => !nv.includes(v));
    const added = nv.filter((v) => !ov.includes(v));
    for (const v of removed) c.emit('enum.value.removed', `${subject}/enum:${v}`, `${what}: value '${v}' removed`, at, weighValue?.(v));
    for (const v of added) c.emit('enum.value.added', `${subject}/enum:${v}`, `${what}: value '${v}' added`, at);
    if (removed.length || added.length) return true;
  }
  c.emit(changedRule, subject, `${what}: ${describeFormat(o)} -> ${describeFormat(n)}`, at);
  return true;
}
