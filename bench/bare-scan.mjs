#!/usr/bin/env node
/**
 * The baseline of `npm run bench conformance`: the least a client can do to walk a keyspace. One ioredis
 * connection per database in turn, `SCAN cursor COUNT n` until the cursor is back at 0, counting the keys
 * (no TYPE, no TTL, no matching). Prints one JSON line: {keys, seconds, dbs}.
 *
 *   node bench/bare-scan.mjs --url redis://127.0.0.1:6390 [--dbs 0,9,11] [--count 1000]
 *
 * Without --dbs it walks the databases that hold keys (INFO keyspace).
 */
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'redis://127.0.0.1:6379' },
    dbs: { type: 'string' },
    count: { type: 'string', default: '1000' },
  },
});
const count = Number(values.count);
if (!Number.isInteger(count) || count < 1) {
  console.error(`bare-scan: --count expects a positive integer, got '${values.count}'`);
  process.exit(2);
}

async function databasesWithKeys(url) {
  const r = new Redis(url);
  try {
    const info = String(await r.info('keyspace'));
    return [...info.matchAll(/^db([0-9]+):keys=/gm)].map((m) => Number(m[1]));
  } finally {
    r.disconnect();
  }
}

const dbs = values.dbs ? values.dbs.split(',').map(Number) : await databasesWithKeys(values.url);
const t = performance.now();
let keys = 0;
for (const db of dbs) {
  const r = new Redis(values.url, { db });
  try {
    let cursor = '0';
    do {
      const [next, page] = await r.scan(cursor, 'COUNT', count);
      cursor = next;
      keys += page.length;
    } while (cursor !== '0');
  } finally {
    await r.quit();
  }
}
const seconds = (performance.now() - t) / 1000;
// Exit once the line is written: after large replies, ioredis' parser (redis-parser) keeps a ref'd
// 50 ms interval that shrinks its buffer pool step by step, holding an idle process open for seconds.
process.stdout.write(JSON.stringify({ keys, seconds: Number(seconds.toFixed(3)), dbs }) + '\n', () => process.exit(0));
