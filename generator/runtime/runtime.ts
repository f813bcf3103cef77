/**
 * keyspec runtime for generated clients. This file is copied verbatim into every generated client
 * directory, so a generated client depends on ioredis (and Node's built-ins) only.
 *
 * The generated `client.ts` describes the keyspace as data (patterns, TTL policies, codecs) and types;
 * this runtime turns those descriptions into typed accessors that apply the declared TTL on every
 * write path.
 */
import { readFileSync } from 'node:fs';
import { Redis, type RedisOptions } from 'ioredis';

// ------------------------------------------------------------------------------------------------
// Descriptors (emitted by the generator as plain data)

export type PlaceholderDesc =
  | { name: string; regex: string; kind: 'integer'; min?: number; max?: number }
  | { name: string; regex: string; kind: 'enum'; values: readonly string[] }
  | { name: string; regex: string; kind: 'string' };

export type PartDesc = string | PlaceholderDesc;

export type TtlDesc =
  | { kind: 'none' }
  | { kind: 'any' }
  | { kind: 'exact'; seconds: number; refresh: 'write' | 'read'; env?: string }
  | { kind: 'bounded'; min: number; max: number; optional: boolean; refresh: 'write' | 'read'; env?: string }
  | { kind: 'byField'; field: string; cases: readonly { values: readonly string[]; ttl: TtlDesc }[]; default?: TtlDesc };

export type CodecDesc =
  | { kind: 'string'; regex?: string; format: string }
  | { kind: 'integer'; min?: number; max?: number; format: string }
  | { kind: 'float'; format: string }
  | { kind: 'boolean'; true: string; false: string }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'json' }
  | { kind: 'buffer'; format: string }
  | { kind: 'union'; of: readonly CodecDesc[] };

export interface KeyDesc {
  id: string;
  db: number;
  type: 'string' | 'hash' | 'list' | 'set' | 'zset' | 'stream';
  parts: readonly PartDesc[];
  ttl: TtlDesc;
  value?: CodecDesc;
  member?: CodecDesc;
  score?: CodecDesc;
  fields?: readonly { parts: readonly PartDesc[]; codec: CodecDesc }[];
}

export interface MessageDesc {
  name: string;
  kind: 'template' | 'json' | 'text' | 'regex';
  parts?: readonly PartDesc[];
  regex?: string;
}

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

export interface EnvDefault {
  name: string;
  default?: string;
}

// ------------------------------------------------------------------------------------------------
// Errors

/** A param, value or message that does not fit the spec. Nothing was sent to Redis. */
export class KeyspecValueError extends Error {
  override name = 'KeyspecValueError';
}

// ------------------------------------------------------------------------------------------------
// Patterns

const regexCache = new Map<string, RegExp>();
function whole(regex: string): RegExp {
  let r = regexCache.get(regex);
  if (!r) {
    r = new RegExp(`^(?:${regex})$`, 'u');
    regexCache.set(regex, r);
  }
  return r;
}

const enumSets = new WeakMap<object, ReadonlySet<string>>();
function enumSet(values: readonly string[]): ReadonlySet<string> {
  let set = enumSets.get(values);
  if (!set) {
    set = new Set(values);
    enumSets.set(values, set);
  }
  return set;
}

/**
 * Recently validated values per placeholder (bounded): a hot key's params are checked by a Set lookup
 * instead of running the placeholder's regex again.
 */
const validated = new WeakMap<PlaceholderDesc, Set<string>>();

function checkParam(p: PlaceholderDesc, value: unknown, what: string): string {
  if (typeof value === 'string' && p.kind !== 'integer') {
    const seen = p.kind === 'enum' ? enumSet(p.values) : validated.get(p);
    if (seen !== undefined && seen.has(value)) return value;
  }
  const s = typeof value === 'number' ? String(value) : value;
  if (typeof s !== 'string' || p.kind === 'enum' || !whole(p.regex).test(s)) {
    const expected = p.kind === 'enum' ? `be one of ${p.values.join(', ')}` : `match /${p.regex}/`;
    throw new KeyspecValueError(`${what}: {${p.name}} must ${expected}, got ${JSON.stringify(value)}`);
  }
  if (p.kind === 'integer') {
    const n = Number(s);
    if ((p.min !== undefined && n < p.min) || (p.max !== undefined && n > p.max)) {
      throw new KeyspecValueError(`${what}: {${p.name}} must be between ${p.min ?? '-inf'} and ${p.max ?? 'inf'}, got ${s}`);
    }
  } else if (p.kind === 'string') {
    let seen = validated.get(p);
    if (!seen) validated.set(p, (seen = new Set()));
    if (seen.size >= 4096) seen.clear();
    seen.add(s);
  }
  return s;
}

/** Builds a concrete name from pattern parts and params, validating every param. */
export function buildName(parts: readonly PartDesc[], params: Readonly<Record<string, unknown>>, what: string): string {
  let out = '';
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    out += typeof p === 'string' ? p : checkParam(p, params[p.name], what);
  }
  return out;
}

interface Matcher {
  re: RegExp;
  groups: number[];
  placeholders: PlaceholderDesc[];
}
const matcherCache = new WeakMap<readonly PartDesc[], Matcher>();

function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, (c) => `\\${c}`);
}

function matcher(parts: readonly PartDesc[]): Matcher {
  let m = matcherCache.get(parts);
  if (!m) {
    let src = '^';
    const groups: number[] = [];
    const placeholders: PlaceholderDesc[] = [];
    let next = 1;
    for (const p of parts) {
      if (typeof p === 'string') src += escapeRegex(p);
      else {
        src += `(${p.regex})`;
        groups.push(next);
        placeholders.push(p);
        next += 1 + (new RegExp(`${p.regex}|`, 'u').exec('')!.length - 1);
      }
    }
    m = { re: new RegExp(`${src}$`, 'u'), groups, placeholders };
    matcherCache.set(parts, m);
  }
  return m;
}

/** Parses a concrete name with pattern parts: typed params (integers as numbers), or null. */
export function parseName(parts: readonly PartDesc[], name: string): Record<string, string | number> | null {
  const m = matcher(parts);
  const r = m.re.exec(name);
  if (!r) return null;
  const params: Record<string, string | number> = {};
  for (let i = 0; i < m.placeholders.length; i++) {
    const p = m.placeholders[i]!;
    const v = r[m.groups[i]!] ?? '';
    if (!whole(p.regex).test(v)) return null;
    if (p.kind === 'integer') {
      const n = Number(v);
      if ((p.min !== undefined && n < p.min) || (p.max !== undefined && n > p.max)) return null;
      params[p.name] = n;
    } else params[p.name] = v;
  }
  return params;
}

/** A glob for PSUBSCRIBE / SCAN MATCH: literals escaped, placeholders as `*`. */
export function globOf(parts: readonly PartDesc[], params: Readonly<Record<string, unknown>> = {}): string {
  return parts
    .map((p) => {
      if (typeof p === 'string') return p.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
      const v = params[p.name];
      return v === undefined ? '*' : checkParam(p, v, 'glob').replace(/[*?[\]\\]/g, (c) => `\\${c}`);
    })
    .join('');
}

// ------------------------------------------------------------------------------------------------
// Codecs

export type Encoded = string | Buffer;

export function encodeValue(c: CodecDesc, value: unknown, what: string): Encoded {
  switch (c.kind) {
    case 'string':
      if (typeof value !== 'string') throw new KeyspecValueError(`${what}: expected a string (${c.format}), got ${typeof value}`);
      if (c.regex !== undefined && !whole(c.regex).test(value))
        throw new KeyspecValueError(`${what}: ${JSON.stringify(value)} is not ${c.format}`);
      return value;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value))
        throw new KeyspecValueError(`${what}: expected an integer (${c.format}), got ${JSON.stringify(value)}`);
      if ((c.min !== undefined && value < c.min) || (c.max !== undefined && value > c.max))
        throw new KeyspecValueError(`${what}: ${value} is out of range`);
      return String(value);
    case 'float':
      if (typeof value !== 'number' || Number.isNaN(value))
        throw new KeyspecValueError(`${what}: expected a number (${c.format}), got ${JSON.stringify(value)}`);
      return value === Infinity ? 'inf' : value === -Infinity ? '-inf' : String(value);
    case 'boolean':
      if (typeof value !== 'boolean') throw new KeyspecValueError(`${what}: expected a boolean, got ${JSON.stringify(value)}`);
      return value ? c.true : c.false;
    case 'enum':
      if (typeof value !== 'string' || !enumSet(c.values).has(value))
        throw new KeyspecValueError(`${what}: ${JSON.stringify(value)} is not one of ${c.values.join(', ')}`);
      return value;
    case 'json':
      return JSON.stringify(value);
    case 'buffer':
      if (!Buffer.isBuffer(value)) throw new KeyspecValueError(`${what}: expected a Buffer (${c.format})`);
      return value;
    case 'union': {
      const errors: string[] = [];
      for (const x of c.of) {
        try {
          return encodeValue(x, value, what);
        } catch (e) {
          errors.push((e as Error).message);
        }
      }
      throw new KeyspecValueError(errors.join('; '));
    }
  }
}

function hasBuffer(c: CodecDesc | undefined): boolean {
  return c !== undefined && (c.kind === 'buffer' || (c.kind === 'union' && c.of.some(hasBuffer)));
}

const binaryCache = new WeakMap<KeyDesc, boolean>();
/** Does any value of this key decode to a Buffer (so it must be read as bytes, not text)? */
export function isBinary(desc: KeyDesc): boolean {
  let b = binaryCache.get(desc);
  if (b === undefined) {
    b = hasBuffer(desc.value) || hasBuffer(desc.member) || (desc.fields ?? []).some((f) => hasBuffer(f.codec));
    binaryCache.set(desc, b);
  }
  return b;
}

export function decodeValue(c: CodecDesc, raw: Buffer | string, what: string): unknown {
  if (c.kind === 'buffer') return typeof raw === 'string' ? Buffer.from(raw) : raw;
  const s = typeof raw === 'string' ? raw : raw.toString('utf8');
  switch (c.kind) {
    case 'string':
      return s;
    case 'integer': {
      if (!/^-?[0-9]+$/.test(s)) throw new KeyspecValueError(`${what}: stored value ${JSON.stringify(s)} is not an integer`);
      return Number(s);
    }
    case 'float': {
      if (/^[+]?inf$/i.test(s)) return Infinity;
      if (/^-inf$/i.test(s)) return -Infinity;
      const n = Number(s);
      if (s.trim() === '' || Number.isNaN(n)) throw new KeyspecValueError(`${what}: stored value ${JSON.stringify(s)} is not a number`);
      return n;
    }
    case 'boolean':
      if (s === c.true) return true;
      if (s === c.false) return false;
      throw new KeyspecValueError(`${what}: stored value ${JSON.stringify(s)} is neither '${c.true}' nor '${c.false}'`);
    case 'enum':
      if (!c.values.includes(s))
        throw new KeyspecValueError(`${what}: stored value ${JSON.stringify(s)} is not one of ${c.values.join(', ')}`);
      return s;
    case 'json':
      try {
        return JSON.parse(s) as unknown;
      } catch {
        throw new KeyspecValueError(`${what}: stored value is not JSON`);
      }
    case 'union': {
      for (const x of c.of) {
        try {
          return decodeValue(x, raw, what);
        } catch {
          // try the next one
        }
      }
      throw new KeyspecValueError(`${what}: stored value ${JSON.stringify(s.slice(0, 60))} fits none of its formats`);
    }
  }
}

// ------------------------------------------------------------------------------------------------
// TTL

export type TtlOverrides = Readonly<Record<string, number>>;

function resolveTtl(policy: TtlDesc, fieldValue: string | undefined): TtlDesc | undefined {
  if (policy.kind !== 'byField') return policy;
  const c = policy.cases.find((x) => fieldValue !== undefined && x.values.includes(fieldValue));
  if (c) return resolveTtl(c.ttl, fieldValue);
  return policy.default ? resolveTtl(policy.default, fieldValue) : undefined;
}

/** What a write does to the TTL: set N seconds, persist, or leave it alone. */
export type TtlAction = { expire: number } | 'persist' | 'keep';

// ------------------------------------------------------------------------------------------------
// Connections

export interface KeyspaceOptions {
  /** Environment to resolve connections and TTL overrides from (default: process.env). */
  env?: Readonly<Record<string, string | undefined>>;
  /** An explicit redis:// URL per database name (its /db path is replaced by the database number). */
  urls?: Readonly<Record<string, string>>;
  /** One URL for every database (its /db path is replaced per database). */
  url?: string;
  /** Existing ioredis clients per database name; keyspace.quit() leaves them open. */
  clients?: Readonly<Record<string, Redis>>;
  /** Extra ioredis options for the connections this keyspace creates. */
  redisOptions?: RedisOptions;
  /** TTL seconds per key id (e.g. `{ 'lock.nodb_lock': 60 }`), overriding the spec and its env vars. */
  ttlOverrides?: TtlOverrides;
}

function withDb(url: string, db: number): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

/** Resolves the URL a connection spec yields for a database, following the spec's env precedence. */
export function resolveUrl(
  conn: ConnectionDesc | undefined,
  db: number,
  env: Readonly<Record<string, string | undefined>>,
  defaults: readonly EnvDefault[],
): { url: string; db: number } {
  const get = (name: string | undefined): string | undefined => {
    if (name === undefined) return undefined;
    const v = env[name];
    if (v !== undefined && v !== '') return v;
    return defaults.find((d) => d.name === name)?.default;
  };
  let dbIndex = db;
  if (conn?.db) {
    const fromEnv = conn.db.env !== undefined ? env[conn.db.env] : undefined;
    if (fromEnv !== undefined && fromEnv !== '' && /^[0-9]+$/.test(fromEnv)) dbIndex = Number(fromEnv);
  }
  let password: string | undefined;
  const pwFile = conn?.passwordFile !== undefined ? env[conn.passwordFile] : undefined;
  if (pwFile) password = readFileSync(pwFile, 'utf8').trim();
  else if (conn?.password !== undefined && env[conn.password]) password = env[conn.password];
  const base = conn?.url.map((n) => (env[n] !== undefined && env[n] !== '' ? env[n] : undefined)).find((v) => v !== undefined);
  let url: string;
  if (base) url = withDb(base, dbIndex);
  else {
    const host = get(conn?.host) ?? 'localhost';
    const port = get(conn?.port) ?? '6379';
    url = `redis://${host}:${port}/${dbIndex}`;
  }
  if (password !== undefined) {
    const u = new URL(url);
    if (!u.password) u.password = encodeURIComponent(password);
    url = u.toString();
  }
  return { url, db: dbIndex };
}

/** Hides the password of a redis:// URL. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
  }
}

/** Per-keyspace state shared by its key accessors: overrides, env, and memoised TTL and codec lookups. */
export interface KeyContext {
  overrides: TtlOverrides;
  env: Readonly<Record<string, string | undefined>>;
  /** TTL action per key id for policies that do not depend on a field (env and overrides are read once). */
  ttlCache: Map<string, TtlAction>;
  /** Codec per hash field name, per key descriptor (bounded). */
  codecCache: WeakMap<KeyDesc, Map<string, CodecDesc>>;
}

/** QUIT a connection (or drop one that never connected); ended connections are left alone. */
async function close(c: Redis): Promise<void> {
  if (c.status === 'end') return;
  if (c.status === 'wait') {
    c.disconnect();
    return;
  }
  await c.quit().then(
    () => undefined,
    () => c.disconnect(),
  );
}

export class ConnectionPool {
  private readonly created = new Map<string, Redis>();
  private readonly subscribers = new Set<Redis>();

  constructor(
    private readonly options: KeyspaceOptions,
    private readonly databases: Readonly<Record<string, { index: number; connection?: ConnectionDesc }>>,
    private readonly envDefaults: readonly EnvDefault[],
  ) {
    this.keyContext = {
      overrides: options.ttlOverrides ?? {},
      env: options.env ?? process.env,
      ttlCache: new Map(),
      codecCache: new WeakMap(),
    };
  }

  get env(): Readonly<Record<string, string | undefined>> {
    return this.options.env ?? process.env;
  }

  /** The context key accessors of this keyspace share. */
  readonly keyContext: KeyContext;

  /** The URL (password included) for a database name. */
  urlFor(dbName: string): string {
    const d = this.databases[dbName];
    if (!d) throw new KeyspecValueError(`unknown database '${dbName}'`);
    const explicit = this.options.urls?.[dbName] ?? this.options.url;
    if (explicit) return withDb(explicit, d.index);
    return resolveUrl(d.connection, d.index, this.env, this.envDefaults).url;
  }

  client(dbName: string): Redis {
    const given = this.options.clients?.[dbName];
    if (given) return given;
    let c = this.created.get(dbName);
    if (!c) {
      c = new Redis(this.urlFor(dbName), { lazyConnect: true, ...this.options.redisOptions });
      this.created.set(dbName, c);
    }
    return c;
  }

  /** A dedicated connection for SUBSCRIBE / PSUBSCRIBE (subscribed connections cannot run commands). */
  subscriber(dbName: string): Redis {
    const s = this.client(dbName).duplicate();
    this.subscribers.add(s);
    return s;
  }

  /** Closes a subscriber connection and forgets it. */
  async release(sub: Redis): Promise<void> {
    this.subscribers.delete(sub);
    await close(sub);
  }

  async quit(): Promise<void> {
    const all = [...this.created.values(), ...this.subscribers];
    this.created.clear();
    this.subscribers.clear();
    await Promise.all(all.map(close));
  }
}

// ------------------------------------------------------------------------------------------------
// Key accessors

export class BaseKey {
  constructor(
    protected readonly redis: Redis,
    protected readonly desc: KeyDesc,
    /** The concrete key. */
    readonly key: string,
    protected readonly ctx: KeyContext,
  ) {}

  /** The TTL a write applies, given the value of the field a field-dependent policy depends on. */
  ttlAction(fieldValue?: string): TtlAction {
    if (this.desc.ttl.kind !== 'byField') {
      let a = this.ctx.ttlCache.get(this.desc.id);
      if (a === undefined) {
        a = this.computeTtlAction(this.desc.ttl);
        this.ctx.ttlCache.set(this.desc.id, a);
      }
      return a;
    }
    return this.computeTtlAction(resolveTtl(this.desc.ttl, fieldValue));
  }

  private computeTtlAction(policy: TtlDesc | undefined): TtlAction {
    if (!policy) return 'keep';
    if (policy.kind === 'none') return this.desc.ttl.kind === 'byField' ? 'persist' : 'keep';
    if (policy.kind === 'any' || policy.kind === 'byField') return 'keep';
    const override = this.ctx.overrides[this.desc.id];
    if (override !== undefined) return { expire: override };
    if (policy.env !== undefined) {
      const v = this.ctx.env[policy.env];
      if (v !== undefined && /^[0-9]+$/.test(v) && Number(v) > 0) return { expire: Number(v) };
    }
    return { expire: policy.kind === 'exact' ? policy.seconds : policy.max };
  }

  /** The codec of a hash or stream field (memoised per keyspace). */
  protected fieldCodec(field: string): CodecDesc {
    let byField = this.ctx.codecCache.get(this.desc);
    if (!byField) {
      byField = new Map();
      this.ctx.codecCache.set(this.desc, byField);
    }
    let c = byField.get(field);
    if (!c) {
      for (const f of this.desc.fields ?? []) {
        if (parseName(f.parts, field)) {
          c = f.codec;
          break;
        }
      }
      if (!c) throw new KeyspecValueError(`${this.desc.id}: field ${JSON.stringify(field)} is not declared`);
      if (byField.size < 10_000) byField.set(field, c);
    }
    return c;
  }

  protected applyTtl(multi: ReturnType<Redis['multi']>, fieldValue?: string): void {
    const a = this.ttlAction(fieldValue);
    if (a === 'persist') multi.persist(this.key);
    else if (a !== 'keep') multi.expire(this.key, a.expire);
  }

  protected get slidingSeconds(): number | undefined {
    const p = this.desc.ttl;
    if (p.kind !== 'none' && p.kind !== 'any' && p.kind !== 'byField' && p.refresh === 'read') {
      const a = this.ttlAction();
      return typeof a === 'object' ? a.expire : undefined;
    }
    return undefined;
  }

  /** EXEC for writes whose replies nobody reads: resolves when the transaction succeeded. */
  protected execVoid(multi: ReturnType<Redis['multi']>): Promise<void> {
    return multi.exec().then((res) => {
      if (!res) throw new Error(`transaction on ${this.key} was aborted`);
      for (let i = 0; i < res.length; i++) if (res[i]![0]) throw res[i]![0];
    });
  }

  protected async exec(multi: ReturnType<Redis['multi']>): Promise<unknown[]> {
    const res = await multi.exec();
    if (!res) throw new Error(`transaction on ${this.key} was aborted`);
    const out = new Array<unknown>(res.length);
    for (let i = 0; i < res.length; i++) {
      const [err, v] = res[i]!;
      if (err) throw err;
      out[i] = v;
    }
    return out;
  }

  /** Remaining TTL in milliseconds (-1: none, -2: no such key). */
  pttl(): Promise<number> {
    return this.redis.pttl(this.key);
  }

  async exists(): Promise<boolean> {
    return (await this.redis.exists(this.key)) === 1;
  }

  async delete(): Promise<boolean> {
    return (await this.redis.del(this.key)) === 1;
  }
}

export class StringKey<V> extends BaseKey {
  private enc(value: V): Encoded {
    return encodeValue(this.desc.value!, value, this.desc.id);
  }

  /** The value, or null when the key does not exist. Refreshes a sliding TTL. */
  get(): Promise<V | null> {
    const sliding = this.slidingSeconds;
    const binary = isBinary(this.desc);
    const p: Promise<Buffer | string | null> =
      sliding !== undefined
        ? binary
          ? this.redis.getexBuffer(this.key, 'EX', sliding)
          : this.redis.getex(this.key, 'EX', sliding)
        : binary
          ? this.redis.getBuffer(this.key)
          : this.redis.get(this.key);
    // Text read as text needs no decoding: hand back ioredis' own promise.
    if (this.desc.value!.kind === 'string') return p as Promise<V | null>;
    return p.then((raw) => (raw === null ? null : (decodeValue(this.desc.value!, raw, this.desc.id) as V)));
  }

  /** SET with the declared TTL (`SET key value EX ttl`). */
  set(value: V): Promise<void> {
    let v: Encoded;
    try {
      v = this.enc(value);
    } catch (e) {
      return Promise.reject(e);
    }
    const a = this.ttlAction();
    // ioredis' own promise, unwrapped (it resolves to 'OK', which callers of a Promise<void> ignore).
    return (typeof a === 'object'
      ? this.redis.set(this.key, v, 'EX', a.expire)
      : this.redis.set(this.key, v)) as Promise<unknown> as Promise<void>;
  }

  /** SET NX with the declared TTL; true when this call created the key. */
  async setIfAbsent(value: V): Promise<boolean> {
    const a = this.ttlAction();
    const v = this.enc(value);
    const r = typeof a === 'object' ? await this.redis.set(this.key, v, 'EX', a.expire, 'NX') : await this.redis.set(this.key, v, 'NX');
    return r === 'OK';
  }
}

/** Field types of a hash, with literal and template-literal keys. */
export type FieldMap = Record<string, unknown>;

export class HashKey<F extends FieldMap> extends BaseKey {
  private codecFor(field: string): CodecDesc {
    return this.fieldCodec(field);
  }

  private fieldValueForTtl(fields: Partial<F>): string | undefined {
    const p = this.desc.ttl;
    if (p.kind !== 'byField' || !(p.field in fields)) return undefined;
    const enc = encodeValue(this.codecFor(p.field), fields[p.field as keyof F], this.desc.id);
    return typeof enc === 'string' ? enc : enc.toString();
  }

  /** HGET one field, decoded. */
  async get<K extends keyof F & string>(field: K): Promise<F[K] | null> {
    const codec = this.codecFor(field);
    const sliding = this.slidingSeconds;
    let raw: Buffer | string | null;
    if (sliding !== undefined) {
      const m = this.redis.multi().hgetBuffer(this.key, field).expire(this.key, sliding);
      raw = (await this.exec(m))[0] as Buffer | null;
    } else raw = hasBuffer(codec) ? await this.redis.hgetBuffer(this.key, field) : await this.redis.hget(this.key, field);
    return raw === null ? null : (decodeValue(codec, raw, `${this.desc.id} ${field}`) as F[K]);
  }

  /** HGETALL, decoded (undeclared fields are reported by `keyspec check`, and skipped here). */
  async getAll(): Promise<Partial<F>> {
    const sliding = this.slidingSeconds;
    let raw: Record<string, Buffer>;
    if (sliding !== undefined) {
      const m = this.redis.multi().hgetallBuffer(this.key).expire(this.key, sliding);
      raw = (await this.exec(m))[0] as Record<string, Buffer>;
    } else raw = await this.redis.hgetallBuffer(this.key);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(raw)) {
      const f = (this.desc.fields ?? []).find((x) => parseName(x.parts, k));
      if (f) out[k] = decodeValue(f.codec, v, `${this.desc.id} ${k}`);
    }
    return out as Partial<F>;
  }

  /**
   * HSET one field, TTL applied as for set(). Generated field-pattern setters pass the index of their
   * field declaration, which saves looking the codec up by name.
   */
  setField(field: string, value: unknown, declaration?: number): Promise<void> {
    let enc: Encoded;
    try {
      const codec = declaration !== undefined ? this.desc.fields![declaration]!.codec : this.codecFor(field);
      enc = encodeValue(codec, value, this.desc.id);
    } catch (e) {
      return Promise.reject(e);
    }
    const p = this.desc.ttl;
    const fieldValue = p.kind === 'byField' && p.field === field ? String(enc) : undefined;
    const a = this.ttlAction(fieldValue);
    if (a === 'keep') return this.redis.hset(this.key, field, enc as string) as Promise<unknown> as Promise<void>;
    const m = this.redis.multi().hset(this.key, field, enc as string);
    this.applyTtl(m, fieldValue);
    return this.execVoid(m);
  }

  /** HSET the given fields and apply the TTL in the same MULTI. */
  set(fields: Partial<F>): Promise<void> {
    const encoded: Record<string, Encoded> = {};
    let n = 0;
    let fieldValue: string | undefined;
    const p = this.desc.ttl;
    try {
      for (const k in fields) {
        const v = fields[k];
        if (v === undefined) continue;
        const enc = encodeValue(this.codecFor(k), v, this.desc.id);
        encoded[k] = enc;
        n++;
        if (p.kind === 'byField' && p.field === k) fieldValue = String(enc);
      }
    } catch (e) {
      return Promise.reject(e);
    }
    if (n === 0) return Promise.resolve();
    if (this.ttlAction(fieldValue) === 'keep') {
      // No TTL to apply: a plain HSET, no transaction needed.
      return this.redis.hset(this.key, encoded) as Promise<unknown> as Promise<void>;
    }
    const m = this.redis.multi().hset(this.key, encoded);
    this.applyTtl(m, fieldValue);
    return this.execVoid(m);
  }

  /** HSETNX one field (TTL applied in the same MULTI); true when the field was created. */
  async setIfAbsent<K extends keyof F & string>(field: K, value: F[K]): Promise<boolean> {
    const m = this.redis.multi().hsetnx(this.key, field, encodeValue(this.codecFor(field), value, `${this.desc.id} ${field}`) as string);
    this.applyTtl(m, this.fieldValueForTtl({ [field]: value } as unknown as Partial<F>));
    return (await this.exec(m))[0] === 1;
  }

  /** HDEL fields (the TTL is re-applied in the same MULTI). */
  async deleteFields(...fields: (keyof F & string)[]): Promise<number> {
    const m = this.redis.multi().hdel(this.key, ...fields);
    this.applyTtl(m);
    return (await this.exec(m))[0] as number;
  }
}

abstract class CollectionKey<M> extends BaseKey {
  protected encM(m: M): Encoded {
    return encodeValue(this.desc.member!, m, this.desc.id);
  }
  protected decM(b: Buffer): M {
    return decodeValue(this.desc.member!, b, this.desc.id) as M;
  }
  protected async write(build: (m: ReturnType<Redis['multi']>) => void): Promise<unknown> {
    // Without a TTL to apply the command goes alone (a pipeline of one, no MULTI).
    const m = this.ttlAction() === 'keep' ? this.redis.pipeline() : this.redis.multi();
    build(m as ReturnType<Redis['multi']>);
    if (this.ttlAction() !== 'keep') this.applyTtl(m as ReturnType<Redis['multi']>);
    return (await this.exec(m as ReturnType<Redis['multi']>))[0];
  }
}

export class ListKey<M> extends CollectionKey<M> {
  /** RPUSH, TTL applied in the same MULTI; returns the new length. */
  async push(...members: M[]): Promise<number> {
    return (await this.write((m) => m.rpush(this.key, ...(members.map((x) => this.encM(x)) as string[])))) as number;
  }
  /** LPUSH, TTL applied in the same MULTI; returns the new length. */
  async pushFront(...members: M[]): Promise<number> {
    return (await this.write((m) => m.lpush(this.key, ...(members.map((x) => this.encM(x)) as string[])))) as number;
  }
  /** LREM count member, TTL re-applied; returns how many were removed. */
  async remove(member: M, count = 0): Promise<number> {
    return (await this.write((m) => m.lrem(this.key, count, this.encM(member) as string))) as number;
  }
  async range(start = 0, stop = -1): Promise<M[]> {
    return (await this.redis.lrangeBuffer(this.key, start, stop)).map((b) => this.decM(b));
  }
  length(): Promise<number> {
    return this.redis.llen(this.key);
  }
}

export class SetKey<M> extends CollectionKey<M> {
  /** SADD, TTL applied in the same MULTI; returns how many were added. */
  async add(...members: M[]): Promise<number> {
    return (await this.write((m) => m.sadd(this.key, ...(members.map((x) => this.encM(x)) as string[])))) as number;
  }
  /** SREM, TTL re-applied; returns how many were removed. */
  async remove(...members: M[]): Promise<number> {
    return (await this.write((m) => m.srem(this.key, ...(members.map((x) => this.encM(x)) as string[])))) as number;
  }
  async has(member: M): Promise<boolean> {
    return (await this.redis.sismember(this.key, this.encM(member) as string)) === 1;
  }
  async members(): Promise<M[]> {
    return (await this.redis.smembersBuffer(this.key)).map((b) => this.decM(b));
  }
  size(): Promise<number> {
    return this.redis.scard(this.key);
  }
}

export class ZSetKey<M, S> extends CollectionKey<M> {
  private encS(s: S): string {
    return String(encodeValue(this.desc.score!, s, `${this.desc.id} score`));
  }
  /** ZADD member with score, TTL applied in the same MULTI; returns how many were added. */
  async add(member: M, score: S): Promise<number> {
    return (await this.write((m) => m.zadd(this.key, this.encS(score), this.encM(member) as string))) as number;
  }
  /** ZREM, TTL re-applied. */
  async remove(...members: M[]): Promise<number> {
    return (await this.write((m) => m.zrem(this.key, ...(members.map((x) => this.encM(x)) as string[])))) as number;
  }
  async score(member: M): Promise<S | null> {
    const s = await this.redis.zscore(this.key, this.encM(member) as string);
    return s === null ? null : (decodeValue(this.desc.score!, Buffer.from(s), `${this.desc.id} score`) as S);
  }
  async range(start = 0, stop = -1): Promise<{ member: M; score: S }[]> {
    const flat = await this.redis.zrangeBuffer(this.key, start, stop, 'WITHSCORES');
    const out: { member: M; score: S }[] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) {
      out.push({ member: this.decM(flat[i]!), score: decodeValue(this.desc.score!, flat[i + 1]!, `${this.desc.id} score`) as S });
    }
    return out;
  }
  size(): Promise<number> {
    return this.redis.zcard(this.key);
  }
}

export class StreamKey<F extends FieldMap> extends BaseKey {
  private codecFor(field: string): CodecDesc {
    return this.fieldCodec(field);
  }
  /** XADD (with an optional MAXLEN ~ cap), TTL applied in the same MULTI; returns the entry id. */
  async add(fields: Partial<F>, opts: { maxLen?: number } = {}): Promise<string> {
    const args: Encoded[] = [];
    for (const [k, v] of Object.entries(fields))
      if (v !== undefined) args.push(k, encodeValue(this.codecFor(k), v, `${this.desc.id} ${k}`));
    const m = this.redis.multi();
    if (opts.maxLen !== undefined) m.xadd(this.key, 'MAXLEN', '~', opts.maxLen, '*', ...(args as string[]));
    else m.xadd(this.key, '*', ...(args as string[]));
    this.applyTtl(m);
    return (await this.exec(m))[0] as string;
  }
  async range(start = '-', end = '+', count = 100): Promise<{ id: string; fields: Partial<F> }[]> {
    const entries = await this.redis.xrangeBuffer(this.key, start, end, 'COUNT', count);
    return entries.map(([id, flat]) => {
      const fields: Record<string, unknown> = {};
      for (let i = 0; i + 1 < flat.length; i += 2) {
        const k = flat[i]!.toString();
        try {
          fields[k] = decodeValue(this.codecFor(k), flat[i + 1]!, `${this.desc.id} ${k}`);
        } catch {
          // undeclared entry field: skipped
        }
      }
      return { id: id.toString(), fields: fields as Partial<F> };
    });
  }
}

// ------------------------------------------------------------------------------------------------
// Channels

export type ParsedMessage = { name: string; params: Record<string, string | number>; json?: unknown; text: string };

/** Parses a message with the channel's declared formats, in declaration order; null when none fits. */
export function parseMessage(desc: ChannelDesc, text: string): ParsedMessage | null {
  for (const m of desc.messages) {
    if (m.kind === 'template') {
      const params = parseName(m.parts!, text);
      if (params) return { name: m.name, params, text };
    } else if (m.kind === 'json') {
      try {
        return { name: m.name, params: {}, json: JSON.parse(text) as unknown, text };
      } catch {
        // not this format
      }
    } else if (m.kind === 'regex') {
      if (whole(m.regex!).test(text)) return { name: m.name, params: {}, text };
    } else return { name: m.name, params: {}, text };
  }
  return null;
}

/** Builds a message text from a declared format and its params (template) or value (json/text). */
export function buildMessage(desc: ChannelDesc, name: string, input: unknown): string {
  const m = desc.messages.find((x) => x.name === name);
  if (!m) throw new KeyspecValueError(`channel ${desc.name}: no message format '${name}'`);
  if (m.kind === 'template') return buildName(m.parts!, input as Record<string, unknown>, `${desc.name}.${name}`);
  if (m.kind === 'json') return JSON.stringify(input);
  if (typeof input !== 'string') throw new KeyspecValueError(`channel ${desc.name}.${name}: expected text`);
  if (m.kind === 'regex' && !whole(m.regex!).test(input))
    throw new KeyspecValueError(`channel ${desc.name}.${name}: text does not match /${m.regex}/`);
  return input;
}

export interface Subscription {
  /** Unsubscribes and closes the dedicated connection. */
  close(): Promise<void>;
}

export class ChannelAccessor<P extends object, M extends { name: string }> {
  constructor(
    private readonly pool: ConnectionPool,
    private readonly dbName: string,
    private readonly desc: ChannelDesc,
  ) {}

  /** The concrete channel name. */
  name(params: P): string {
    return buildName(this.desc.parts, params as Record<string, unknown>, `channel ${this.desc.name}`);
  }

  /** PUBLISH a message built from a declared format; returns the number of receivers. */
  async publish(params: P, message: M): Promise<number> {
    const { name, ...rest } = message as { name: string } & Record<string, unknown>;
    const kind = this.desc.messages.find((m) => m.name === name)?.kind;
    const input = kind === 'template' ? rest : kind === 'json' ? rest.value : rest.text;
    return this.pool.client(this.dbName).publish(this.name(params), buildMessage(this.desc, name, input));
  }

  /**
   * Subscribes on a dedicated connection. With every param given, SUBSCRIBE to that channel; with
   * some left out, PSUBSCRIBE to the matching glob. The handler gets the parsed message (null when it
   * fits none of the declared formats), the raw text and the channel's params.
   */
  async subscribe(
    params: Partial<P>,
    handler: (message: ParsedMessage | null, raw: string, channelParams: Record<string, string | number>) => void,
  ): Promise<Subscription> {
    const sub = this.pool.subscriber(this.dbName);
    const glob = globOf(this.desc.parts, params as Record<string, unknown>);
    const exact = this.desc.parts.every((p) => typeof p === 'string' || (params as Record<string, unknown>)[p.name] !== undefined);
    const deliver = (channel: string, raw: string): void => {
      const cp = parseName(this.desc.parts, channel);
      if (cp) handler(parseMessage(this.desc, raw), raw, cp);
    };
    if (exact) {
      const channel = this.name(params as P);
      sub.on('message', (ch: string, msg: string) => ch === channel && deliver(ch, msg));
      await sub.subscribe(channel);
    } else {
      sub.on('pmessage', (_p: string, ch: string, msg: string) => deliver(ch, msg));
      await sub.psubscribe(glob);
    }
    return { close: () => this.pool.release(sub) };
  }
}

// ------------------------------------------------------------------------------------------------
// Keyspace notifications

export interface KeyspaceEvent<P> {
  /** The Redis event name, e.g. `hset`, `expired`, `del`. */
  event: string;
  key: string;
  params: P;
}

export class NotificationAccessor<P> {
  constructor(
    private readonly pool: ConnectionPool,
    private readonly dbName: string,
    private readonly db: number,
    private readonly keyParts: readonly PartDesc[] | undefined,
    private readonly channel: 'keyspace' | 'keyevent',
  ) {}

  /**
   * PSUBSCRIBE to `__keyspace@<db>__:<glob>` (or `__keyevent@<db>__:*`) on a dedicated connection and
   * call the handler with each event on a key of the watched pattern.
   */
  async subscribe(params: Partial<Record<string, unknown>>, handler: (e: KeyspaceEvent<P>) => void): Promise<Subscription> {
    const sub = this.pool.subscriber(this.dbName);
    const prefix = `__${this.channel}@${this.db}__:`;
    const glob = this.channel === 'keyspace' ? prefix + (this.keyParts ? globOf(this.keyParts, params) : '*') : `${prefix}*`;
    sub.on('pmessage', (_p: string, ch: string, msg: string) => {
      const key = this.channel === 'keyspace' ? ch.slice(prefix.length) : msg;
      const event = this.channel === 'keyspace' ? msg : ch.slice(prefix.length);
      const parsed = this.keyParts ? parseName(this.keyParts, key) : {};
      if (parsed) handler({ event, key, params: parsed as P });
    });
    await sub.psubscribe(glob);
    return { close: () => this.pool.release(sub) };
  }
}
