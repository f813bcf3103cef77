/**
 * The synchronous variant of an asyncio source: one template, two clients. `async def` becomes `def`,
 * `await` and `async for` go, and the asyncio Protocols and module become their synchronous twins.
 */
const REPLACEMENTS: [RegExp, string][] = [
  [/\basync def /g, 'def '],
  [/\bawait \(/g, '('],
  [/\bawait /g, ''],
  [/\basync for /g, 'for '],
  [/\basync with /g, 'with '],
  [/\bAsyncIterator\b/g, 'Iterator'],
  [/\bAsyncPipeline\b/g, 'SyncPipeline'],
  [/\bAsyncPubSub\b/g, 'SyncPubSub'],
  [/\bAsyncRedisFactory\b/g, 'SyncRedisFactory'],
  [/\bAsyncRedis\b/g, 'SyncRedis'],
  [/"redis\.asyncio"/g, '"redis"'],
  [/``redis\.asyncio\.Redis/g, '``redis.Redis'],
  [/over redis\.asyncio/g, 'over redis-py (synchronous)'],
  [/\bfrom \.aio import\b/g, 'from .sync import'],
  [/\bfrom \._runtime\.aio import\b/g, 'from ._runtime.sync import'],
];

/** `source` (asyncio) as its synchronous variant. */
export function unasync(source: string): string {
  return REPLACEMENTS.reduce((s, [re, to]) => s.replace(re, to), source);
}
