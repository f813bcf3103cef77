/**
 * What a template's placeholder position is, from the statistics of the values it took: one known shape
 * (segment-shapes.ts) is that shape's type; a small closed set, each value seen in several keys, is an enum
 * (enums.ts); anything else a generic type: one character class of what the values hold.
 */
import type { PositionValues } from './key-stats.ts';
import { enumValues } from './enums.ts';
import { charClassRegex, shapeNamed } from './segment-shapes.ts';

export type Placeholder =
  | { kind: 'builtin'; type: string }
  | { kind: 'shape'; name: string; regex: string }
  | { kind: 'enum'; values: string[] }
  | { kind: 'generic'; regex: string; values: PositionValues };

export function decidePlaceholder(v: PositionValues): Placeholder {
  const shapes = [...v.shapes];
  if (!v.literal && shapes.length === 1) {
    const s = shapeNamed(shapes[0]!)!;
    return s.builtin ? { kind: 'builtin', type: s.builtin } : { kind: 'shape', name: s.name, regex: s.regex! };
  }
  if (!v.literal && shapes.every((s) => s === 'uint' || s === 'int')) return { kind: 'builtin', type: 'int' };
  const e = enumValues(v);
  if (e) return { kind: 'enum', values: e };
  return { kind: 'generic', regex: charClassRegex(v.chars, v.minLength === Infinity ? 1 : v.minLength), values: v };
}
