/** Lists, sets and sorted sets: typed members (and scores), every write applying the declared TTL. */
import { BaseKey, type Multi } from './base-key.js';
import { decodeValue, type Encoded } from './codecs.js';

abstract class CollectionKey<M> extends BaseKey {
  protected encM(m: M): Encoded {
    return this.plan.encode!(m, this.desc.id);
  }
  protected encAll(members: readonly M[]): Encoded[] {
    return members.map((x) => this.encM(x));
  }
  protected decM(b: Buffer): M {
    return decodeValue(this.desc.member!, b, this.desc.id) as M;
  }
  /** One write command, with the TTL applied in the same MULTI (alone in a pipeline without a TTL). */
  protected async write(build: (m: Multi) => void): Promise<unknown> {
    const keep = this.ttlAction() === 'keep';
    const m: Multi = keep ? this.redis.pipeline() : this.redis.multi();
    build(m);
    if (!keep) this.applyTtl(m);
    return (await this.exec(m))[0];
  }
}

export class ListKey<M> extends CollectionKey<M> {
  /** RPUSH, TTL applied in the same MULTI; returns the new length. */
  async push(...members: M[]): Promise<number> {
    return (await this.write((m) => m.rpush(this.key, ...this.encAll(members)))) as number;
  }
  /** LPUSH, TTL applied in the same MULTI; returns the new length. */
  async pushFront(...members: M[]): Promise<number> {
    return (await this.write((m) => m.lpush(this.key, ...this.encAll(members)))) as number;
  }
  /** LREM count member, TTL re-applied; returns how many were removed. */
  async remove(member: M, count = 0): Promise<number> {
    return (await this.write((m) => m.lrem(this.key, count, this.encM(member)))) as number;
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
    return (await this.write((m) => m.sadd(this.key, ...this.encAll(members)))) as number;
  }
  /** SREM, TTL re-applied; returns how many were removed. */
  async remove(...members: M[]): Promise<number> {
    return (await this.write((m) => m.srem(this.key, ...this.encAll(members)))) as number;
  }
  async has(member: M): Promise<boolean> {
    return (await this.redis.sismember(this.key, this.encM(member))) === 1;
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
    return String(this.plan.encodeScore!(s, `${this.desc.id} score`));
  }
  private decS(b: Buffer): S {
    return decodeValue(this.desc.score!, b, `${this.desc.id} score`) as S;
  }
  /** ZADD member with score, TTL applied in the same MULTI; returns how many were added. */
  async add(member: M, score: S): Promise<number> {
    return (await this.write((m) => m.zadd(this.key, this.encS(score), this.encM(member)))) as number;
  }
  /** ZREM, TTL re-applied. */
  async remove(...members: M[]): Promise<number> {
    return (await this.write((m) => m.zrem(this.key, ...this.encAll(members)))) as number;
  }
  async score(member: M): Promise<S | null> {
    const s = await this.redis.zscore(this.key, this.encM(member));
    return s === null ? null : this.decS(Buffer.from(s));
  }
  async range(start = 0, stop = -1): Promise<{ member: M; score: S }[]> {
    const flat = await this.redis.zrangeBuffer(this.key, start, stop, 'WITHSCORES');
    const out: { member: M; score: S }[] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) {
      out.push({ member: this.decM(flat[i]!), score: this.decS(flat[i + 1]!) });
    }
    return out;
  }
  /**
   * ZRANGEBYSCORE from `min` to `max` (inclusive, typed scores: an encoded score's parts), at most `limit`
   * members, with their scores.
   */
  async rangeByScore(min: S, max: S, limit?: number): Promise<{ member: M; score: S }[]> {
    const lo = this.encS(min);
    const hi = this.encS(max);
    const flat =
      limit === undefined
        ? await this.redis.zrangebyscoreBuffer(this.key, lo, hi, 'WITHSCORES')
        : await this.redis.zrangebyscoreBuffer(this.key, lo, hi, 'WITHSCORES', 'LIMIT', 0, limit);
    const out: { member: M; score: S }[] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) {
      out.push({ member: this.decM(flat[i]!), score: this.decS(flat[i + 1]!) });
    }
    return out;
  }
  size(): Promise<number> {
    return this.redis.zcard(this.key);
  }
}
