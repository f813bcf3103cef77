/**
 * The fields of a hash (or a stream entry) template from sampled keys: literal field names, and field
 * patterns where at least three names share a prefix up to the first `:` (`timestamps:build_soils`,
 * `timestamps:fetch_dem`, ... become `timestamps:{timestamps}` with an enum of the suffixes when the set is
 * small, else a generic type), each with the format of its values and whether every sample had it.
 */
import { inferValueFormat } from './value-formats.ts';
import { charClassRegex } from './segment-shapes.ts';
import type { ValueFormat } from '../spec/index.ts';

export interface InferredField {
  /** Literal name, or a pattern with one placeholder (`prefix:{name}`). */
  name?: string;
  pattern?: string;
  /** The placeholder's type for a pattern: an enum or a regex. */
  placeholder?: { name: string; enum?: string[]; regex?: string };
  value: ValueFormat;
  required: boolean;
  /** Samples holding the field (or a field of the pattern). */
  seen: number;
}

export interface FieldSample {
  fields: [string, Buffer][];
  /** The sample holds every field (HSCAN finished). */
  complete: boolean;
}

const PREFIX_MIN_NAMES = 3;
const ENUM_MAX = 24;

function identifier(s: string): string {
  const id = s
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return /^[a-z]/.test(id) ? id : `f_${id || 'field'}`;
}

/**
 * @param typeFor a named placeholder type whose values these are (the run ids of the key names, held in a
 *   field too), for fields that would otherwise be raw text
 */
function typed(f: ValueFormat, values: Buffer[], typeFor: (values: string[]) => ValueFormat | undefined): ValueFormat {
  if (f.kind !== 'raw' || !values.length) return f;
  return typeFor(values.map((v) => v.toString('utf8'))) ?? f;
}

export function inferFields(
  samples: readonly FieldSample[],
  typeFor: (values: string[]) => ValueFormat | undefined = () => undefined,
): { fields: InferredField[]; additional: boolean } {
  const byName = new Map<string, Buffer[]>();
  const presence = new Map<string, number>();
  for (const s of samples) {
    const seen = new Set<string>();
    for (const [f, v] of s.fields) {
      (byName.get(f) ?? byName.set(f, []).get(f)!).push(v);
      if (!seen.has(f)) presence.set(f, (presence.get(f) ?? 0) + 1);
      seen.add(f);
    }
  }
  const complete = samples.filter((s) => s.complete).length;
  const groups = new Map<string, string[]>();
  for (const name of byName.keys()) {
    const i = name.indexOf(':');
    if (i > 0 && i < name.length - 1) {
      const p = name.slice(0, i + 1);
      (groups.get(p) ?? groups.set(p, []).get(p)!).push(name);
    }
  }
  const inPattern = new Set<string>();
  const out: InferredField[] = [];
  for (const [prefix, names] of [...groups].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (names.length < PREFIX_MIN_NAMES) continue;
    // A pattern placeholder must not hold braces (they would read as placeholders).
    const suffixes = names.map((n) => n.slice(prefix.length));
    if (suffixes.some((s) => /[{}]/.test(s)) || /[{}]/.test(prefix)) continue;
    for (const n of names) inPattern.add(n);
    const ph = identifier(prefix.slice(0, -1));
    const chars = new Set(suffixes.join(''));
    const placeholder =
      suffixes.length <= ENUM_MAX
        ? { name: ph, enum: [...suffixes].sort() }
        : { name: ph, regex: charClassRegex(chars, Math.min(...suffixes.map((s) => s.length))) };
    const values = names.flatMap((n) => byName.get(n)!);
    const seen = samples.filter((s) => s.fields.some(([f]) => f.startsWith(prefix))).length;
    out.push({ pattern: `${prefix}{${ph}}`, placeholder, value: inferValueFormat(values), required: false, seen });
  }
  for (const name of [...byName.keys()].sort()) {
    if (inPattern.has(name)) continue;
    const seen = presence.get(name) ?? 0;
    out.push({
      name,
      value: typed(inferValueFormat(byName.get(name)!), byName.get(name)!, typeFor),
      required: complete === samples.length && samples.length > 0 && seen === samples.length,
      seen,
    });
  }
  return { fields: out, additional: complete < samples.length };
}
