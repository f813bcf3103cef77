/** The flags check, observe and probe share: report format and timeouts. */
import { Option } from 'commander';
import { parseNumberFlag, UsageError } from './io.ts';

/** The timeout flags check, observe and probe share. */
export interface TimeoutFlags {
  connectTimeout?: string;
  commandTimeout?: string;
}

/** `--connect-timeout` and `--command-timeout`, for check, observe and probe. */
export const connectTimeoutOption = (): Option =>
  new Option('--connect-timeout <ms>', 'give up connecting (TCP, TLS, AUTH, SELECT) after this many ms (default 10000)');
export const commandTimeoutOption = (): Option =>
  new Option(
    '--command-timeout <ms>',
    'give up on a command whose reply takes longer than this many ms, e.g. a paused server (default 30000)',
  );

/** The timeout flags as run options; a bad value as a UsageError. */
export function timeoutsFrom(flags: TimeoutFlags): { connectTimeoutMs?: number; commandTimeoutMs?: number } {
  const out: { connectTimeoutMs?: number; commandTimeoutMs?: number } = {};
  for (const [flag, raw, key] of [
    ['--connect-timeout', flags.connectTimeout, 'connectTimeoutMs'],
    ['--command-timeout', flags.commandTimeout, 'commandTimeoutMs'],
  ] as const) {
    const n = parseNumberFlag(flag, raw, true);
    if (n === undefined) continue;
    if (n <= 0) throw new UsageError(`${flag}: expected a positive number of milliseconds, got ${JSON.stringify(raw)}`);
    out[key] = n;
  }
  return out;
}

export const formatOption = (): Option =>
  new Option('--format <format>', 'report format').choices(['text', 'json', 'junit', 'markdown']).default('text');
