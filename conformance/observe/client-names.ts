/**
 * Connection names as the MONITOR stream shows them, in stream order: each client (by the address in
 * `[db addr]`) has the name its last `CLIENT SETNAME` / `HELLO ... SETNAME` (also inside MULTI/EXEC)
 * gave it at that point of the stream, so a write is judged against the name the connection had when
 * it ran, never against a later (or not yet polled) `CLIENT LIST`. Names set before MONITOR started
 * come from one `CLIENT LIST` taken just before it (`seed`); a second one taken once MONITOR runs
 * (`confirm`) marks the connections whose name changed in between as unknown until their next SETNAME.
 * A script's commands (source `lua`) belong to the client whose EVAL/EVALSHA/FCALL ran the script.
 */

import type { MonitorSource } from './monitor-line.ts';

/** The client a command line is attributed to: its address and its name then ('' unnamed, undefined unknown). */
export interface Attribution {
  addr: string;
  name: string | undefined;
  /** A command of a Lua script (MONITOR's `[db lua]`), run by this client (`addr: 'lua'`: its call was not seen). */
  script?: true;
}

/** A script line whose EVAL/EVALSHA/FCALL line was not seen: the script's client is unknown. */
const UNSEEN_CALLER: Attribution = { addr: 'lua', name: undefined, script: true };

const SCRIPT_CALLS = new Set(['eval', 'evalsha', 'eval_ro', 'evalsha_ro', 'fcall', 'fcall_ro']);

/** Redis accepts only names of printable ASCII without spaces (a refused SETNAME is still MONITORed). */
function validName(name: string): boolean {
  return /^[!-~]*$/.test(name);
}

/** `addr -> name` of a `CLIENT LIST` reply. */
export function parseClientList(list: string): Map<string, string> {
  const names = new Map<string, string>();
  for (const line of list.split('\n')) {
    const a = /(?:^|\s)addr=(\S+)/.exec(line)?.[1];
    const name = /(?:^|\s)name=(\S*)/.exec(line)?.[1] ?? '';
    if (a) names.set(a, name);
  }
  return names;
}

/** The name a client command line sets, or undefined when it sets none. */
export function nameSetBy(args: readonly string[]): string | undefined {
  const cmd = (args[0] ?? '').toLowerCase();
  if (cmd === 'client' && (args[1] ?? '').toLowerCase() === 'setname' && args.length === 3) return args[2];
  if (cmd === 'hello') {
    // HELLO [protover [AUTH username password] [SETNAME clientname]]
    for (let i = 2; i < args.length; i++) {
      const opt = args[i]!.toLowerCase();
      if (opt === 'auth') i += 2;
      else if (opt === 'setname' && i + 1 < args.length) return args[i + 1];
    }
  }
  return undefined;
}

export class ClientNames {
  /** Names from the stream (authoritative from their SETNAME on). */
  private readonly names = new Map<string, string>();
  /** Names from before MONITOR started (undefined: unknown). */
  private readonly initial = new Map<string, string | undefined>();
  private seeded = false;
  /** The client of the last script call line, while the lines after it are the script's. */
  private scriptOwner: Attribution | undefined;
  /** Script lines seen before their EVAL line (servers that print the script call after its commands). */
  private orphanScriptLines: ((owner: Attribution | undefined) => void)[] = [];

  /** The `CLIENT LIST` taken just before MONITOR: names of the connections already open. */
  seed(clientList: string): void {
    for (const [addr, name] of parseClientList(clientList)) this.initial.set(addr, name);
    this.seeded = true;
  }

  /**
   * A `CLIENT LIST` taken once MONITOR runs: a connection opened or renamed between the two lists,
   * with no SETNAME in the stream yet, has an unknown name (not judged) until its next SETNAME.
   */
  confirm(clientList: string): void {
    for (const [addr, name] of parseClientList(clientList)) {
      if (this.names.has(addr)) continue;
      const before = this.initial.get(addr);
      if (before !== name && !(before === undefined && !this.initial.has(addr) && name === '')) this.initial.set(addr, undefined);
    }
  }

  /** The name of the client at `addr` at this point of the stream ('' unnamed, undefined unknown). */
  nameOf(addr: string): string | undefined {
    const streamed = this.names.get(addr);
    if (streamed !== undefined) return streamed;
    if (this.initial.has(addr)) return this.initial.get(addr);
    // Not open when MONITOR started and never named since: unnamed (unknown if no list was taken).
    return this.seeded ? '' : undefined;
  }

  /**
   * One MONITOR line, in stream order: updates the connection's name if the line sets one and calls
   * `judge` with the client the line is attributed to (undefined: no client, e.g. a script line whose
   * call was not seen). A script's lines may wait for the call line that follows them.
   */
  onLine(source: MonitorSource, args: readonly string[], judge: (who: Attribution | undefined) => void): void {
    if (source.kind === 'lua') {
      if (this.scriptOwner) judge({ ...this.scriptOwner, script: true });
      else this.orphanScriptLines.push(judge);
      return;
    }
    const cmd = (args[0] ?? '').toLowerCase();
    if (source.kind !== 'client') {
      this.flushOrphans(undefined);
      this.scriptOwner = undefined;
      judge(undefined);
      return;
    }
    const set = nameSetBy(args);
    if (set !== undefined && validName(set)) this.names.set(source.addr, set);
    const who: Attribution = { addr: source.addr, name: this.nameOf(source.addr) };
    if (SCRIPT_CALLS.has(cmd)) {
      // Lines of the script printed before its call line belong to it; the lines after it, too.
      this.flushOrphans(who);
      this.scriptOwner = who;
    } else {
      this.flushOrphans(undefined);
      this.scriptOwner = undefined;
    }
    judge(who);
  }

  /**
   * MONITOR reconnected (a Redis restart or a lost connection): what the stream said may be stale, so
   * every name is unknown until the next `seed` or the connection's next SETNAME.
   */
  restart(): void {
    this.flushOrphans(undefined);
    this.scriptOwner = undefined;
    this.names.clear();
    this.initial.clear();
    this.seeded = false;
  }

  /** Judges script lines still waiting for their call (the end of the observation). */
  flush(): void {
    this.flushOrphans(undefined);
  }

  private flushOrphans(owner: Attribution | undefined): void {
    if (this.orphanScriptLines.length === 0) return;
    const lines = this.orphanScriptLines;
    this.orphanScriptLines = [];
    for (const judge of lines) judge(owner ? { ...owner, script: true } : UNSEEN_CALLER);
  }
}
