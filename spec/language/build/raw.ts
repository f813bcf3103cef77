/**
 * The raw shapes of a spec file: what the YAML holds once the JSON Schema check (keyspec.schema.json)
 * has passed. The builder turns these into the model; a test keeps them in step with the schema.
 */
import type { DatabaseLayout, DeploymentMode, Engine, LogicalType, NameEncoding, Provider, RedisType, ServerFeature } from '../model.ts';
import type { RawNamedType } from '../placeholder-types.ts';

export type { RawNamedType };

export interface RawSpec {
  keyspec: number;
  kind?: 'application' | 'library';
  name: string;
  title?: string;
  description?: string;
  notes?: string[];
  params?: Record<string, RawParam>;
  imports?: RawImport[];
  types?: Record<string, RawNamedType>;
  server?: RawServer;
  deployment?: RawDeployment;
  env?: Record<string, RawEnvVar>;
  connections?: RawConnection[];
  databases?: RawDatabase[];
  keys?: RawKey[];
  channels?: RawChannel[];
  notifications?: RawNotification[];
  services?: RawService[];
}
export interface RawParam {
  description?: string;
  default: unknown;
}
export interface RawServer {
  minVersion?: string;
  notifyKeyspaceEvents?: string;
  config?: Record<string, string | number>;
  description?: string;
  notes?: string[];
}
export interface RawDeployment {
  engine?: Engine;
  version?: string;
  mode?: DeploymentMode;
  provider?: Provider;
  databases?: DatabaseLayout;
  prefixes?: Record<string, string>;
  endpoints?: Record<string, string>;
  forbids?: ServerFeature[];
  description?: string;
  notes?: string[];
}
export interface RawEnvVar {
  description?: string;
  default?: string | number | boolean;
  secret?: boolean;
  example?: string | number;
}
export interface RawConnection {
  name: string;
  description?: string;
  url?: string[];
  host?: string;
  port?: string;
  passwordFile?: string;
  password?: string;
  db?: RawConnectionDb;
}
export interface RawConnectionDb {
  env?: string;
  default?: number;
}
export interface RawImport {
  spec: string;
  as: string;
  database?: string | number;
  params?: Record<string, unknown>;
  description?: string;
}
export interface RawDatabase {
  index: number;
  name: string;
  aliases?: string[];
  purpose?: string;
  description?: string;
  notes?: string[];
  connection?: string;
  keys?: RawKey[];
  channels?: RawChannel[];
  slotGroups?: RawSlotGroup[];
}
export interface RawSlotGroup {
  name: string;
  tag: string;
  keys: string[];
  description?: string;
}
export interface RawKey {
  name: string;
  pattern: string;
  type: RedisType | LogicalType;
  ttl?: unknown;
  description?: string;
  notes?: string[];
  where?: Record<string, RawNamedType>;
  value?: unknown;
  fields?: RawField[];
  additionalFields?: boolean;
  member?: unknown;
  score?: unknown;
  entryFields?: RawField[];
  entryCases?: RawEntryCases;
  writers?: string[];
  readers?: string[];
  examples?: unknown[];
  shadows?: string[];
  probeSafe?: boolean;
  renamedFrom?: string;
}
export interface RawEntryCases {
  field: string;
  cases: RawEntryCase[];
}
export interface RawEntryCase {
  when: (string | number | boolean)[];
  fields: RawField[];
  description?: string;
}
export interface RawField {
  name?: string;
  renamedFrom?: string;
  pattern?: string;
  value?: unknown;
  required?: boolean;
  description?: string;
  notes?: string[];
  examples?: unknown[];
  shadows?: string[];
  where?: Record<string, RawNamedType>;
  ttl?: unknown;
}
export interface RawMessage {
  name: string;
  description?: string;
  examples?: unknown[];
  template?: string;
  json?: true | { schema?: object | boolean };
  text?: true;
  regex?: string;
  where?: Record<string, RawNamedType>;
}
export interface RawChannel {
  name: string;
  pattern: string;
  description?: string;
  notes?: string[];
  where?: Record<string, RawNamedType>;
  connectionDb?: number;
  messages?: RawMessage[];
  publishers?: string[];
  subscribers?: string[];
  requireSubscribers?: boolean;
  sharded?: boolean;
  examples?: unknown[];
  shadows?: string[];
  probeSafe?: boolean;
}
export interface RawNotification {
  name: string;
  description?: string;
  service?: string;
  db: number | string;
  key?: string;
  channel?: 'keyspace' | 'keyevent';
  events: string[];
}
export interface RawService {
  name: string;
  kind?: string;
  description?: string;
  notes?: string[];
  module?: string;
  connection?: string;
  clientName?: string | RawClientName;
  scripts?: boolean;
  actsAs?: string[];
  reads?: string[];
  writes?: string[];
  publishes?: string[];
  subscribes?: string[];
  contract?: RawContract;
}
export interface RawClientName {
  pattern: string;
  encode?: Record<string, NameEncoding>;
  where?: Record<string, RawNamedType>;
}
export interface RawContract {
  websocket?: string;
  probes?: RawProbe[];
}
export interface RawProbe {
  name: string;
  description?: string;
  params?: Record<string, string | number>;
  publish?: RawPublish;
  hset?: RawHset;
  expectFrame: RawExpectFrame;
  timeoutMs?: number;
}
export interface RawPublish {
  channel: string;
  message: string;
  params?: Record<string, string | number>;
  text?: string;
}
export interface RawHset {
  key: string;
  field: string;
  value: string;
}
export interface RawExpectFrame {
  equals?: unknown;
  schema?: object | boolean;
}
