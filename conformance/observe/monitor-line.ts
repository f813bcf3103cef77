/**
 * A MONITOR line's arguments as the client sent them. Redis prints each argument quoted and escaped
 * (`\\`, `\"`, `\n`, `\r`, `\t`, `\a`, `\b`, `\xHH`); ioredis splits the line on `" "` and undoes only
 * `\"`. Every `"` left in its output came from a `\"` (a bare `"` cannot occur inside an argument), so
 * the escaped text is recovered exactly and decoded here, byte by byte.
 */

const SIMPLE: Record<string, number> = { '\\': 0x5c, '"': 0x22, n: 0x0a, r: 0x0d, t: 0x09, a: 0x07, b: 0x08 };

/** One escaped MONITOR argument (as Redis prints it, without the quotes) as bytes. */
export function unescapeMonitorArg(escaped: string): Buffer {
  const out: number[] = [];
  for (let i = 0; i < escaped.length; i++) {
    const c = escaped[i]!;
    if (c === '\\' && i + 1 < escaped.length) {
      const n = escaped[i + 1]!;
      const simple = SIMPLE[n];
      if (simple !== undefined) {
        out.push(simple);
        i++;
        continue;
      }
      const hex = n === 'x' ? escaped.slice(i + 2, i + 4) : '';
      if (/^[0-9a-fA-F]{2}$/.test(hex)) {
        out.push(parseInt(hex, 16));
        i += 3;
        continue;
      }
    }
    // Redis escapes every byte outside printable ASCII, so anything else is one ASCII byte.
    out.push(c.charCodeAt(0) & 0xff);
  }
  return Buffer.from(out);
}

/** One argument of ioredis' `monitor` event, decoded (as UTF-8, like the keys of notifications). */
export function monitorArg(ioredisArg: string): string {
  // Plain printable ASCII (the common case) needs no decoding.
  if (!ioredisArg.includes('\\') && !ioredisArg.includes('"')) return ioredisArg;
  return unescapeMonitorArg(ioredisArg.replace(/"/g, '\\"')).toString();
}

/** The arguments of a MONITOR line from ioredis' `monitor` event, decoded. */
export function monitorArgs(ioredisArgs: readonly string[]): Buffer[] {
  return ioredisArgs.map((a) => unescapeMonitorArg(a.replace(/"/g, '\\"')));
}

/** Where a MONITOR line's source says the command came from. */
export type MonitorSource = { kind: 'client'; addr: string } | { kind: 'lua' } | { kind: 'other'; text: string };

/** `127.0.0.1:6379`, `[::1]:6379`, `unix:/tmp/redis.sock`, `lua`, ... (the part after the database in `[db source]`). */
export function monitorSource(source: string | undefined): MonitorSource {
  if (source === 'lua') return { kind: 'lua' };
  if (source && (source.startsWith('unix:') || /:\d+$/.test(source))) return { kind: 'client', addr: source };
  return { kind: 'other', text: source ?? '' };
}
