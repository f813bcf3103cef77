/**
 * A key pattern compiled once: what its accessors would otherwise work out from the descriptor on every
 * call. Encoders per codec, the codec of every literal field, whether values are read as bytes, and the
 * TTL a write applies (constant for a pattern without TTL, else memoised per keyspace, a field-dependent
 * policy per value of its field). The generated client compiles one plan per pattern at load time.
 */
import { encoderOf, hasBuffer, type Encoder } from './codecs.js';
import type { CodecDesc, FieldDesc, KeyDesc } from './descriptor-types.js';
import { KeyspecValueError } from './errors.js';
import { parseName } from './names.js';
import type { KeyContext } from './pool.js';
import { resolveTtl, ttlActionOf, type TtlAction } from './ttl.js';

/** A hash or stream field declaration, compiled. */
export interface FieldPlan {
  readonly desc: FieldDesc;
  readonly codec: CodecDesc;
  readonly encode: Encoder;
  /** Its values decode to Buffers (read them as bytes). */
  readonly binary: boolean;
}

function fieldPlanOf(desc: FieldDesc): FieldPlan {
  return { desc, codec: desc.codec, encode: encoderOf(desc.codec), binary: hasBuffer(desc.codec) };
}

/** Distinct field names remembered per pattern (as the codec cache of a keyspace was bounded). */
const FIELD_CACHE_LIMIT = 10_000;
/** Distinct values of a TTL field remembered per keyspace. */
const TTL_CACHE_LIMIT = 1_000;

export class KeyPlan {
  /** The value (string keys) or member (lists, sets, zsets) encoder. */
  readonly encode: Encoder | undefined;
  /** The score encoder (zsets). */
  readonly encodeScore: Encoder | undefined;
  /** Some value of this key decodes to a Buffer. */
  readonly binary: boolean;
  /** The field a field-dependent TTL depends on. */
  readonly ttlField: string | undefined;
  /** The TTL slides on read. */
  readonly slides: boolean;
  private readonly fieldPlans: FieldPlan[];
  private readonly byDesc = new Map<FieldDesc, FieldPlan>();
  /** Field name -> plan: literal names up front, names of field patterns as they are met (bounded). */
  private readonly byName = new Map<string, FieldPlan>();
  /** The TTL of a pattern whose writes never touch it, decided once. */
  private readonly fixed: TtlAction | undefined;
  private memoCtx: KeyContext | undefined;
  private memoAction: TtlAction | undefined;
  private memoByField: Map<string | undefined, TtlAction> | undefined;

  constructor(readonly desc: KeyDesc) {
    this.encode = desc.value ? encoderOf(desc.value) : desc.member ? encoderOf(desc.member) : undefined;
    this.encodeScore = desc.score ? encoderOf(desc.score) : undefined;
    this.fieldPlans = (desc.fields ?? []).map(fieldPlanOf);
    for (const f of this.fieldPlans) this.byDesc.set(f.desc, f);
    this.binary = hasBuffer(desc.value) || hasBuffer(desc.member) || this.fieldPlans.some((f) => f.binary);
    // A literal field name resolves as any name does (the first declaration that parses it wins).
    for (const f of this.fieldPlans) {
      if (f.desc.parts.every((p) => typeof p === 'string')) {
        const name = f.desc.parts.join('');
        const found = this.lookup(name);
        if (found) this.byName.set(name, found);
      }
    }
    const p = desc.ttl;
    this.ttlField = p.kind === 'byField' ? p.field : undefined;
    this.slides = p.kind !== 'none' && p.kind !== 'any' && p.kind !== 'byField' && p.refresh === 'read';
    // No TTL, or any: a write leaves the TTL alone whatever the overrides and env say.
    this.fixed = p.kind === 'none' || p.kind === 'any' ? 'keep' : undefined;
  }

  private lookup(field: string): FieldPlan | undefined {
    for (const f of this.fieldPlans) if (parseName(f.desc.parts, field)) return f;
    return undefined;
  }

  /** The plan of a field declaration of this key. */
  fieldPlan(declared: FieldDesc): FieldPlan {
    return this.byDesc.get(declared) ?? fieldPlanOf(declared);
  }

  /** The plan of the declaration a field name falls under, or a KeyspecValueError. */
  field(name: string): FieldPlan {
    let f = this.byName.get(name);
    if (f === undefined) {
      f = this.lookup(name);
      if (!f) throw new KeyspecValueError(`${this.desc.id}: field ${JSON.stringify(name)} is not declared`);
      if (this.byName.size < FIELD_CACHE_LIMIT) this.byName.set(name, f);
    }
    return f;
  }

  /**
   * The TTL a write applies in a keyspace, given the value of the field a field-dependent policy
   * depends on: `ttlActionOf` of the policy, the keyspace's overrides and env (read once per keyspace;
   * an invalid env override is not remembered, so it fails every write).
   */
  ttl(ctx: KeyContext, fieldValue?: string): TtlAction {
    if (this.fixed !== undefined) return this.fixed;
    if (ctx !== this.memoCtx) {
      this.memoCtx = ctx;
      this.memoAction = undefined;
      this.memoByField = undefined;
    }
    const { ttl, id } = this.desc;
    if (ttl.kind !== 'byField') {
      let a = this.memoAction;
      if (a === undefined) {
        a = ctx.ttlCache.get(id);
        if (a === undefined) {
          a = ttlActionOf(ttl, ttl, ctx.overrides[id], ctx.env);
          ctx.ttlCache.set(id, a);
        }
        this.memoAction = a;
      }
      return a;
    }
    let byField = this.memoByField;
    if (byField === undefined) this.memoByField = byField = new Map();
    let a = byField.get(fieldValue);
    if (a === undefined) {
      a = ttlActionOf(ttl, resolveTtl(ttl, fieldValue), ctx.overrides[id], ctx.env);
      if (byField.size >= TTL_CACHE_LIMIT) byField.clear();
      byField.set(fieldValue, a);
    }
    return a;
  }

  /** The seconds a read refreshes a sliding TTL to in a keyspace, if the policy slides on read. */
  sliding(ctx: KeyContext): number | undefined {
    if (!this.slides) return undefined;
    const a = this.ttl(ctx);
    return typeof a === 'object' ? a.expire : undefined;
  }
}

const plans = new WeakMap<KeyDesc, KeyPlan>();

/** The plan of a key descriptor, compiled once per descriptor. */
export function compileKey(desc: KeyDesc): KeyPlan {
  let p = plans.get(desc);
  if (p === undefined) {
    p = new KeyPlan(desc);
    plans.set(desc, p);
  }
  return p;
}
