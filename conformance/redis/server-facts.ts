/**
 * What the server is: its version, `notify-keyspace-events` and the `server.config` parameters the
 * spec names (CONFIG GET, with INFO and HELLO as read-only probes where CONFIG is refused), its
 * databases and their sizes (a cluster's topology: cluster-slots.ts).
 */
import type { Redis } from 'ioredis';
import type { Spec } from '../../spec/index.ts';
import type { Fact, ServerFacts } from '../judging/server.ts';
import { openConnection } from './connect.ts';
import type { Target } from './connection.ts';
import { connectionLost, DEFAULT_TIMEOUTS, errText, type Timeouts } from './errors.ts';

/** A refusal is a fact about the server; a lost connection (or a timeout) is not: it stops the run. */
function refusal(e: unknown): string {
  if (connectionLost(e)) throw e;
  return errText(e);
}

export function parseInfo(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    if (!line || line.startsWith('#')) continue;
    const i = line.indexOf(':');
    if (i > 0) out.set(line.slice(0, i), line.slice(i + 1));
  }
  return out;
}

/** `dbN:keys=K,...` lines of INFO keyspace. */
export function keyspaceFromInfo(info: Map<string, string>): Map<number, number> {
  const out = new Map<number, number>();
  for (const [k, v] of info) {
    const m = /^db([0-9]+)$/.exec(k);
    const n = /keys=([0-9]+)/.exec(v);
    if (m && n) out.set(Number(m[1]), Number(n[1]));
  }
  return out;
}

export interface ServerState {
  facts: ServerFacts;
  info?: Map<string, string>;
  cluster: boolean;
}

export async function readServer(conn: Redis, spec: Spec): Promise<ServerState> {
  let info: Map<string, string> | undefined;
  let infoError = '';
  try {
    info = parseInfo(String(await conn.info()));
  } catch (e) {
    infoError = refusal(e);
  }
  let version: Fact | undefined;
  const v = info?.get('redis_version');
  if (v) version = { value: v, source: 'INFO' };
  else {
    // Behavioural probe: HELLO answers with the server version and needs no CONFIG or INFO rights.
    try {
      const hello = (await conn.call('HELLO')) as unknown[];
      const i = hello.findIndex((x) => String(x) === 'version');
      version =
        i >= 0 ? { value: String(hello[i + 1]), source: 'HELLO' } : { refused: `INFO refused (${infoError}); HELLO has no version` };
    } catch (e) {
      version = { refused: `INFO refused (${infoError}); HELLO refused (${refusal(e)})` };
    }
  }
  // A provider that blocks CONFIG (deployment.provider, spec/language/providers.ts): not even tried,
  // and the reason the check is unverifiable says where the setting is made instead.
  const blocked = spec.deployment?.limits['config-get'];
  const configGet = async (name: string): Promise<Fact> => {
    if (blocked?.support === 'no')
      return { refused: `not read: deployment.provider ${spec.deployment.provider} blocks CONFIG GET (${blocked.note})` };
    try {
      const r = (await conn.config('GET', name)) as string[];
      if (r.length >= 2) return { value: String(r[1]), source: 'CONFIG' };
      return { refused: `CONFIG GET ${name} returned nothing (unknown parameter)` };
    } catch (e) {
      return { refused: `CONFIG GET refused: ${refusal(e)}` };
    }
  };
  const notify = await configGet('notify-keyspace-events');
  const config: Record<string, Fact> = {};
  for (const name of Object.keys(spec.server.config)) {
    const f = await configGet(name);
    if ('refused' in f) {
      // Probe: many parameters are mirrored in INFO (maxmemory-policy → maxmemory_policy).
      const fromInfo = info?.get(name.replace(/-/g, '_'));
      config[name] = fromInfo !== undefined ? { value: fromInfo, source: 'INFO' } : f;
    } else config[name] = f;
  }
  const cluster = info?.get('cluster_enabled') === '1';
  const valkeyVersion = info?.get('valkey_version');
  return { facts: { version, notify, config, cluster, ...(valkeyVersion ? { valkeyVersion } : {}) }, ...(info ? { info } : {}), cluster };
}

/** Databases and their sizes: INFO keyspace, else DBSIZE on each database CONFIG GET databases allows (16 by default). */
export async function discoverDatabases(
  conn: Redis,
  t: Target,
  state: ServerState,
  timeouts: Timeouts = DEFAULT_TIMEOUTS,
): Promise<Map<number, number>> {
  if (state.info && [...state.info.keys()].some((k) => k === 'db0' || /^db[0-9]+$/.test(k))) return keyspaceFromInfo(state.info);
  if (state.info && state.info.has('redis_version')) return keyspaceFromInfo(state.info); // INFO works: no dbN lines means empty.
  let count = 16;
  try {
    const r = (await conn.config('GET', 'databases')) as string[];
    if (r.length >= 2) count = Number(r[1]) || 16;
  } catch (e) {
    refusal(e); // refused: keep 16
  }
  if (state.cluster) count = 1;
  const out = new Map<number, number>();
  for (let db = 0; db < count; db++) {
    const c = await openConnection(t, 0, timeouts);
    try {
      await c.select(db);
      const n = await c.dbsize();
      if (n > 0) out.set(db, n);
    } catch (e) {
      refusal(e); // no such database (or DBSIZE refused): the last one
      break;
    } finally {
      c.disconnect();
    }
  }
  return out;
}

/** First keys of a database (bounded SCAN) for the `db.undeclared` examples. */
export async function firstKeys(conn: Redis, limit = 3): Promise<string[]> {
  const out: string[] = [];
  let cursor = '0';
  let rounds = 0;
  do {
    const [next, keys] = await conn.scan(cursor, 'COUNT', 100);
    cursor = next;
    for (const k of keys) if (out.length < limit && !out.includes(k)) out.push(k);
  } while (cursor !== '0' && out.length < limit && ++rounds < 10);
  return out;
}
