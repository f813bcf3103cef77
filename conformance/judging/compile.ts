/**
 * Compiles a validated spec into per-database key matchers for the conformance check (pure). Matching
 * a key costs one Map lookup for literal patterns, then one lookup per distinct literal-prefix length
 * (a handful per database) and a regex test only for the patterns whose literal prefix fits.
 */
import type { Database, HashField, KeyPattern, Spec, TtlPolicy } from '../../spec/index.ts';
import { fieldsOf, matchPattern, withEnvOverrides } from '../../spec/index.ts';

export interface CompiledField {
  field: HashField;
  /** Literal prefix of a field pattern. */
  prefix: string;
  shadowedBy: CompiledField[];
}

export interface CompiledFields {
  literal: Map<string, CompiledField>;
  patterns: CompiledField[];
  all: CompiledField[];
  /** Required literal field names and required field patterns. */
  requiredLiteral: string[];
  requiredPatterns: CompiledField[];
}

export interface CompiledKey {
  key: KeyPattern;
  /** `<db name>.<key name>`, the pattern id used in findings. */
  id: string;
  /** Position in CompiledSpec.keys (for per-pattern aggregation arrays). */
  index: number;
  db: number;
  /** Leading literal text before the first placeholder (the whole text for literal patterns). */
  prefix: string;
  literal: boolean;
  /** The TTL policy, with `env:` overrides resolved from the environment. */
  ttl: TtlPolicy;
  /** The hash field the TTL depends on (field-dependent policies). */
  ttlField?: string;
  fields: CompiledFields;
  /** Patterns that win over this one where both match (`shadows:`). */
  shadowedBy: CompiledKey[];
  /** Whole-key regex; enough on its own unless `exact` is false (integer ranges need matchPattern). */
  re: RegExp;
  exact: boolean;
}

export interface CompiledDb {
  index: number;
  name: string;
  database: Database;
  keys: CompiledKey[];
  literal: Map<string, CompiledKey>;
  /** Prefix tables, longest prefix length first. */
  byPrefix: { length: number; table: Map<string, CompiledKey[]> }[];
}

export interface CompiledSpec {
  spec: Spec;
  dbs: Map<number, CompiledDb>;
  keys: CompiledKey[];
}

export interface CompileOptions {
  /** Environment used to resolve `ttl: { env: NAME }` overrides (default: none). */
  env?: Readonly<Record<string, string | undefined>>;
}

function literalPrefix(parts: KeyPattern['pattern']['parts']): string {
  const first = parts[0];
  return first && first.kind === 'literal' ? first.text : '';
}

export function compileFields(fields: readonly HashField[]): CompiledFields {
  const all: CompiledField[] = fields.map((f) => ({ field: f, prefix: literalPrefix(f.pattern.parts), shadowedBy: [] }));
  for (const cf of all) {
    for (const name of cf.field.shadows) {
      const target = all.find((o) => o.field.name === name);
      if (target) target.shadowedBy.push(cf);
    }
  }
  const literal = new Map<string, CompiledField>();
  const patterns: CompiledField[] = [];
  for (const cf of all) {
    if (cf.field.literal) literal.set(cf.field.name, cf);
    else patterns.push(cf);
  }
  patterns.sort((a, b) => b.prefix.length - a.prefix.length);
  return {
    literal,
    patterns,
    all,
    requiredLiteral: all.filter((f) => f.field.required && f.field.literal).map((f) => f.field.name),
    requiredPatterns: all.filter((f) => f.field.required && !f.field.literal),
  };
}

/** The declared field a hash field (or stream entry field) name belongs to. */
export function matchField(fields: CompiledFields, name: string): CompiledField | undefined {
  const lit = fields.literal.get(name);
  if (lit) return lit;
  for (const cf of fields.patterns) {
    if (!name.startsWith(cf.prefix)) continue;
    if (matchPattern(cf.field.pattern, name)) {
      for (const s of cf.shadowedBy) if (matchPattern(s.field.pattern, name)) return s;
      return cf;
    }
  }
  return undefined;
}

export function compileSpec(spec: Spec, options: CompileOptions = {}): CompiledSpec {
  const env = options.env ?? {};
  const dbs = new Map<number, CompiledDb>();
  const all: CompiledKey[] = [];
  for (const database of spec.databases) {
    const keys: CompiledKey[] = database.keys.map((key) => {
      const ttl = withEnvOverrides(key.ttl, env);
      const ck: CompiledKey = {
        key,
        id: key.id,
        index: all.length,
        db: database.index,
        prefix: literalPrefix(key.pattern.parts),
        literal: key.pattern.parts.every((p) => p.kind === 'literal'),
        ttl,
        ...(ttl.kind === 'byField' ? { ttlField: ttl.field } : {}),
        fields: compileFields(fieldsOf(key)),
        shadowedBy: [],
        re: new RegExp(key.pattern.regex, 'u'),
        exact: key.pattern.parts.every(
          (p) => p.kind === 'literal' || !(p.type.kind === 'integer' && (p.type.min !== undefined || p.type.max !== undefined)),
        ),
      };
      all.push(ck);
      return ck;
    });
    for (const ck of keys) {
      for (const name of ck.key.shadows) {
        const target = keys.find((o) => o.key.name === name || o.id === name);
        if (target) target.shadowedBy.push(ck);
      }
    }
    const literal = new Map<string, CompiledKey>();
    const tables = new Map<number, Map<string, CompiledKey[]>>();
    for (const ck of keys) {
      if (ck.literal) {
        literal.set(ck.prefix, ck);
        continue;
      }
      let table = tables.get(ck.prefix.length);
      if (!table) tables.set(ck.prefix.length, (table = new Map()));
      const list = table.get(ck.prefix) ?? [];
      list.push(ck);
      table.set(ck.prefix, list);
    }
    const byPrefix = [...tables.entries()].sort((a, b) => b[0] - a[0]).map(([length, table]) => ({ length, table }));
    dbs.set(database.index, { index: database.index, name: database.name, database, keys, literal, byPrefix });
  }
  return { spec, dbs, keys: all };
}

/**
 * The pattern a key belongs to in one database, or undefined. Literal patterns first, then the
 * patterns whose literal prefix the key starts with, longest prefix first; a pattern that another
 * one shadows yields to it.
 */
export function matchKey(db: CompiledDb, key: string): CompiledKey | undefined {
  const lit = db.literal.get(key);
  if (lit) return lit;
  for (const { length, table } of db.byPrefix) {
    if (key.length < length) continue;
    const candidates = table.get(length === 0 ? '' : key.slice(0, length));
    if (!candidates) continue;
    for (const ck of candidates) {
      if (keyMatches(ck, key)) {
        for (const s of ck.shadowedBy) if (keyMatches(s, key)) return s;
        return ck;
      }
    }
  }
  return undefined;
}

/**
 * Does a key match a compiled pattern? Each capture group of the pattern regex is its placeholder's
 * own whole-match regex, so the regex alone decides unless an integer placeholder has a range.
 */
export function keyMatches(ck: CompiledKey, key: string): boolean {
  if (!ck.re.test(key)) return false;
  return ck.exact || matchPattern(ck.key.pattern, key) !== null;
}
