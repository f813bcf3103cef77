/** A stream key: XADD typed entries (TTL applied in the same MULTI) and XRANGE them back, decoded. */
import { BaseKey } from './base-key.js';
import { decodeValue, type Encoded } from './codecs.js';
import { KeyspecValueError } from './errors.js';
import { missingRequired, type FieldMap } from './hash-key.js';

export class StreamKey<F extends FieldMap> extends BaseKey {
  /**
   * XADD one entry, a whole record (every required entry field present: the type says so, and an entry
   * built at run time missing one is rejected before anything is sent), with an optional MAXLEN ~ cap;
   * TTL applied in the same MULTI. Returns the entry id.
   */
  async add(fields: F, opts: { maxLen?: number } = {}): Promise<string> {
    const missing = missingRequired(this.desc.required, fields);
    if (missing) throw new KeyspecValueError(`${this.desc.id}: an entry needs field '${missing}' (required)`);
    const args: Encoded[] = [];
    for (const [k, v] of Object.entries(fields))
      if (v !== undefined) args.push(k, this.plan.field(k).encode(v, `${this.desc.id} ${k}`));
    const m = this.redis.multi();
    if (opts.maxLen !== undefined) m.xadd(this.key, 'MAXLEN', '~', opts.maxLen, '*', ...args);
    else m.xadd(this.key, '*', ...args);
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
          fields[k] = decodeValue(this.fieldCodec(k), flat[i + 1]!, `${this.desc.id} ${k}`);
        } catch {
          // undeclared entry field: skipped
        }
      }
      return { id: id.toString(), fields: fields as Partial<F> };
    });
  }
}
