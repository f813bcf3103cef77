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
 * One SCAN page and the probe of its keys in one read-only call (standalone servers only: the keys are
 * not declared in KEYS, which a cluster would refuse; ACL key patterns still apply, since every
 * redis.call is checked). ARGV: cursor, COUNT, then (prefix, field) pairs, longest prefix first: a hash
 * whose name starts with a prefix gets that field read (HGET), atomically with its TYPE and PTTL.
 * Returns {next cursor, keys, {type, pttl per key}, {key index, field value, pair index per HGET}};
 * the usual types come back as small integers (TYPE_CODES), any other (a module type) as its name.
 *
 * Fusing saves the server the second parse of every key (EVAL arguments, KEYS table) and runs each
 * key's TYPE right after SCAN touched it, before another connection's page evicts it from the cache;
 * the client no longer re-encodes the keys either.
 */
export const SCAN_AND_PROBE_PAGE = luaScript('scan-and-probe-page');

/** The type names SCAN_AND_PROBE_PAGE returns as small integers, by code. */
export const TYPE_CODES = ['none', 'string', 'list', 'set', 'zset', 'hash', 'stream'];

/** Creates a hash with one field only when the key does not exist (the probe's scratch hash). */
export const CREATE_HASH_IF_ABSENT = luaScript('create-hash-if-absent');
