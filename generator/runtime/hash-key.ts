/**
 * A hash key: fields typed by literal name and by field pattern, each write applying the declared TTL
 * (a field-dependent TTL resolves on the value written to its field) in the same MULTI. A field with its
 * own TTL (hash-field expiration, Redis 7.4 / Valkey 9.0) gets `HEXPIRE key <s> FIELDS n f…` after the
 * HSET in that MULTI: portable to every server that has field TTLs (HSETEX is 8.0 only), and never a
 * choice made at run time by probing the server.
 */
import { BaseKey, type Multi } from './base-key.js';
import { decodeValue, type Encoded } from './codecs.js';
import type { FieldDesc } from './descriptor-types.js';
import { buildName } from './names.js';
import type { FieldPlan } from './plan.js';
import { KeyspecValueError } from './errors.js';
import { ttlActionOf, type TtlAction } from './ttl.js';

/** Field types of a hash, with literal and template-literal keys. */
export type FieldMap = Record<string, unknown>;

/** The first required field a record lacks (undefined counts as absent), if any. */
export function missingRequired(required: readonly string[] | undefined, record: object): string | undefined {
  if (!required) return undefined;
  for (const f of required) if ((record as Record<string, unknown>)[f] === undefined) return f;
  return undefined;
}

export class HashKey<F extends FieldMap> extends BaseKey {
  /** Seconds a write sets on this field's own TTL (its `ttl:`, env override applied), if any. */
  private fieldSeconds(f: FieldPlan): number | undefined {
    const ttl = f.desc.ttl;
    if (ttl === undefined) return undefined;
    const a = ttlActionOf(ttl, ttl, undefined, this.ctx.env);
    return typeof a === 'object' ? a.expire : undefined;
  }

  /** HEXPIRE of the written fields that have their own TTL, grouped by seconds, into `m`. */
  private expireFields(m: Multi, expiring: Map<number, string[]>): void {
    for (const [seconds, fields] of expiring) m.call('HEXPIRE', this.key, seconds, 'FIELDS', fields.length, ...fields);
  }

  /** The value of the field a field-dependent TTL depends on, when this write sets that field. */
  private ttlFieldValue(field: string, encoded: Encoded): string | undefined {
    return this.plan.ttlField === field ? String(encoded) : undefined;
  }

  /** HGET one field, decoded. */
  async get<K extends keyof F & string>(field: K): Promise<Exclude<F[K], undefined> | null> {
    return (await this.readField(field, this.plan.field(field))) as Exclude<F[K], undefined> | null;
  }

  private async readField(field: string, f: FieldPlan): Promise<unknown> {
    const sliding = this.slidingSeconds;
    let raw: Buffer | string | null;
    if (sliding !== undefined) {
      const m = this.redis.multi().hgetBuffer(this.key, field).expire(this.key, sliding);
      raw = (await this.exec(m))[0] as Buffer | null;
    } else if (f.binary) raw = await this.redis.hgetBuffer(this.key, field);
    else raw = await this.redis.hget(this.key, field);
    return raw === null ? null : decodeValue(f.codec, raw, `${this.desc.id} ${field}`);
  }

  /** HGET a field named by a generated getter (its name built and checked there), decoded. */
  protected getFieldAs<V>(f: FieldPlan, field: string): Promise<V | null> {
    return this.readField(field, f) as Promise<V | null>;
  }

  /** HSET a field named by a generated setter (its name built and checked there), TTL as for set(). */
  protected setFieldAs(f: FieldPlan, field: string, value: unknown): Promise<void> {
    return this.writeField(f, field, value);
  }

  /** HGET the field of a declared field pattern, named by its params (for generated field getters). */
  protected getFieldOf<V>(declared: FieldDesc, params: object): Promise<V | null> {
    let field: string;
    try {
      field = buildName(declared.parts, params, `${this.desc.id} field`);
    } catch (e) {
      return Promise.reject(e);
    }
    return this.readField(field, this.plan.fieldPlan(declared)) as Promise<V | null>;
  }

  /** HSET the field of a declared field pattern, named by its params (for generated field setters). */
  protected setFieldOf(declared: FieldDesc, params: object, value: unknown): Promise<void> {
    let field: string;
    try {
      field = buildName(declared.parts, params, `${this.desc.id} field`);
    } catch (e) {
      return Promise.reject(e);
    }
    return this.setField(field, value, declared);
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
      let f: FieldPlan;
      try {
        f = this.plan.field(k);
      } catch {
        continue;
      }
      out[k] = decodeValue(f.codec, v, `${this.desc.id} ${k}`);
    }
    return out as Partial<F>;
  }

  /** HSET one field, TTL applied as for set(); `declared` (its field declaration) saves a codec lookup. */
  setField(field: string, value: unknown, declared?: FieldDesc): Promise<void> {
    let f: FieldPlan;
    try {
      f = declared !== undefined ? this.plan.fieldPlan(declared) : this.plan.field(field);
    } catch (e) {
      return Promise.reject(e);
    }
    return this.writeField(f, field, value);
  }

  private writeField(f: FieldPlan, field: string, value: unknown): Promise<void> {
    let enc: Encoded;
    let fieldValue: string | undefined;
    let a: TtlAction;
    let fieldTtl: number | undefined;
    try {
      enc = f.encode(value, this.desc.id);
      if (this.plan.ttlField === field) fieldValue = String(enc);
      a = this.plan.ttl(this.ctx, fieldValue);
      fieldTtl = this.fieldSeconds(f);
    } catch (e) {
      return Promise.reject(e);
    }
    if (a === 'keep' && fieldTtl === undefined) return this.unwrap(this.redis.hset(this.key, field, enc));
    const m = this.redis.multi().hset(this.key, field, enc);
    if (fieldTtl !== undefined) this.expireFields(m, new Map([[fieldTtl, [field]]]));
    if (a === 'persist') m.persist(this.key);
    else if (a !== 'keep') m.expire(this.key, a.expire);
    return this.execVoid(m);
  }

  /**
   * HSET a whole record: every required field present (the type says so; a record built at run time
   * missing one is rejected before anything is sent), TTL applied in the same MULTI. Fields not given
   * are left as they are; `set` updates some fields of a record.
   */
  write(record: F): Promise<void> {
    const missing = missingRequired(this.desc.required, record);
    if (missing) {
      const what = `${this.desc.id}: a whole record needs field '${missing}' (required)`;
      return Promise.reject(new KeyspecValueError(what));
    }
    return this.set(record);
  }

  /** HSET the given fields (an update of some fields of a record) and apply the TTL in the same MULTI. */
  set(fields: Partial<F>): Promise<void> {
    const plan = this.plan;
    const args: Encoded[] = [];
    let fieldValue: string | undefined;
    let a: TtlAction;
    let expiring: Map<number, string[]> | undefined;
    try {
      for (const k in fields) {
        const v = fields[k];
        if (v === undefined) continue;
        const f = plan.field(k);
        const enc = f.encode(v, this.desc.id);
        args.push(k, enc);
        if (fieldValue === undefined && plan.ttlField === k) fieldValue = String(enc);
        if (f.desc.ttl !== undefined) {
          const s = this.fieldSeconds(f);
          if (s !== undefined) {
            expiring ??= new Map();
            const list = expiring.get(s);
            if (list) list.push(k);
            else expiring.set(s, [k]);
          }
        }
      }
      a = plan.ttl(this.ctx, fieldValue);
    } catch (e) {
      return Promise.reject(e);
    }
    if (args.length === 0) return Promise.resolve();
    if (a === 'keep' && expiring === undefined) {
      // No TTL to apply: a plain HSET, no transaction needed.
      return this.unwrap(this.redis.hset(this.key, args));
    }
    const m = this.redis.multi().hset(this.key, args);
    if (expiring) this.expireFields(m, expiring);
    if (a === 'persist') m.persist(this.key);
    else if (a !== 'keep') m.expire(this.key, a.expire);
    return this.execVoid(m);
  }

  /** HSETNX one field (TTL applied in the same MULTI); true when the field was created. */
  async setIfAbsent<K extends keyof F & string>(field: K, value: Exclude<F[K], undefined>): Promise<boolean> {
    const f = this.plan.field(field);
    const enc = f.encode(value, `${this.desc.id} ${field}`);
    const seconds = this.fieldSeconds(f);
    const m = this.redis.multi().hsetnx(this.key, field, enc);
    // HEXPIRE NX: a new field gets its TTL; a field that already has one (HSETNX did nothing) keeps it.
    if (seconds !== undefined) m.call('HEXPIRE', this.key, seconds, 'NX', 'FIELDS', 1, field);
    this.applyTtl(m, this.ttlFieldValue(field, enc));
    return (await this.exec(m))[0] === 1;
  }

  /** HDEL fields (the TTL is re-applied in the same MULTI). */
  async deleteFields(...fields: (keyof F & string)[]): Promise<number> {
    const m = this.redis.multi().hdel(this.key, ...fields);
    this.applyTtl(m);
    return (await this.exec(m))[0] as number;
  }
}
