/**
 * Parity: the runtime's connection resolution (resolveConnection, and the generated client's
 * ConnectionPool.urlFor over its emitted DATABASES / ENV_DEFAULTS) against the spec's one rule
 * (spec/language/connection-resolution.ts) and `keyspec check`'s target (resolveTarget), for every
 * connection of the shipped specs and every rule: URL precedence, host/port, password file vs password,
 * URL credentials, db env, spec defaults, and the errors.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveTarget } from '../../conformance/redis/connection.ts';
import { DATABASES, ENV_DEFAULTS } from '../../generated/weppcloud/descriptors.ts';
import { resolveConnection as specResolve } from '../../spec/index.ts';
import { resolveConnection } from '../runtime/connection.ts';
import { ConnectionPool } from '../runtime/pool.ts';
import { shippedSpecs } from '../../testing/model/parity.ts';
import { connectionScenarios } from '../../testing/model/parity-cases.ts';

const scenarios = (conn: Parameters<typeof connectionScenarios>[0]): ReturnType<typeof connectionScenarios> =>
  connectionScenarios(conn, pwFile, dir);

const dir = mkdtempSync(join(tmpdir(), 'keyspec-conn-'));
const pwFile = join(dir, 'password');
writeFileSync(pwFile, '  s3cret/with:chars  \n');
const readFile = (p: string): string => {
  if (p === pwFile) return '  s3cret/with:chars  \n';
  throw new Error(`ENOENT: ${p}`);
};

function outcome<T>(f: () => T): { ok: T } | { error: string } {
  try {
    return { ok: f() };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

for (const { name, spec } of shippedSpecs()) {
  const withConnections = spec.connections.length ? spec.connections : [undefined];
  describe.each(withConnections.map((c) => [c?.name ?? '(none)', c] as const))(`${name} connection %s`, (connName, conn) => {
    const dbs = spec.databases.filter((d) => (d.connection ?? spec.connections[0]?.name) === conn?.name);
    const cases = scenarios(conn ?? { url: [] });
    const defaults = spec.env.map((e) => ({ name: e.name, default: e.default }));

    it.each(cases)('%s: the runtime resolves as the spec rule does', (_what, env) => {
      for (const db of dbs.length ? dbs : [{ index: 0, name: 'db0' }]) {
        const runtime = outcome(() => resolveConnection(conn, db.index, env, defaults, readFile));
        const rule = outcome(() => specResolve(conn, db.index, env, defaults, readFile));
        expect(runtime, `database ${db.name}`).toEqual(rule);
      }
    });

    it.each(cases)('%s: check talks to the server the client talks to', (_what, env) => {
      const rule = outcome(() => specResolve(conn, 0, env, defaults, readFile));
      const target = outcome(() => resolveTarget(spec, { connection: connName === '(none)' ? undefined : connName, env, readFile }));
      if ('error' in rule) {
        expect(target).toEqual(rule);
        return;
      }
      expect('ok' in target).toBe(true);
      if (!('ok' in target)) return;
      const { host, port, tls, username, password, source } = rule.ok;
      const t = target.ok;
      expect({ host: t.host, port: t.port, tls: t.tls, username: t.username, password: t.password }).toEqual({
        host,
        port,
        tls,
        username,
        password,
      });
      // Without a connection, check says so where the rule says localhost:6379.
      if (conn) expect(t.source).toBe(source);
    });
  });
}

describe('the generated WEPPcloud client', () => {
  const { spec } = shippedSpecs()[0]!;
  const defaults = spec.env.map((e) => ({ name: e.name, default: e.default }));
  it('emits every connection rule of the spec (DATABASES, ENV_DEFAULTS)', () => {
    expect(ENV_DEFAULTS.map((e) => JSON.stringify({ name: e.name, default: e.default }))).toEqual(defaults.map((e) => JSON.stringify(e)));
    for (const db of spec.databases) {
      const conn = spec.connections.find((c) => c.name === db.connection) ?? spec.connections[0];
      const { description: _d, ...rule } = conn!;
      expect(JSON.parse(JSON.stringify(DATABASES[db.name]!.connection)), db.name).toEqual(JSON.parse(JSON.stringify(rule)));
    }
  });

  const conns = spec.connections;
  const envs = conns.flatMap((c) => scenarios(c)).filter(([what]) => !what.startsWith('unreadable'));
  it.each(envs)('%s: ConnectionPool.urlFor is the spec rule', (_what, env) => {
    const pool = new ConnectionPool({ env }, DATABASES, ENV_DEFAULTS);
    for (const db of spec.databases) {
      const conn = spec.connections.find((c) => c.name === db.connection) ?? spec.connections[0];
      const rule = outcome(() => specResolve(conn, db.index, env, defaults, readFile).url);
      expect(
        outcome(() => pool.urlFor(db.name)),
        db.name,
      ).toEqual(rule);
    }
  });
});
