/**
 * Keys of a logical type over a Redis type: bitmaps and HyperLogLogs (strings), GEO sets (zsets), and
 * module types (JSON, time series, probabilistic types, vector sets), every write applying the declared
 * TTL in the same MULTI. Kept small: the commands most code needs; `redis` is there for the rest.
 */
import { BaseKey, type Multi } from './base-key.js';
import { decodeValue, type Encoded } from './codecs.js';

abstract class LogicalKey extends BaseKey {
  /** One write command, the TTL applied in the same MULTI (alone in a pipeline when there is none). */
  protected async write(build: (m: Multi) => void): Promise<unknown> {
    const keep = this.ttlAction() === 'keep';
    const m: Multi = keep ? this.redis.pipeline() : this.redis.multi();
    build(m);
    if (!keep) this.applyTtl(m);
    return (await this.exec(m))[0];
  }
}

/** A bitmap (a string): SETBIT with the TTL, GETBIT, BITCOUNT. */
export class BitmapKey extends LogicalKey {
  /** SETBIT, TTL applied in the same MULTI; returns the bit's previous value. */
  async setBit(offset: number, bit: 0 | 1): Promise<0 | 1> {
    return (await this.write((m) => m.setbit(this.key, offset, bit))) as 0 | 1;
  }
  async getBit(offset: number): Promise<0 | 1> {
    return (await this.redis.getbit(this.key, offset)) as 0 | 1;
  }
  /** BITCOUNT: the number of bits set. */
  count(): Promise<number> {
    return this.redis.bitcount(this.key);
  }
}

/** A HyperLogLog (a string starting `HYLL`): PFADD with the TTL, PFCOUNT. */
export class HyperLogLogKey extends LogicalKey {
  /** PFADD, TTL applied in the same MULTI; true when the estimate changed. */
  async add(...elements: string[]): Promise<boolean> {
    return (await this.write((m) => m.pfadd(this.key, ...elements))) === 1;
  }
  /** PFCOUNT: the estimated number of distinct elements. */
  count(): Promise<number> {
    return this.redis.pfcount(this.key);
  }
}

export type GeoUnit = 'm' | 'km' | 'mi' | 'ft';

/** A GEO set (a zset of geohash scores): GEOADD with the TTL, GEOPOS, GEOSEARCH by radius. */
export class GeoKey<M> extends LogicalKey {
  private encM(m: M): Encoded {
    return this.plan.encode!(m, this.desc.id);
  }
  private decM(b: Buffer): M {
    return decodeValue(this.desc.member!, b, this.desc.id) as M;
  }
  /** GEOADD one member at longitude/latitude, TTL applied in the same MULTI; returns how many were added. */
  async add(member: M, longitude: number, latitude: number): Promise<number> {
    return (await this.write((m) => m.geoadd(this.key, longitude, latitude, this.encM(member)))) as number;
  }
  /** GEOPOS: [longitude, latitude], or null when the member is absent. */
  async position(member: M): Promise<[number, number] | null> {
    const [p] = (await this.redis.geopos(this.key, this.encM(member))) as ([string, string] | null)[];
    return p ? [Number(p[0]), Number(p[1])] : null;
  }
  /** GEOSEARCH FROMLONLAT BYRADIUS, nearest first. */
  async searchRadius(lon: number, lat: number, radius: number, unit: GeoUnit = 'm', count?: number): Promise<M[]> {
    const args: (string | number)[] = [this.key, 'FROMLONLAT', lon, lat, 'BYRADIUS', radius, unit, 'ASC'];
    if (count !== undefined) args.push('COUNT', count);
    const found = (await this.redis.callBuffer('GEOSEARCH', ...args)) as Buffer[];
    return found.map((b) => this.decM(b));
  }
}

/** A key of a module type (JSON, time series, ...): the commands every key has; use `redis` for the module's. */
export class ModuleKey extends LogicalKey {}
