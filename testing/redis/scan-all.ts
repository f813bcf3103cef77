/** Every key of a test server, with its type and remaining TTL. */
import { Redis } from 'ioredis';

export interface ScannedKey {
  db: number;
  key: string;
  type: string;
  pttl: number;
}

/** Every key of every database (0-15) with its type and remaining TTL. */
export async function scanAll(url: string): Promise<ScannedKey[]> {
  const out: ScannedKey[] = [];
  for (let db = 0; db < 16; db++) {
    const r = new Redis(url, { db });
    try {
      const keys: string[] = [];
      let cursor = '0';
      do {
        const [next, batch] = await r.scan(cursor, 'COUNT', 500);
        cursor = next;
        keys.push(...batch);
      } while (cursor !== '0');
      for (const key of keys) out.push({ db, key, type: await r.type(key), pttl: await r.pttl(key) });
    } finally {
      r.disconnect();
    }
  }
  return out;
}
