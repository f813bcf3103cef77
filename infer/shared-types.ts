/**
 * Named placeholder types shared across templates and databases: a shape is one type wherever it recurs
 * (`epoch_s`), equal enums are one type, and generic placeholders whose value samples overlap (the same
 * run ids as keys in DB 0 and inside lock names in DB 14) are one type whose character class covers them
 * all. The value samples are bottom-k by the hash of the value, so two positions holding the same ids keep
 * largely the same sample, and overlap is measured on those (Jaccard >= 0.3).
 */
import type { Placeholder } from './placeholders.ts';
import { charClassRegex } from './segment-shapes.ts';

export interface NamedType {
  name: string;
  /** `regex` or `enum` body, as in the spec's `types:`. */
  regex?: string;
  enum?: string[];
  examples: string[];
  description: string;
}

/** What a placeholder is written as: a built-in type name, or a named type. */
export interface TypeRef {
  type: string;
}

export class SharedTypes {
  private readonly named = new Map<string, NamedType>();
  private readonly byEnum = new Map<string, string>();
  private generics: { name: string; values: Set<string>; chars: Set<string>; minLength: number; uses: number }[] = [];
  private counters = new Map<string, number>();

  /** @param prefix put before every type name (`--against`: the new types must not clash with the spec's) */
  constructor(private readonly prefix = '') {}

  private fresh(base: string): string {
    const n = (this.counters.get(base) ?? 0) + 1;
    this.counters.set(base, n);
    return `${this.prefix}${base}${n}`;
  }

  /** The type of a decided placeholder (registering named types as needed). */
  typeOf(p: Placeholder): TypeRef {
    switch (p.kind) {
      case 'builtin':
        return { type: p.type };
      case 'shape': {
        const name = `${this.prefix}${p.name}`;
        if (!this.named.has(name))
          this.named.set(name, { name, regex: p.regex, examples: [], description: `Segments of the shape \`${p.name}\`.` });
        return { type: name };
      }
      case 'enum': {
        const k = JSON.stringify(p.values);
        let name = this.byEnum.get(k);
        if (!name) {
          name = this.fresh('choice');
          this.byEnum.set(k, name);
          this.named.set(name, { name, enum: p.values, examples: [], description: `A closed set of ${p.values.length} value(s) seen.` });
        }
        return { type: name };
      }
      case 'generic': {
        const values = new Set(p.values.values.names());
        let best: (typeof this.generics)[number] | undefined;
        let bestJ = 0;
        for (const g of this.generics) {
          let inter = 0;
          for (const v of values) if (g.values.has(v)) inter++;
          const j = inter / (values.size + g.values.size - inter || 1);
          if (j > bestJ) [best, bestJ] = [g, j];
        }
        if (best && bestJ >= 0.3) {
          for (const v of values) if (best.values.size < 256) best.values.add(v);
          for (const c of p.values.chars) best.chars.add(c);
          best.minLength = Math.min(best.minLength, p.values.minLength);
          best.uses++;
          return { type: best.name };
        }
        const g = { name: this.fresh('id'), values, chars: new Set(p.values.chars), minLength: p.values.minLength, uses: 1 };
        this.generics.push(g);
        return { type: g.name };
      }
    }
  }

  /**
   * The generic type these values are ids of: every value is in its sample or at least 80% are and the
   * rest are written with its characters. Undefined when none fits.
   */
  typeForValues(values: readonly string[]): string | undefined {
    const distinct = [...new Set(values)];
    if (!distinct.length || distinct.some((v) => v === '')) return undefined;
    for (const g of this.generics) {
      const inSample = distinct.filter((v) => g.values.has(v)).length;
      if (inSample === 0 || inSample < distinct.length * 0.8) continue;
      if (distinct.every((v) => g.values.has(v) || [...v].every((c) => g.chars.has(c)))) return g.name;
    }
    return undefined;
  }

  /** A named regex type for a field-pattern placeholder (one per distinct regex). */
  regexType(regex: string, examples: string[]): TypeRef {
    for (const t of this.named.values()) if (t.regex === regex && t.name.startsWith('field')) return { type: t.name };
    const name = this.fresh('field');
    this.named.set(name, { name, regex, examples: examples.slice(0, 3), description: 'Field-name parts seen.' });
    return { type: name };
  }

  /** The named types, in order of first use; generic ones with their final character class. */
  types(): NamedType[] {
    const out = [...this.named.values()];
    for (const g of this.generics) {
      const examples = [...g.values].sort().slice(0, 3);
      out.push({
        name: g.name,
        regex: charClassRegex(g.chars, g.minLength === Infinity ? 1 : g.minLength),
        examples,
        description: `Ids seen in ${g.uses} pattern position(s); the character class of the values seen.`,
      });
    }
    return out;
  }
}
