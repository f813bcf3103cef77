/**
 * The validated model: plain typed data with every default filled in once. Emitters (generator, docs)
 * and checks (conformance) consume only this, never raw YAML. It is plain data: `JSON.stringify`
 * round-trips it, cross references are by id or name, and source positions live in one side table
 * (`Spec.origins`, read with `originOf`) instead of on the objects.
 */
import type { SourcePos } from './diagnostics.ts';
import type { FeatureLimit, Provider, ServerFeature } from './providers.ts';

export type { FeatureLimit, FeatureSupport, Provider, ServerFeature } from './providers.ts';

export type RedisType = 'string' | 'hash' | 'list' | 'set' | 'zset' | 'stream';
export const REDIS_TYPES: readonly RedisType[] = ['string', 'hash', 'list', 'set', 'zset', 'stream'];

/**
 * A logical type over a Redis type: bitmaps and HyperLogLogs are strings, GEO sets are zsets; the others
 * are module types, which `TYPE` reports by their module type name (`ReJSON-RL`, ...). Redis 8 ships them in core.
 */
export type LogicalType = CoreLogicalType | ModuleLogicalType;
export type CoreLogicalType = 'bitmap' | 'hyperloglog' | 'geo';
export type ModuleLogicalType = 'json' | 'timeseries' | 'bloom' | 'cuckoo' | 'cms' | 'topk' | 'tdigest' | 'vectorset';
/** The Redis type a core logical type is stored as. */
export const CORE_LOGICAL_TYPES: Readonly<Record<CoreLogicalType, 'string' | 'zset'>> = {
  bitmap: 'string',
  hyperloglog: 'string',
  geo: 'zset',
};
/** The name `TYPE` reports for a key of each module logical type. */
export const MODULE_TYPE_NAMES: Readonly<Record<ModuleLogicalType, string>> = {
  json: 'ReJSON-RL',
  timeseries: 'TSDB-TYPE',
  bloom: 'MBbloom--',
  cuckoo: 'MBbloomCF',
  cms: 'CMSk-TYPE',
  topk: 'TopK-TYPE',
  tdigest: 'TDIS-TYPE',
  vectorset: 'vectorset',
};

/** A placeholder type, resolved: what it is and the whole-match regex it compiles to. */
export type PlaceholderKind = 'regex' | 'enum' | 'integer' | 'uuid' | 'hex32' | 'path' | 'text' | 'any' | 'segment';

export interface PlaceholderType {
  /** The type's name: a built-in (`text`), a named type (`runid`, `rq.jobId`) or `<key>.<placeholder>` for `where:`. */
  name: string;
  kind: PlaceholderKind;
  /** Whole-match regex source (no anchors). */
  regex: string;
  /** For enums: the values. */
  values?: string[];
  min?: number;
  max?: number;
  description?: string;
  examples: string[];
  /** Words excluded by `except:` (already subtracted from `regex`), for the docs. */
  except?: string[];
  /** With `except`: the regex before the words were subtracted (as written, for the docs). */
  exceptFrom?: string;
}

export type PatternPart = { kind: 'literal'; text: string } | { kind: 'placeholder'; name: string; type: PlaceholderType };

/** A key, field, channel or message pattern: literal text and typed placeholders. */
export interface Pattern {
  /** The pattern as written, e.g. `readme:lock:{runid}:{config}`. */
  text: string;
  parts: PatternPart[];
  /** Anchored regex source with one capture group per placeholder, in order. */
  regex: string;
  /** Placeholder names in order. */
  placeholders: string[];
}

export type TtlRefresh = 'write' | 'read';

export type TtlPolicy =
  | { kind: 'none' }
  /** Unconstrained: a TTL of any length, or none. */
  | { kind: 'any' }
  /** Set to exactly `seconds` on every write. */
  | { kind: 'exact'; seconds: number; refresh: TtlRefresh; env?: string }
  /** A TTL between min (default 0) and max; `optional` also allows no TTL at all. */
  | { kind: 'bounded'; min: number; max: number; optional: boolean; refresh: TtlRefresh; env?: string }
  /** Depends on the value of a hash field. */
  | { kind: 'byField'; field: string; cases: TtlCase[]; default?: TtlPolicy };

export interface TtlCase {
  values: string[];
  ttl: TtlPolicy;
}

export type ValueFormat =
  | { kind: 'raw' }
  | { kind: 'integer'; min?: number; max?: number }
  | { kind: 'float'; min?: number; max?: number }
  | { kind: 'epochSeconds' }
  | { kind: 'epochMillis' }
  | { kind: 'isoDatetime' }
  | { kind: 'boolean'; true: string; false: string }
  | { kind: 'enum'; values: string[] }
  | { kind: 'json'; schema?: object | boolean }
  | { kind: 'jsonpickle'; pyObject?: string }
  | { kind: 'pickle'; compression: 'none' | 'zlib' }
  | { kind: 'bytes' }
  | { kind: 'uuid' }
  | { kind: 'hex32' }
  | { kind: 'regex'; regex: string }
  | { kind: 'type'; type: PlaceholderType }
  | { kind: 'template'; pattern: Pattern }
  | { kind: 'text' }
  | { kind: 'empty' }
  | { kind: 'anyOf'; formats: ValueFormat[] }
  /** An integer packing two parts: `high * multiplier + low` (BullMQ's `due_ms * 4096 + counter`), `0 <= low < multiplier`. */
  | { kind: 'encoded'; multiplier: number; high: EncodedPart; low: EncodedPart }
  /**
   * A value naming another key (a job id in a queue, a `parentKey`): `key` is the referenced key's id,
   * `by` the placeholder of its pattern the value fills (its other placeholders are bound by the
   * referencing key's placeholders of the same name), or '' when the value is the whole key name.
   * `format` is what the value itself must look like (the placeholder's type, or the key pattern),
   * filled in once the referenced key is resolved.
   */
  | { kind: 'ref'; key: string; by: string; format: ValueFormat };

/** One part of an `encoded` number: its name (the generated client's property) and its format. */
export interface EncodedPart {
  name: string;
  format: ValueFormat;
}

export interface Documented {
  description?: string;
  notes: string[];
}

export interface HashField extends Documented {
  /** Literal field name, or the field pattern as written. */
  name: string;
  literal: boolean;
  pattern: Pattern;
  value: ValueFormat;
  required: boolean;
  examples: string[];
  shadows: string[];
  /** The literal field name this field had before (`keyspec diff` reports a rename). */
  renamedFrom?: string;
  /**
   * Hash fields only: the field's own TTL policy (hash-field expiration, Redis 7.4 / Valkey 9.0; never
   * field-dependent). Absent: not declared, field TTLs are neither judged nor written.
   */
  ttl?: TtlPolicy;
}

/** What every key pattern has, whatever its Redis type. */
export interface KeyPatternBase extends Documented {
  name: string;
  /** `<db name>.<key name>` (a library validated on its own: the key name). */
  id: string;
  /** The database index. */
  db: number;
  pattern: Pattern;
  /** The Redis type (`module` for a module logical type: see `logical` and `ModuleKey.moduleType`). */
  type: RedisType | 'module';
  /** The logical type declared over the Redis type (`type: hyperloglog`, `type: json`, ...), if any. */
  logical?: LogicalType;
  ttl: TtlPolicy;
  writers: string[];
  readers: string[];
  examples: string[];
  /** Names of the key patterns this one deliberately shadows. */
  shadows: string[];
  /** `keyspec probe` may write scratch keys of this pattern. */
  probeSafe: boolean;
  /** The import namespace this key came from, if any. */
  importedFrom?: string;
  /** The slot group (of its database) this key belongs to, if any. */
  slotGroup?: string;
  /** The key name this pattern had before (`keyspec diff` reports a rename, not a removal and an addition). */
  renamedFrom?: string;
}

export interface StringKey extends KeyPatternBase {
  type: 'string';
  value: ValueFormat;
}

export interface HashKey extends KeyPatternBase {
  type: 'hash';
  fields: HashField[];
  additionalFields: boolean;
}

export interface ListKey extends KeyPatternBase {
  type: 'list';
  member: ValueFormat;
}

export interface SetKey extends KeyPatternBase {
  type: 'set';
  member: ValueFormat;
}

export interface ZsetKey extends KeyPatternBase {
  type: 'zset';
  member: ValueFormat;
  score: ValueFormat;
}

/** A stream: `fields` are the entry fields (of every entry). */
export interface StreamKey extends KeyPatternBase {
  type: 'stream';
  fields: HashField[];
  additionalFields: boolean;
  /** Entry fields that depend on the value of one entry field (`event: completed` carries `returnvalue`). */
  entryCases?: StreamEntryCases;
}

/**
 * Fields by the value of a deciding entry field (a literal field of `fields` with an enum or boolean
 * value): an entry whose `field` has one of a case's `values` may carry the case's `fields` besides
 * the common ones (and must carry its required ones); an entry with any other value only the common ones.
 */
export interface StreamEntryCases {
  field: string;
  cases: StreamEntryCase[];
}

export interface StreamEntryCase {
  values: string[];
  fields: HashField[];
  description?: string;
}

/** A key of a module type (JSON, time series, probabilistic types, vector sets): judged by its `TYPE` name only. */
export interface ModuleKey extends KeyPatternBase {
  type: 'module';
  logical: ModuleLogicalType;
  /** What `TYPE` reports for it, e.g. `ReJSON-RL`. */
  moduleType: string;
}

/** A key pattern, discriminated by its Redis `type`. */
export type KeyPattern = StringKey | HashKey | ListKey | SetKey | ZsetKey | StreamKey | ModuleKey;

/** Keys with fields (hash fields, stream entry fields). */
export type FieldedKey = HashKey | StreamKey;

/** A key of a library validated on its own: not bound to a database yet. */
export type LibraryKey = WithoutDb<KeyPattern>;
type WithoutDb<K> = K extends KeyPattern ? Omit<K, 'db'> : never;

export interface Database extends Documented {
  index: number;
  name: string;
  aliases: string[];
  purpose?: string;
  connection?: string;
  keys: KeyPattern[];
  /** Key patterns whose keys with the same tag value must hash to one cluster slot. */
  slotGroups: SlotGroup[];
}

/**
 * A slot group: keys of these patterns that share the value of placeholder `tag` land in one hash
 * slot, because each pattern has that placeholder, alone, in its hash tag (the first `{...}`).
 */
export interface SlotGroup {
  name: string;
  /** The placeholder whose value is the hash tag. */
  tag: string;
  /** Key ids (`<db name>.<key name>`) of the members. */
  keys: string[];
  description?: string;
}

export type Engine = 'redis' | 'valkey';
export type DeploymentMode = 'standalone' | 'cluster';
/**
 * How the logical databases are placed: `native` selects each DB by its index (standalone, or a
 * Valkey 9 cluster), `per-endpoint` puts each DB on its own server or cluster (DB 0 of its own
 * connection), `prefixed` puts every DB in DB 0 with its keys under a per-DB prefix.
 */
export type DatabaseLayout = 'native' | 'per-endpoint' | 'prefixed';

/** Where one logical database lives on the deployment. */
export interface DatabasePlacement {
  /** The database index as declared. */
  db: number;
  name: string;
  /** The database number to SELECT on the server. */
  select: number;
  /** Prepended to every key of the database ('' when not prefixed). */
  prefix: string;
  /** The connection that reaches it. */
  connection?: string;
}

/** What the spec is deployed on; defaults (self-hosted standalone Redis) when it declares nothing. */
export interface Deployment {
  /** Whether the spec has a `deployment:` section. */
  declared: boolean;
  engine: Engine;
  /** The engine's version (Valkey's own version for Valkey), if declared. */
  version?: string;
  mode: DeploymentMode;
  provider: Provider;
  /** Absent only for a cluster spec that needs none (one database, index 0) or failed to declare one. */
  databases?: DatabaseLayout;
  placements: DatabasePlacement[];
  /** What the server allows, per feature: the provider's documented limits and the spec's `forbids`. */
  limits: Record<ServerFeature, FeatureLimit>;
  description?: string;
  notes: string[];
}

export interface MessageFormat {
  name: string;
  description?: string;
  format: ValueFormat;
  examples: string[];
}

export interface Channel extends Documented {
  name: string;
  pattern: Pattern;
  connectionDb?: number;
  messages: MessageFormat[];
  publishers: string[];
  subscribers: string[];
  requireSubscribers: boolean;
  /** Sharded pub/sub (Redis 7.0): published with SPUBLISH, received with SSUBSCRIBE (on a cluster, by the slot's node). */
  sharded: boolean;
  examples: string[];
  shadows: string[];
  /** `keyspec probe` may publish probe messages here. */
  probeSafe: boolean;
  importedFrom?: string;
}

export interface NotificationConsumer extends Documented {
  name: string;
  service?: string;
  db: number;
  /** Key pattern id (`<db name>.<key name>`) watched, if narrowed to one pattern. */
  key?: string;
  channel: 'keyspace' | 'keyevent';
  /** Event class flags needed (subset of g$lshzxetdmn). */
  events: string[];
}

export interface NotifyFlags {
  /** As written in the spec. */
  raw: string;
  /** Normalised: 'K'/'E' and expanded class flags, sorted. */
  flags: string[];
}

export interface ServerRequirements {
  minVersion?: string;
  notifyKeyspaceEvents?: NotifyFlags;
  config: Record<string, string>;
  description?: string;
  notes: string[];
}

export interface EnvVar {
  name: string;
  description?: string;
  default?: string;
  secret: boolean;
  example?: string;
}

export interface Connection {
  name: string;
  description?: string;
  url: string[];
  host?: string;
  port?: string;
  passwordFile?: string;
  password?: string;
  db?: { env?: string; default?: number };
}

/** What a probe does to trigger the service: publish on a channel, or HSET a field of a hash key. */
export type ProbeTrigger =
  | { kind: 'publish'; channel: string; message: string; params: Record<string, string>; text?: string }
  | { kind: 'hset'; key: string; field: string; value: string };

export interface Probe {
  name: string;
  description?: string;
  /** Scratch values for the placeholders of the WebSocket path, channel or key. */
  params: Record<string, string>;
  trigger: ProbeTrigger;
  expect: { equals?: unknown; schema?: object | boolean };
  timeoutMs: number;
}

export interface ServiceContract {
  /** WebSocket path template appended to the service URL. */
  websocket?: Pattern;
  probes: Probe[];
}

export interface Service extends Documented {
  name: string;
  kind?: string;
  module?: string;
  connection?: string;
  clientName?: string;
  /**
   * `clientName` compiled as a pattern (a name may have placeholders, e.g. rq's `{name}`). An encoded
   * placeholder (see `clientNameEncodings`) has the encoding's alphabet as its type here.
   */
  clientNamePattern?: Pattern;
  /** Placeholders of the client name that the service writes encoded (BullMQ: `{prefix}:{queue}` with the queue in base64). */
  clientNameEncodings?: ClientNameEncoding[];
  /**
   * The service writes keys from Lua scripts (EVAL, EVALSHA, FCALL), whose commands MONITOR shows as
   * `[db lua]`: a script line whose call was not seen is attributed to the scripting writers of the key.
   */
  scripts: boolean;
  actsAs: string[];
  reads: string[];
  writes: string[];
  publishes: string[];
  subscribes: string[];
  contract?: ServiceContract;
  importedFrom?: string;
}

export type NameEncoding = 'base64' | 'base64url' | 'hex';

/** A client-name placeholder written encoded: its decoded value has `type`. */
export interface ClientNameEncoding {
  placeholder: string;
  encoding: NameEncoding;
  type: PlaceholderType;
}

export interface Spec {
  name: string;
  kind: 'application' | 'library';
  title?: string;
  description?: string;
  notes: string[];
  /** The entry file and every imported file. */
  files: string[];
  types: PlaceholderType[];
  server: ServerRequirements;
  deployment: Deployment;
  env: EnvVar[];
  connections: Connection[];
  databases: Database[];
  channels: Channel[];
  notifications: NotificationConsumer[];
  services: Service[];
  imports: SpecImport[];
  /** A library validated on its own: its top-level keys, not bound to a database (empty otherwise). */
  libraryKeys: LibraryKey[];
  /** Where each part of the model is declared, by origin id (see `originId` in origins.ts). */
  origins: Record<string, SourcePos>;
}

export interface SpecImport {
  as: string;
  spec: string;
  /** The database index the library's keys are bound to. */
  database?: number;
}
