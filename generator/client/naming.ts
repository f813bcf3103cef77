/**
 * The one naming pass of the client emitter: every identifier the client and its descriptors declare
 * is computed here, once, before anything is emitted. Accessor names do not repeat their database
 * (`ks.rq.job`, not `ks.rq.job`) nor a word twice in a row; enum aliases are named after their type
 * or field and kept by name; every module-level name is claimed once, so two concerns never collide.
 */
import type { Channel, Database, HashField, KeyPattern, NotificationConsumer, Pattern, PlaceholderType, Spec } from '../../spec/index.ts';
import { closedValues } from '../../spec/index.ts';
import { camelCase, constantCase, pascalCase, propName, words } from '../names.ts';
import { braces, propKey, quote, type Doc } from './layout.ts';
import { formatTsType, patternKeyType, placeholderTsType, type EnumNamer } from './ts-types.ts';

export interface EnumName {
  alias: string;
  /** The `<ALIAS>_VALUES` constant. */
  valuesConst: string;
  values: readonly string[];
}

/** A field pattern of a hash (one with placeholders), which gets its own getter and setter. */
export interface FieldPatternNames {
  field: HashField;
  /** Method stem: `getTimestamps` / `setTimestamps`. */
  stem: string;
  /** Its descriptor constant, e.g. `RUN_TIMESTAMPS_FIELD`. */
  descriptor: string;
  /** Its compiled plan, e.g. `RUN_TIMESTAMPS_FIELD_PLAN`. */
  plan: string;
}

export interface PlaceholderNames {
  constant: string;
  /** Its compiled check, e.g. `RUNID_CHECK`. */
  check: string;
  name: string;
  type: PlaceholderType;
}

export interface KeyNames {
  key: KeyPattern;
  db: Database;
  /** Type-name stem, e.g. `RqJob`. */
  base: string;
  /** Property under `ks.<db>` and `keys.<db>`, e.g. `job`. */
  accessor: string;
  /** Descriptor constant, e.g. `RQ_JOB_KEY`. */
  descriptor: string;
  /** Its compiled plan, e.g. `RQ_JOB_PLAN`. */
  plan: string;
  /** Params interface, when the pattern has placeholders. */
  params: string | undefined;
  /** Value (string), member (list, set, zset) or fields (hash, stream) type alias. */
  valueType: string;
  /** The accessor class of a hash with field patterns, e.g. `RunHash`. */
  hashClass: string | undefined;
  fieldPatterns: FieldPatternNames[];
  /** TS types: of the value (string) or member (list, set, zset), the score (zset), each field. */
  types: {
    value?: Doc;
    score?: Doc;
    fields: { field: HashField; name: string; value: Doc }[];
    /** A stream's entry cases: the deciding field and each case's values and fields (see StreamEntryCases). */
    cases?: { field: string; branches: { values: string[]; fields: { field: HashField; name: string; value: Doc }[] }[]; rest: string[] };
  };
}

export interface DatabaseNames {
  db: Database;
  /** Property of the keyspace and of `keys`, e.g. `nodbCache`. */
  prop: string;
  /** The interface of its accessors, e.g. `NodbCacheKeys`. */
  accessors: string;
  keys: KeyNames[];
}

export interface ChannelNames {
  channel: Channel;
  /** TS type of each message variant, in declaration order. */
  messageTypes: Doc[];
  prop: string;
  params: string;
  message: string;
  descriptor: string;
  /** The database whose connection publishes and subscribes. */
  dbName: string;
}

export interface NotificationNames {
  notification: NotificationConsumer;
  prop: string;
  db: Database;
  key: KeyNames | undefined;
}

/** Module-level identifiers, each claimed once (a clash gets a numeric suffix, deterministically). */
class Identifiers {
  private readonly used = new Set<string>([
    'DB',
    'SPEC_NAME',
    'TTL_SECONDS',
    'DATABASES',
    'ENV_DEFAULTS',
    'DbName',
    'ParsedKey',
    'Keyspace',
    'keys',
    'parseKey',
    'createKeyspace',
    'Channels',
    'Notifications',
  ]);

  claim(name: string): string {
    let n = name;
    for (let i = 2; this.used.has(n); i++) n = `${name}${i}`;
    this.used.add(n);
    return n;
  }

  has(name: string): boolean {
    return this.used.has(name);
  }
}

/** Words without a word repeated twice in a row (`flask session session` -> `flask session`). */
function noRepeats(ws: readonly string[]): string[] {
  return ws.filter((w, i) => i === 0 || w !== ws[i - 1]);
}

class EnumNames implements EnumNamer {
  private readonly byAlias = new Map<string, EnumName>();

  constructor(private readonly ids: Identifiers) {}

  aliasFor(hint: string, values: readonly string[]): string {
    const stem = pascalCase(noRepeats(words(hint)).join(' '));
    for (let i = 1; ; i++) {
      const alias = i === 1 ? stem : `${stem}${i}`;
      const existing = this.byAlias.get(alias);
      if (existing && existing.values.join('\u0000') === values.join('\u0000')) return alias;
      if (existing || this.ids.has(alias)) continue;
      this.ids.claim(alias);
      this.byAlias.set(alias, { alias, valuesConst: this.ids.claim(`${constantCase(alias)}_VALUES`), values: [...values] });
      return alias;
    }
  }

  all(): EnumName[] {
    return [...this.byAlias.values()];
  }
}

export class ClientNames {
  private readonly ids = new Identifiers();
  readonly enums = new EnumNames(this.ids);
  readonly databases: DatabaseNames[];
  readonly keys: KeyNames[];
  readonly channels: ChannelNames[];
  readonly notifications: NotificationNames[];
  private readonly placeholders = new Map<string, PlaceholderNames>();

  constructor(readonly spec: Spec) {
    // Named enum types first, so they get their own names.
    for (const t of spec.types) if (t.kind === 'enum') this.enums.aliasFor(t.name, t.values ?? []);
    const all = spec.databases.flatMap((db) => db.keys.map((key) => ({ db, key })));
    const stems = new Map<string, number>();
    for (const { key } of all) stems.set(stemOf(key.name), (stems.get(stemOf(key.name)) ?? 0) + 1);
    this.keys = all.map(({ db, key }) => this.nameKey(db, key, stems.get(stemOf(key.name)) === 1));
    this.databases = spec.databases.map((db) => {
      const keys = this.keys.filter((k) => k.db === db);
      dropDatabasePrefix(db, keys);
      return { db, prop: camelCase(db.name), accessors: this.ids.claim(`${pascalCase(db.name)}Keys`), keys };
    });
    this.channels = spec.channels.map((channel) => {
      const base = `${pascalCase(channel.name)}Channel`;
      const db = channel.connectionDb !== undefined ? spec.databases.find((d) => d.index === channel.connectionDb) : undefined;
      const messageTypes = channel.messages.map((m): Doc => {
        const name = `name: ${quote(m.name)}`;
        if (m.format.kind === 'template') {
          const ph = m.format.pattern.parts.flatMap((p) =>
            p.kind === 'placeholder' ? [`${propName(p.name)}: ${placeholderTsType(p.type, this.enums)}`] : [],
          );
          return braces([name, ...ph], ';');
        }
        if (m.format.kind === 'json')
          return braces([name, ['value: ', m.format.schema === undefined ? 'unknown' : formatTsType(m.format, this.enums, m.name)]], ';');
        return braces([name, 'text: string'], ';');
      });
      return {
        channel,
        messageTypes,
        prop: camelCase(channel.name),
        params: this.ids.claim(`${base}Params`),
        message: this.ids.claim(`${base}Message`),
        descriptor: this.ids.claim(`${constantCase(base)}`),
        dbName: (db ?? spec.databases[0])?.name ?? 'default',
      };
    });
    for (const { key } of all) {
      this.namePlaceholders(key.pattern);
      if (key.type === 'hash' || key.type === 'stream') for (const f of key.fields) this.namePlaceholders(f.pattern);
    }
    for (const ch of spec.channels) {
      this.namePlaceholders(ch.pattern);
      for (const m of ch.messages) if (m.format.kind === 'template') this.namePlaceholders(m.format.pattern);
    }
    this.notifications = spec.notifications.flatMap((notification) => {
      const db = spec.databases.find((d) => d.index === notification.db);
      if (!db) return [];
      const key = notification.key !== undefined ? this.keys.find((k) => k.key.id === notification.key) : undefined;
      return [{ notification, prop: camelCase(notification.name), db, key }];
    });
  }

  private nameKey(db: Database, key: KeyPattern, unique: boolean): KeyNames {
    const base = unique ? stemOf(key.name) : stemOf(`${db.name} ${key.name}`);
    const suffix = key.type === 'string' ? 'Value' : key.type === 'hash' || key.type === 'stream' ? 'Fields' : 'Member';
    const patterned = key.type === 'hash' ? key.fields.filter((f) => !f.literal) : [];
    const used = new Set<string>();
    const fieldPatterns = patterned.map((field, i): FieldPatternNames => {
      const literal = field.pattern.parts.flatMap((p) => (p.kind === 'literal' ? [p.text] : [])).join(' ');
      let stem = pascalCase(literal || `field ${i + 1}`);
      if (used.has(stem)) stem = `${stem}${i + 1}`;
      used.add(stem);
      const constant = constantCase(`${base} ${stem}`);
      return { field, stem, descriptor: this.ids.claim(`${constant}_FIELD`), plan: this.ids.claim(`${constant}_FIELD_PLAN`) };
    });
    const enums = this.enums;
    const types: KeyNames['types'] = { fields: [] };
    if (key.type === 'string') {
      // A bitmap or HyperLogLog has no typed value: its accessor takes bits or elements.
      if (!key.logical) types.value = formatTsType(key.value ?? { kind: 'raw' }, enums, `${base}Value`);
    } else if (key.type === 'hash' || key.type === 'stream') {
      const typed = (field: HashField): { field: HashField; name: string; value: Doc } => ({
        field,
        name: field.literal ? propKey(field.name) : patternKeyType(field.pattern, enums),
        value: formatTsType(field.value, enums, field.literal ? `${base} ${field.name}` : `${base} ${words(field.pattern.text).join(' ')}`),
      });
      types.fields = key.fields.map(typed);
      if (key.type === 'stream' && key.entryCases) {
        const decider = key.fields.find((f) => f.literal && f.name === key.entryCases!.field);
        const all = decider ? (closedValues(decider.value) ?? []) : [];
        const covered = new Set(key.entryCases.cases.flatMap((c) => c.values));
        types.cases = {
          field: key.entryCases.field,
          branches: key.entryCases.cases.map((c) => ({ values: c.values, fields: c.fields.map(typed) })),
          rest: all.filter((v) => !covered.has(v)),
        };
      }
    } else if (key.type !== 'module') {
      types.value = formatTsType(key.member ?? { kind: 'raw' }, enums, `${base}Member`);
      if (key.type === 'zset') types.score = formatTsType(key.score ?? { kind: 'float' }, enums, `${base}Score`);
    }
    const alias = `${base}${suffix}`;
    // An enum value or member is already an alias of that name: the key uses it as is.
    const valueType = types.value === alias ? alias : this.ids.claim(alias);
    return {
      key,
      db,
      base,
      types,
      valueType,
      accessor: camelCase(key.name),
      descriptor: this.ids.claim(`${constantCase(base)}_KEY`),
      plan: this.ids.claim(`${constantCase(base)}_PLAN`),
      params: key.pattern.placeholders.length ? this.ids.claim(`${base}Params`) : undefined,
      hashClass: fieldPatterns.length ? this.ids.claim(`${base}Hash`) : undefined,
      fieldPatterns,
    };
  }

  /** The descriptor constant of a placeholder `{name:type}` (one per distinct placeholder). */
  placeholder(name: string, type: PlaceholderType): string {
    const id = `${name}\u0000${type.name}\u0000${type.regex}`;
    let p = this.placeholders.get(id);
    if (p === undefined) {
      const taken = new Set([...this.placeholders.values()].map((x) => x.constant));
      let stem = constantCase(name);
      if (taken.has(`${stem}_PARAM`)) stem = constantCase(`${name} ${type.name.split('.').pop() ?? ''}`);
      p = { constant: this.ids.claim(`${stem}_PARAM`), check: this.ids.claim(`${stem}_CHECK`), name, type };
      this.placeholders.set(id, p);
    }
    return p.constant;
  }

  /** The compiled check constant of a placeholder `{name:type}`. */
  placeholderCheck(name: string, type: PlaceholderType): string {
    const constant = this.placeholder(name, type);
    return [...this.placeholders.values()].find((p) => p.constant === constant)!.check;
  }

  /** Every placeholder constant, in the order of first use in the spec. */
  placeholderConsts(): PlaceholderNames[] {
    return [...this.placeholders.values()];
  }

  private namePlaceholders(p: Pattern): void {
    for (const part of p.parts) if (part.kind === 'placeholder') this.placeholder(part.name, part.type);
  }
}

function stemOf(name: string): string {
  return pascalCase(noRepeats(words(name)).join(' '));
}

/**
 * Accessor names within a database: the key's name without the database's own name in front and
 * without repeated words, unless that leaves nothing or two keys of the database would clash.
 */
function dropDatabasePrefix(db: Database, keys: KeyNames[]): void {
  const dbWords = words(db.name);
  const short = keys.map((k) => {
    let ws = noRepeats(words(k.key.name));
    if (ws.length > dbWords.length && dbWords.every((w, i) => ws[i] === w)) ws = ws.slice(dbWords.length);
    return camelCase(ws.join(' '));
  });
  keys.forEach((k, i) => {
    const clash = short.filter((s) => s === short[i]).length > 1;
    if (!clash) k.accessor = short[i]!;
  });
}
