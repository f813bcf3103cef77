/**
 * keyspec runtime for generated clients, copied as this folder into every generated client directory,
 * so a generated client depends on ioredis (and Node's built-ins) only. The generated `descriptors.ts`
 * describes the keyspace as data (patterns, TTL policies, codecs); these accessors apply the declared
 * TTL on every write path and validate every param and value.
 */
export type {
  ChannelDesc,
  CodecDesc,
  ConnectionDesc,
  DatabaseDesc,
  EnvDefault,
  FieldDesc,
  KeyDesc,
  MessageDesc,
  PartDesc,
  PlaceholderDesc,
  TtlDesc,
} from './descriptor-types.js';
export { KeyspecConnectionError, KeyspecValueError } from './errors.js';
export { buildName, globOf, paramCheck, parseName, placeholderRegex, type ParamCheck } from './names.js';
export {
  decodeValue,
  encoderOf,
  encodeValue,
  isBinary,
  storedValueError,
  type Encoded,
  type Encoder,
} from './codecs.js';
export { schemaError, type JsonSchema } from './json-schema.js';
export { envTtlSeconds, resolveTtl, ttlActionOf, type TtlAction, type TtlOverrides } from './ttl.js';
export {
  redactUrl,
  resolveConnection,
  resolveUrl,
  withDb,
  type Env,
  type KeyspaceOptions,
  type ResolvedConnection,
} from './connection.js';
export { ConnectionPool, type KeyContext } from './pool.js';
export { compileKey, KeyPlan, type FieldPlan } from './plan.js';
export { BaseKey } from './base-key.js';
export { StringKey } from './string-key.js';
export { HashKey, type FieldMap } from './hash-key.js';
export { ListKey, SetKey, ZSetKey } from './collection-keys.js';
export { StreamKey } from './stream-key.js';
export { BitmapKey, GeoKey, HyperLogLogKey, ModuleKey, type GeoUnit } from './logical-keys.js';
export {
  buildMessage,
  ChannelAccessor,
  parseMessage,
  ShardedChannelAccessor,
  type ParsedMessage,
  type Subscription,
} from './channels.js';
export { NotificationAccessor, type KeyspaceEvent } from './notifications.js';
