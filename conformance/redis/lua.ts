/**
 * The Lua scripts keyspec sends, one `.lua` file each in `lua/`, named for what it does. They are read
 * through the package's file map, so the compiled dist/ and the bundled CLI find them too.
 */
import { readPackageFile } from '../../spec/package-files.ts';

/** The text of `lua/<name>.lua`. */
export function luaScript(name: string): string {
  return readPackageFile(`conformance/redis/lua/${name}.lua`);
}

/**
 * TYPE and PTTL of every key in KEYS, then for each (index, field) pair in ARGV the field's value when
 * that key is a hash (false otherwise), in ARGV order. Read-only: runnable with EVAL_RO by a user without
 * write rights. The HGET runs right after the key's TYPE and PTTL, while the key is still in the CPU
 * cache (a second pass over the keys cost ~0.1 us/key more on a WEPPcloud-shaped keyspace). (Building one
 * compact string in Lua instead of a reply array would save the client parsing but costs the server
 * ~0.5 us/key more, and the server is the bottleneck.)
 */
export const PROBE_KEYS = luaScript('probe-keys');

/**
 * One SCAN page and the probe of its keys in one read-only call, within a time budget (standalone
 * servers only: the keys are not declared in KEYS, which a cluster would refuse; ACL key patterns still
 * apply, since every redis.call is checked). ARGV: cursor, COUNT, budget in microseconds, then (prefix,
 * field) pairs, longest prefix first: a hash whose name starts with a prefix gets that field read (HGET),
 * atomically with its TYPE and PTTL. Returns {next cursor, keys, probes, fields, others, used}: one
 * integer per probed key, (PTTL + 2) * 8 + type code (TYPE_CODES; 7: a type named in `others`), fewer
 * than the keys when the budget ran out (the caller probes the rest), and the server microseconds used.
 *
 * Fusing saves the server the second parse of every key (EVAL arguments, KEYS table) and runs each
 * key's TYPE right after SCAN touched it, before another connection's page evicts it from the cache;
 * one integer per key instead of two halves the reply's probe part.
 */
export const SCAN_PAGE_WITHIN_BUDGET = luaScript('scan-page-within-budget');

/** The type names SCAN_PAGE_WITHIN_BUDGET returns as small integers, by code (7: named apart). */
export const TYPE_CODES = ['none', 'string', 'list', 'set', 'zset', 'hash', 'stream'];

/** Creates a hash with one field only when the key does not exist (the probe's scratch hash). */
export const CREATE_HASH_IF_ABSENT = luaScript('create-hash-if-absent');
