/**
 * Kept only for generator/client.test.ts (outside this room): the real module is
 * conformance/redis/embedded-redis.ts. Repoint that import and delete this file.
 */
export * from './redis/embedded-redis.ts';
