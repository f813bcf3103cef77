/** Connection names of clients by address (`CLIENT LIST`, refreshed at most every 500 ms). */
import type { Redis } from 'ioredis';

export class ClientNames {
  private readonly names = new Map<string, string>();
  private lastList = 0;

  constructor(private readonly cmd: () => Redis | undefined) {}

  /** The name of the client at `addr`, or undefined while it is not known yet (a refresh is started). */
  nameOf(addr: string): string | undefined {
    const known = this.names.get(addr);
    if (known !== undefined) return known;
    const now = Date.now();
    if (now - this.lastList > 500) {
      this.lastList = now;
      void this.cmd()
        ?.client('LIST')
        .then((list) => {
          for (const line of String(list).split('\n')) {
            const a = /\baddr=(\S+)/.exec(line)?.[1];
            const name = /\bname=(\S*)/.exec(line)?.[1] ?? '';
            if (a) this.names.set(a, name);
          }
        })
        .catch(() => undefined);
    }
    return undefined;
  }
}
