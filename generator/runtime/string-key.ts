/** A string key: GET (refreshing a sliding TTL) and SET / SET NX with the declared TTL. */
import { BaseKey } from './base-key.js';
import { decodeValue, type Encoded } from './codecs.js';
import type { TtlAction } from './ttl.js';

export class StringKey<V> extends BaseKey {
  private enc(value: V): Encoded {
    return this.plan.encode!(value, this.desc.id);
  }

  /** The value, or null when the key does not exist. Refreshes a sliding TTL. */
  get(): Promise<V | null> {
    const plan = this.plan;
    let sliding: number | undefined;
    if (plan.slides) {
      try {
        sliding = plan.sliding(this.ctx);
      } catch (e) {
        return Promise.reject(e);
      }
    }
    const p: Promise<Buffer | string | null> =
      sliding !== undefined
        ? plan.binary
          ? this.redis.getexBuffer(this.key, 'EX', sliding)
          : this.redis.getex(this.key, 'EX', sliding)
        : plan.binary
          ? this.redis.getBuffer(this.key)
          : this.redis.get(this.key);
    // Text read as text needs no decoding: hand back ioredis' own promise.
    const codec = this.desc.value!;
    if (codec.kind === 'string') return p as Promise<V | null>;
    return p.then((raw) => (raw === null ? null : (decodeValue(codec, raw, this.desc.id) as V)));
  }

  /** SET with the declared TTL (`SET key value EX ttl`). */
  set(value: V): Promise<void> {
    let v: Encoded;
    let a: TtlAction;
    try {
      v = this.enc(value);
      a = this.plan.ttl(this.ctx);
    } catch (e) {
      return Promise.reject(e);
    }
    // ioredis' own promise, unwrapped (it resolves to 'OK', which callers of a Promise<void> ignore).
    if (typeof a === 'object') return this.unwrap(this.redis.set(this.key, v, 'EX', a.expire));
    return this.unwrap(this.redis.set(this.key, v));
  }

  /** SET NX with the declared TTL; true when this call created the key. */
  async setIfAbsent(value: V): Promise<boolean> {
    const a = this.ttlAction();
    const v = this.enc(value);
    if (typeof a === 'object') return (await this.redis.set(this.key, v, 'EX', a.expire, 'NX')) === 'OK';
    return (await this.redis.set(this.key, v, 'NX')) === 'OK';
  }
}
