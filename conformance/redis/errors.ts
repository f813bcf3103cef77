/**
 * How Redis errors are read: where the check falls back rather than fails (`scriptRefused`), which
 * errors mean the connection itself is gone (`connectionLost`: the run stops with `check.error` /
 * `observe.gap` rather than treating it as "refused"), and one line naming the cause of a failed
 * connection or command (`describeRedisError`), with a hint.
 */

/** The first line of an error's message. */
export function errText(e: unknown): string {
  return String((e as Error)?.message ?? e).split('\n')[0]!;
}

/** Errors that mean "scripts (or this script) are not available here": fall back, don't fail. */
export function scriptRefused(msg: string): boolean {
  if (connectionLostText(msg)) return false;
  return /NOPERM|unknown command|NOSCRIPT|not allowed|disabled|CROSSSLOT|MOVED|no permissions|Lua|script/i.test(msg);
}

/** The timeouts every connection of check, observe and probe uses. */
export interface Timeouts {
  /** TCP (and TLS) connect plus AUTH/SELECT, in ms. */
  connectMs: number;
  /** Any one command's reply, in ms (a paused or overloaded server). */
  commandMs: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = { connectMs: 10_000, commandMs: 30_000 };

/** A command that did not get its reply within the command timeout (ioredis' message, or ours). */
export const COMMAND_TIMED_OUT = /Command timed out|did not answer within/i;

function connectionLostText(msg: string): boolean {
  return (
    /Connection is closed|Stream isn't writeable|ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|socket hang up|connection was lost|cannot connect|timed out|Reached the max retries|LOADING|MASTERDOWN|shutdown/i.test(
      msg,
    ) || COMMAND_TIMED_OUT.test(msg)
  );
}

/** Is this the connection failing (lost, refused, timed out), not the server refusing one command? */
export function connectionLost(e: unknown): boolean {
  const code = (e as { code?: string })?.code;
  if (code && /^(ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH)$/.test(code)) return true;
  return connectionLostText(errText(e));
}

export interface DescribeContext {
  host: string;
  port: number;
  tls: boolean;
  timeouts: Timeouts;
}

/** One line naming the cause of a failed connection or command, with a hint (no secrets: messages only). */
export function describeRedisError(e: unknown, c: DescribeContext): string {
  const code = (e as { code?: string })?.code ?? '';
  const msg = errText(e);
  const where = `${c.host}:${c.port}`;
  if (code === 'ECONNREFUSED' || /ECONNREFUSED/.test(msg))
    return `connection refused: nothing listens on ${where} (is redis-server running there? check the host and port)`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || /ENOTFOUND|EAI_AGAIN/.test(msg))
    return `unknown host '${c.host}': the name does not resolve (check the host in the URL)`;
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return `${where} is unreachable (${code}; check the network and the host)`;
  if (/WRONGPASS|invalid password|invalid username-password/i.test(msg))
    return `authentication failed: wrong password or username for ${where} (${msg.replace(/\.$/, '')}; check the password and the user)`;
  if (/NOAUTH/i.test(msg))
    return `authentication required: ${where} needs a password and none was given (put it in the URL or the spec's password variable)`;
  if (/NOPERM/i.test(msg))
    return `permission denied: ${msg} (the ACL user lacks this command or key; grant it or expect unverifiable checks)`;
  if (/^ERR_SSL|^ERR_TLS|CERT|EPROTO/i.test(code) || /SSL|TLS|certificate|self[- ]signed|wrong version number|handshake/i.test(msg))
    return `TLS error: ${msg} (is the server TLS (rediss://) or plain (redis://)? is its certificate trusted?)`;
  if (code === 'ETIMEDOUT' || /ETIMEDOUT|connect timed out/i.test(msg))
    return `connect timed out after ${c.timeouts.connectMs} ms: ${where} does not answer${c.tls ? ' (or the TLS handshake hangs: is the server plain redis://?)' : ''} (paused, firewalled or overloaded? raise --connect-timeout)`;
  if (COMMAND_TIMED_OUT.test(msg))
    return `the server did not answer within ${c.timeouts.commandMs} ms (paused or overloaded? raise --command-timeout)`;
  if (/Connection is closed|ECONNRESET|EPIPE|socket hang up|Stream isn't writeable|connection was lost/i.test(msg))
    return `the connection to ${where} was lost (the server closed it: a restart, a shutdown or a network failure?)`;
  if (/LOADING/.test(msg)) return `the server is loading its dataset (${msg}); try again when it is up`;
  return msg;
}
