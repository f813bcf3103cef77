/**
 * Compiles a validated spec into per-database key matchers for the conformance check (pure). Matching
 * a key costs one Map lookup for literal patterns, then one lookup per distinct literal-prefix length
 * (a handful per database) and a regex test only for the patterns whose literal prefix fits.
 */
import type { Database, HashField, KeyPattern, Pattern, PatternPart, Spec, StreamEntryCases, TtlPolicy } from '../../spec/index.ts';
import { compilePattern } from '../../spec/language/pattern.ts';
import { fieldRef, fieldsOf, indexSpec, matchOrder, patternMatcher, shadowEdges, testPattern, withEnvOverrides } from '../../spec/index.ts';

export interface CompiledField {
  field: HashField;
  /** Literal prefix of a field pattern. */
  prefix: string;
  /** Fields that win over this one where both match (directly or transitively), in match order. */
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
  /** A stream's entry cases: the deciding field and, per value, the common fields and the case's. */
  entryCases?: { field: string; byValue: Map<string, CompiledFields> };
  /**
   * Patterns that win over this one where both match (`shadows:`, directly or transitively), in the
   * spec index's match order (`keysInMatchOrder`).
   */
  shadowedBy: CompiledKey[];
  /**
   * Whole-key matcher in linear time (never a backtracking RegExp: a spec regex such as `(a+)+` must not
   * hang the check on a hostile key name), integer bounds included.
   */
  re: { test(key: string): boolean };
  /** Whether the regex alone decides (no integer placeholder with a range). */
  exact: boolean;
  /** The hash-tag placeholder of the key's slot group, when it is in one (judged by `key.slot`). */
  slotTag?: string;
  /**
   * The database's key prefix on the server (`deployment.databases: prefixed`, every database in DB 0
   * under its own prefix; '' otherwise): key names on the server are this prefix and the pattern.
   */
  namePrefix: string;
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
  /**
   * The spec connection the run reaches (a `per-endpoint` deployment): only the databases placed on it
   * are compiled, at the database they are SELECTed as there (DB 0 on a cluster).
   */
  connection?: string;
}

/** A `per-endpoint` spec: the databases the connection reaches (all of them for any other layout). */
export function databasesOn(spec: Spec, connection: string | undefined): Database[] {
  if (spec.deployment?.databases !== 'per-endpoint' || connection === undefined) return spec.databases;
  const on = new Set(spec.deployment.placements.filter((p) => p.connection === connection).map((p) => p.db));
  return spec.databases.filter((d) => on.has(d.index));
}

function literalPrefix(parts: KeyPattern['pattern']['parts']): string {
  const first = parts[0];
  return first && first.kind === 'literal' ? first.text : '';
}

/**
 * For each item, the items that win over it where both match: those that shadow it, directly or
 * through others, in match order (the one shadowing rule of spec/language/spec-index.ts).
 */
function winnersOver<T>(order: readonly T[], edges: ReadonlyMap<T, readonly T[]>): Map<T, T[]> {
  const rank = new Map(order.map((x, i) => [x, i]));
  const out = new Map<T, T[]>();
  for (const item of order) {
    const seen = new Set<T>();
    const stack = [...(edges.get(item) ?? [])];
    while (stack.length) {
      const by = stack.pop()!;
      if (by === item || seen.has(by)) continue;
      seen.add(by);
      stack.push(...(edges.get(by) ?? []));
    }
    out.set(
      item,
      [...seen].sort((a, b) => rank.get(a)! - rank.get(b)!),
    );
  }
  return out;
}

export function compileFields(fields: readonly HashField[]): CompiledFields {
  const all: CompiledField[] = fields.map((f) => ({ field: f, prefix: literalPrefix(f.pattern.parts), shadowedBy: [] }));
  const byField = new Map(fields.map((f, i) => [f, all[i]!]));
  const winners = winnersOver(matchOrder(fields, fieldRef), shadowEdges(fields, fieldRef));
  for (const cf of all) cf.shadowedBy = (winners.get(cf.field) ?? []).map((f) => byField.get(f)!);
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

/** Per value of the deciding field: the common entry fields and the case's, compiled together. */
export function compileEntryCases(
  common: readonly HashField[],
  cases: StreamEntryCases,
): { field: string; byValue: Map<string, CompiledFields> } {
  const byValue = new Map<string, CompiledFields>();
  for (const c of cases.cases) {
    const compiled = compileFields([...common, ...c.fields]);
    for (const v of c.values) byValue.set(v, compiled);
  }
  return { field: cases.field, byValue };
}

/** The declared field a hash field (or stream entry field) name belongs to. */
export function matchField(fields: CompiledFields, name: string): CompiledField | undefined {
  const lit = fields.literal.get(name);
  if (lit) return winnerField(lit, name);
  for (const cf of fields.patterns) {
    if (!name.startsWith(cf.prefix)) continue;
    if (testPattern(cf.field.pattern, name)) return winnerField(cf, name);
  }
  return undefined;
}

function winnerField(cf: CompiledField, name: string): CompiledField {
  for (const s of cf.shadowedBy) if (testPattern(s.field.pattern, name)) return s;
  return cf;
}

/** The pattern with the database's prefix in front, as the server's key names are (a prefixed deployment). */
function withPrefix(pattern: Pattern, prefix: string): Pattern {
  if (!prefix) return pattern;
  const [first, ...rest] = pattern.parts;
  const parts: PatternPart[] =
    first?.kind === 'literal'
      ? [{ kind: 'literal', text: prefix + first.text }, ...rest]
      : [{ kind: 'literal', text: prefix }, ...pattern.parts];
  return compilePattern(prefix.replace(/[{}]/g, (c) => c + c) + pattern.text, parts);
}

/**
 * Compiles the spec per database as the server holds it: by declared index, or, for a spec deployed
 * `prefixed` (deployment.databases), every database's keys in DB 0 with their prefixes in front, judged
 * together (the validator makes the prefixes disjoint, KS213) and reported under DB 0, where they are.
 */
export function compileSpec(spec: Spec, options: CompileOptions = {}): CompiledSpec {
  const env = options.env ?? {};
  const index = indexSpec(spec);
  const dbs = new Map<number, CompiledDb>();
  const all: CompiledKey[] = [];
  const prefixed = spec.deployment?.databases === 'prefixed';
  const endpoint = spec.deployment?.databases === 'per-endpoint' && options.connection !== undefined;
  const reached = new Set(databasesOn(spec, options.connection));
  const onServer = new Map<number, { databases: Database[]; keys: CompiledKey[] }>();
  for (const database of spec.databases) {
    if (!reached.has(database)) continue;
    const place = prefixed || endpoint ? spec.deployment.placements.find((p) => p.db === database.index) : undefined;
    const namePrefix = place?.prefix ?? '';
    const serverDb = place?.select ?? database.index;
    const keys: CompiledKey[] = database.keys.map((key) => {
      const pattern = withPrefix(key.pattern, namePrefix);
      const ttl = withEnvOverrides(key.ttl, env);
      const group = key.slotGroup ? database.slotGroups.find((g) => g.name === key.slotGroup) : undefined;
      const ck: CompiledKey = {
        ...(group ? { slotTag: group.tag } : {}),
        key,
        id: key.id,
        index: all.length,
        db: serverDb,
        namePrefix,
        prefix: literalPrefix(pattern.parts),
        literal: pattern.parts.every((p) => p.kind === 'literal'),
        ttl,
        ...(ttl.kind === 'byField' ? { ttlField: ttl.field } : {}),
        fields: compileFields(fieldsOf(key)),
        ...(key.type === 'stream' && key.entryCases ? { entryCases: compileEntryCases(key.fields, key.entryCases) } : {}),
        shadowedBy: [],
        re: patternMatcher(pattern),
        exact: key.pattern.parts.every(
          (p) => p.kind === 'literal' || !(p.type.kind === 'integer' && (p.type.min !== undefined || p.type.max !== undefined)),
        ),
      };
      all.push(ck);
      return ck;
    });
    const byKey = new Map(keys.map((ck) => [ck.key, ck]));
    const edges = new Map(database.keys.map((k) => [k, index.shadowedBy(k.id).map((id) => index.keyById.get(id)!)]));
    const winners = winnersOver(index.keysInMatchOrder(database.index), edges);
    for (const ck of keys) ck.shadowedBy = (winners.get(ck.key) ?? []).map((k) => byKey.get(k)!);
    const there = onServer.get(serverDb) ?? { databases: [], keys: [] };
    there.databases.push(database);
    there.keys.push(...keys);
    onServer.set(serverDb, there);
  }
  for (const [serverDb, { databases, keys }] of onServer) {
    const database = databases[0]!;
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
    const name = databases.map((d) => d.name).join(' + ');
    dbs.set(serverDb, { index: serverDb, name, database, keys, literal, byPrefix });
  }
  return { spec, dbs, keys: all };
}

/**
 * The pattern a key belongs to in one database, or undefined: the first match in the spec index's match
 * order (`indexSpec(spec).keysInMatchOrder(db)`). Finding a first candidate is fast (literal patterns,
 * then the patterns whose literal prefix the key starts with, longest prefix first); in a valid spec
 * every other pattern that matches the key is related to it by `shadows:`, so the winner is the first
 * of the candidate and its shadowers, in match order.
 */
export function matchKey(db: CompiledDb, key: string): CompiledKey | undefined {
  const lit = db.literal.get(key);
  if (lit) return winnerKey(lit, key);
  for (const { length, table } of db.byPrefix) {
    if (key.length < length) continue;
    const candidates = table.get(length === 0 ? '' : key.slice(0, length));
    if (!candidates) continue;
    for (const ck of candidates) if (keyMatches(ck, key)) return winnerKey(ck, key);
  }
  return undefined;
}

/** The first pattern in match order among `ck` and the patterns that shadow it that matches `key`. */
function winnerKey(ck: CompiledKey, key: string): CompiledKey {
  for (const s of ck.shadowedBy) if (keyMatches(s, key)) return s;
  return ck;
}

/**
 * Does a key match a compiled pattern? One linear-time automaton run over the key (plus the integer
 * bounds of its placeholders where the regex does not encode them).
 */
export function keyMatches(ck: CompiledKey, key: string): boolean {
  return ck.re.test(key);
}
