/** The connection rule that check and the generated client share, case by case. */
import { describe, expect, it } from 'vitest';
import { ConnectionResolutionError, resolveConnection } from './connection-resolution.ts';

const conn = {
  name: 'default',
  url: ['REDIS_URL', 'RQ_REDIS_URL'],
  host: 'REDIS_HOST',
  port: 'REDIS_PORT',
  passwordFile: 'REDIS_PASSWORD_FILE',
  password: 'REDIS_PASSWORD',
  db: { env: 'APP_DB' },
};
const defaults = [
  { name: 'REDIS_HOST', default: 'redis' },
  { name: 'REDIS_PORT', default: '6380' },
];
const files: Record<string, string> = { '/run/secrets/pw': ' from-file \n' };
const readFile = (p: string): string => {
  const f = files[p];
  if (f === undefined) throw new Error('ENOENT');
  return f;
};
const resolve = (env: Record<string, string>, db = 3) => resolveConnection(conn, db, env, defaults, readFile);

describe('resolveConnection', () => {
  it.each([
    ['host and port defaults, the database index', {}, 'redis://redis:6380/3', 'REDIS_HOST/REDIS_PORT'],
    ['host and port vars', { REDIS_HOST: 'h', REDIS_PORT: '7000' }, 'redis://h:7000/3', 'REDIS_HOST/REDIS_PORT'],
    [
      'the first URL var set wins, its db path replaced',
      { RQ_REDIS_URL: 'redis://b:2/0', REDIS_URL: 'redis://a:1/0?x=1' },
      'redis://a:1/3?x=1',
      'REDIS_URL',
    ],
    ['an empty URL var is unset', { REDIS_URL: '', RQ_REDIS_URL: 'redis://b:2/0' }, 'redis://b:2/3', 'RQ_REDIS_URL'],
    ['the password var', { REDIS_PASSWORD: 'p w' }, 'redis://:p%20w@redis:6380/3', 'REDIS_HOST/REDIS_PORT'],
    [
      'the password file (trimmed) wins over the var',
      { REDIS_PASSWORD_FILE: '/run/secrets/pw', REDIS_PASSWORD: 'x' },
      'redis://:from-file@redis:6380/3',
      'REDIS_HOST/REDIS_PORT',
    ],
    ['URL credentials win', { REDIS_URL: 'rediss://u:urlpw@a:1', REDIS_PASSWORD: 'x' }, 'rediss://u:urlpw@a:1/3', 'REDIS_URL'],
    ['the db env var', { APP_DB: ' 7 ' }, 'redis://redis:6380/7', 'REDIS_HOST/REDIS_PORT'],
  ])('%s', (_what, env, url, source) => {
    const r = resolve(env as Record<string, string>);
    expect(r.url).toBe(url);
    expect(r.source).toBe(source);
  });

  it('parses what check needs: host, port, TLS, credentials, db', () => {
    expect(resolve({ REDIS_URL: 'rediss://u:p%40ss@[::1]:6390/0' })).toEqual({
      url: 'rediss://u:p%40ss@[::1]:6390/3',
      host: '::1',
      port: 6390,
      tls: true,
      username: 'u',
      password: 'p@ss',
      db: 3,
      source: 'REDIS_URL',
    });
  });

  it.each([
    [{ REDIS_URL: 'nope' }, 'REDIS_URL: not a URL: nope'],
    [{ REDIS_URL: 'http://u:secret@x' }, 'REDIS_URL: expected a redis:// or rediss:// URL, got http://u:***@x'],
    [{ REDIS_PORT: '0' }, 'REDIS_PORT: not a port: 0'],
    [{ REDIS_PORT: '6379x' }, 'REDIS_PORT: not a port: 6379x'],
    [{ APP_DB: 'two' }, 'APP_DB: not a database number: two'],
    [{ REDIS_PASSWORD_FILE: '/missing' }, 'REDIS_PASSWORD_FILE: cannot read /missing: ENOENT'],
  ])('%j is an error', (env, message) => {
    expect(() => resolve(env)).toThrow(ConnectionResolutionError);
    expect(() => resolve(env)).toThrow(message);
  });

  it('without a connection: localhost:6379', () => {
    expect(resolveConnection(undefined, 0, {}, [], readFile).url).toBe('redis://localhost:6379/0');
  });
});
