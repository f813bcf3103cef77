/**
 * The descriptor types: the plain data the generated `descriptors.ts` declares for each key pattern,
 * channel and connection, and that the accessors of this runtime interpret (codecs, TTL policies).
 */

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

export type CodecDesc =
  | { kind: 'string'; regex?: string; format: string }
  | { kind: 'integer'; min?: number; max?: number; format: string }
  | { kind: 'float'; format: string }
  | { kind: 'boolean'; true: string; false: string }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'json' }
  | { kind: 'buffer'; format: string }
  | { kind: 'union'; of: readonly CodecDesc[] };

/** A hash or stream field: its name pattern and the codec of its values. */
export interface FieldDesc {
  parts: readonly PartDesc[];
  codec: CodecDesc;
}

export interface KeyDesc {
  id: string;
  db: number;
  type: 'string' | 'hash' | 'list' | 'set' | 'zset' | 'stream';
  parts: readonly PartDesc[];
  ttl: TtlDesc;
  value?: CodecDesc;
  member?: CodecDesc;
  score?: CodecDesc;
  fields?: readonly FieldDesc[];
}

export type MessageDesc =
  | { name: string; kind: 'template'; parts: readonly PartDesc[] }
  | { name: string; kind: 'json' }
  | { name: string; kind: 'text' }
  | { name: string; kind: 'regex'; regex: string };

export interface ChannelDesc {
  name: string;
  parts: readonly PartDesc[];
  messages: readonly MessageDesc[];
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
