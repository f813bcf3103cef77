/** The `--service NAME=URL` arguments: parsing, validation, redaction of the URLs. */

export interface ServiceTarget {
  /** A service of the spec that declares a `contract`. */
  name: string;
  /** Its base URL (`ws://`, `wss://`; `http://`/`https://` are taken as `ws://`/`wss://`). */
  url: string;
}

export class ProbeUsageError extends Error {}

/** Parses `NAME=URL` (the `--service` argument). */
export function parseServiceArg(arg: string): ServiceTarget {
  const i = arg.indexOf('=');
  const name = i < 0 ? '' : arg.slice(0, i).trim();
  const url = i < 0 ? '' : arg.slice(i + 1).trim();
  if (!name || !url)
    throw new ProbeUsageError(`--service: expected NAME=URL (e.g. status=ws://localhost:9002), got ${JSON.stringify(arg)}`);
  return { name, url };
}

/** A WebSocket URL with any password replaced by `***`. */
export function redactServiceUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)([^@/?#]*)@/i, (_m, scheme: string, auth: string) => {
    const i = auth.indexOf(':');
    return i < 0 ? `${scheme}${auth}@` : `${scheme}${auth.slice(0, i)}:***@`;
  });
}

/** The password of a service URL, if it has one (to keep it out of the report). */
export function servicePassword(url: string): string | undefined {
  try {
    const p = new URL(url).password;
    return p ? decodeURIComponent(p) : undefined;
  } catch {
    return undefined;
  }
}

/** Validates a service base URL: `ws(s)://` (or `http(s)://`), no query or fragment; no trailing `/`. */
export function normalizeServiceUrl(name: string, raw: string): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new ProbeUsageError(`--service ${name}: not a URL: ${redactServiceUrl(raw)}`);
  }
  const scheme = { 'ws:': 'ws:', 'wss:': 'wss:', 'http:': 'ws:', 'https:': 'wss:' }[u.protocol];
  if (!scheme) throw new ProbeUsageError(`--service ${name}: expected a ws:// or wss:// URL, got ${redactServiceUrl(raw)}`);
  if (u.search || u.hash)
    throw new ProbeUsageError(`--service ${name}: the URL must not have a query or fragment (the contract's path is appended to it)`);
  const auth = u.username || u.password ? `${u.username}${u.password ? `:${u.password}` : ''}@` : '';
  return `${scheme}//${auth}${u.host}${u.pathname.replace(/\/+$/, '')}`;
}

/** Percent-encodes what a URL path cannot carry, keeping the characters the services' paths use (`:`, `;`). */
export function encodePath(path: string): string {
  return path.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@/]/g, (c) => {
    try {
      return encodeURIComponent(c);
    } catch {
      return '%EF%BF%BD';
    }
  });
}
