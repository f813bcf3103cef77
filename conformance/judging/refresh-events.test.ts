/** Which events make an exact TTL due to be fresh (key.ttl.too-short): writes that set, not removals. */
import { describe, expect, it } from 'vitest';
import { refreshesTtl } from './observe-rules.ts';

describe('refreshesTtl', () => {
  it.each(['set', 'expire', 'hset', 'lpush', 'xadd', 'incrby', 'setex', 'hmset', 'pexpire'])('%s refreshes', (e) =>
    expect(refreshesTtl(e)).toBe(true),
  );
  it.each(['rpop', 'lpop', 'hdel', 'srem', 'zrem', 'xtrim', 'xdel', 'persist', 'del', 'expired', 'ltrim'])('%s does not', (e) =>
    expect(refreshesTtl(e)).toBe(false),
  );
});
