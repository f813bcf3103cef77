/**
 * What every key accessor shares: the concrete key, its pattern's compiled plan (plan.ts: the TTL a
 * write applies, memoised per keyspace, and field codecs), transactions, and the commands that work on
 * a key of any type.
 */
import type { Redis } from 'ioredis';
import type { CodecDesc, KeyDesc } from './descriptor-types.js';
import { compileKey, type KeyPlan } from './plan.js';
import type { KeyContext } from './pool.js';
import type { TtlAction } from './ttl.js';

export type Multi = ReturnType<Redis['multi']>;

export class BaseKey {
  constructor(
    protected readonly redis: Redis,
    protected readonly desc: KeyDesc,
    /** The concrete key. */
    readonly key: string,
    protected readonly ctx: KeyContext,
    /** The compiled plan of `desc` (the generated client passes the one it compiled at load time). */
    protected readonly plan: KeyPlan = compileKey(desc),
  ) {}

  /** The TTL a write applies, given the value of the field a field-dependent policy depends on. */
  ttlAction(fieldValue?: string): TtlAction {
    return this.plan.ttl(this.ctx, fieldValue);
  }

  /** The codec of a hash or stream field. */
  protected fieldCodec(field: string): CodecDesc {
    return this.plan.field(field).codec;
  }

  protected applyTtl(multi: Multi, fieldValue?: string): void {
    const a = this.ttlAction(fieldValue);
    if (a === 'persist') multi.persist(this.key);
    else if (a !== 'keep') multi.expire(this.key, a.expire);
  }

  /** The seconds a read refreshes a sliding TTL to, if the policy slides on read. */
  protected get slidingSeconds(): number | undefined {
    return this.plan.sliding(this.ctx);
  }

  /** ioredis' own reply promise as a Promise<void> (no extra promise for a reply nobody reads). */
  protected unwrap(reply: Promise<unknown>): Promise<void> {
    return reply as Promise<void>;
  }

  /** EXEC for writes whose replies nobody reads: resolves when the transaction succeeded. */
  protected execVoid(multi: Multi): Promise<void> {
    return multi.exec().then((res) => {
      if (!res) throw new Error(`transaction on ${this.key} was aborted`);
      for (let i = 0; i < res.length; i++) if (res[i]![0]) throw res[i]![0];
    });
  }

  protected async exec(multi: Multi): Promise<unknown[]> {
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
