/** The probe's only write to a key: the scratch hash, created only when the key does not exist. */
import type { Redis } from 'ioredis';
import { CREATE_HASH_IF_ABSENT } from '../redis/lua.ts';

/** Creates the scratch hash only when the key does not exist (atomic where scripts are allowed). */
export async function createScratch(conn: Redis, key: string, field: string, value: string): Promise<'created' | 'exists'> {
  let r: unknown;
  try {
    r = await conn.eval(CREATE_HASH_IF_ABSENT, 1, key, field, value);
  } catch (e) {
    const msg = (e as Error).message;
    if (!/NOPERM|unknown command|scripts? (are )?(not allowed|disabled)|noscript/i.test(msg)) throw e;
    // Scripts refused: the same checks, not atomic.
    if ((await conn.exists(key)) > 0) return 'exists';
    await conn.hset(key, field, value);
    return 'created';
  }
  return Number(r) === 1 ? 'created' : 'exists';
}
