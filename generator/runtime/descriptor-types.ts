/**
 * The descriptor types: the plain data the generated `descriptors.ts` declares for each key pattern,
 * channel and connection, and that the accessors of this runtime interpret (codecs, TTL policies).
 */
import type { JsonSchema } from './json-schema.js';

export type { JsonSchema };

/** A typed placeholder of a key, field or message pattern. Enum regexes are derived from the values. */
export type PlaceholderDesc =
  | { name: string; regex: string; kind: 'integer'; min?: number; max?: number }
  | { name: string; regex?: string; kind: 'enum'; values: readonly string[] }
  | { name: string; regex: string; kind: 'string' };

/** A pattern part: literal text or a placeholder. */
export type PartDesc = string | PlaceholderDesc;

export type TtlDesc =
  | { kind: 'none' }
  | { kind: 'any' }
  | { kind: 'exact'; seconds: number; refresh: 'write' | 'read'; env?: string }
  | { kind: 'bounded'; min: number; max: number; optional: boolean; refresh: 'write' | 'read'; env?: string }
  | { kind: 'byField'; field: string; cases: readonly TtlCaseDesc[]; default?: TtlDesc };

export interface TtlCaseDesc {
  values: readonly string[];
  ttl: TtlDesc;
}

/**
 * How a value format is written and read. Beyond the TS type, each codec carries what `keyspec check`
 * judges of the stored text (`judgeValue`), so a write is checked exactly as check would judge it.
 */
export type CodecDesc =
  | {
      kind: 'string';
      format: string;
      /** Whole-match regex of the text. */
      regex?: string;
      /** ISO-8601 datetime: the regex, and a real date. */
      isoDatetime?: true;
      /** A template: the text parses with these parts (typed placeholders, integer ranges). */
      template?: readonly PartDesc[];
      /** jsonpickle: JSON text, and `py/object` under this module prefix when given. */
      jsonpickle?: { pyObject?: string };
    }
  /** `regex`: the whole-match regex of the text (named integer types); by default a decimal integer. */
  | { kind: 'integer'; min?: number; max?: number; regex?: string; format: string }
  /** `regex`: the whole-match regex of the text (epoch seconds, epoch milliseconds). */
  | { kind: 'float'; regex?: string; format: string }
  | { kind: 'boolean'; true: string; false: string }
  | { kind: 'enum'; values: readonly string[] }
  /** `schema`: a JSON Schema of the keywords runtime/json-schema.ts checks. */
  | { kind: 'json'; schema?: JsonSchema }
  /** `magic`: the leading bytes of a pickle (protocol 2+) or a zlib stream. */
  | { kind: 'buffer'; format: string; magic?: 'pickle' | 'zlib' }
  | { kind: 'union'; of: readonly CodecDesc[] }
  /** `high * multiplier + low` (an encoded zset score): the typed value is `{ [high.name]: n, [low.name]: n }`. */
  | { kind: 'encoded'; multiplier: number; high: EncodedPartDesc; low: EncodedPartDesc; format: string };

/** One part of an encoded number: the property name and the (integer) codec of the part. */
export interface EncodedPartDesc {
  name: string;
  codec: CodecDesc;
}

/** A hash or stream field: its name pattern and the codec of its values. */
export interface FieldDesc {
  parts: readonly PartDesc[];
  codec: CodecDesc;
  /** Hash fields: the field's own TTL, applied with HEXPIRE in the write's MULTI. */
  ttl?: TtlDesc;
}

export interface KeyDesc {
  id: string;
  db: number;
  type: 'string' | 'hash' | 'list' | 'set' | 'zset' | 'stream' | 'module';
  /** The logical type over the Redis type (`hyperloglog`, `geo`, `json`, ...), if declared. */
  logical?: string;
  parts: readonly PartDesc[];
  ttl: TtlDesc;
  value?: CodecDesc;
  member?: CodecDesc;
  score?: CodecDesc;
  fields?: readonly FieldDesc[];
  /** Literal fields (`required: true`) every whole record carries: `HashKey.write`, `StreamKey.add`. */
  required?: readonly string[];
}

/** A message format; `codec` checks the text as `keyspec observe` judges it (none: any text). */
export type MessageDesc =
  | { name: string; kind: 'template'; parts: readonly PartDesc[] }
  | { name: string; kind: 'json'; codec?: CodecDesc }
  | { name: string; kind: 'text'; codec?: CodecDesc }
  | { name: string; kind: 'regex'; regex: string };

export interface ChannelDesc {
  name: string;
  parts: readonly PartDesc[];
  messages: readonly MessageDesc[];
  /** Sharded pub/sub (Redis 7.0): SPUBLISH and SSUBSCRIBE. */
  sharded?: true;
}

export interface ConnectionDesc {
  name: string;
  url: readonly string[];
  host?: string;
  port?: string;
  passwordFile?: string;
  password?: string;
  db?: { env?: string; default?: number };
}

export interface DatabaseDesc {
  index: number;
  connection?: ConnectionDesc;
}

export interface EnvDefault {
  name: string;
  default?: string;
}
