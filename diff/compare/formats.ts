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
  // A reference added, removed or retargeted: the stored value's own format is compared on its own.
  if (o.kind === 'ref' || n.kind === 'ref') {
    const inner = compareFormat(
      c,
      o.kind === 'ref' ? o.format : o,
      n.kind === 'ref' ? n.format : n,
      subject,
      what,
      changedRule,
      at,
      weighValue,
    );
    if (o.kind === 'ref' && n.kind === 'ref') {
      if (o.key !== n.key || o.by !== n.by)
        c.emit('ref.changed', `${subject}/ref`, `${what}: refers to ${describeFormat(o)} -> ${describeFormat(n)}`, at);
    } else if (n.kind === 'ref') c.emit('ref.added', `${subject}/ref`, `${what}: now ${describeFormat(n)}`, at);
    else if (o.kind === 'ref') c.emit('ref.removed', `${subject}/ref`, `${what}: no longer ${describeFormat(o)}`, at);
    return inner || o.kind !== n.kind || (o.kind === 'ref' && n.kind === 'ref' && (o.key !== n.key || o.by !== n.by));
  }
  // An encoded number whose parts only changed names: the same stored numbers, another client type.
  if (o.kind === 'encoded' && n.kind === 'encoded' && o.multiplier === n.multiplier) {
    const unnamed = (f: typeof o): string => canonical({ ...f, high: { ...f.high, name: '' }, low: { ...f.low, name: '' } });
    if (unnamed(o) === unnamed(n)) {
      c.emit(
        'encoded.parts.renamed',
        `${subject}/encoded`,
        `${what}: parts ${o.high.name}/${o.low.name} renamed to ${n.high.name}/${n.low.name}`,
        at,
      );
      return true;
    }
  }
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
