/**
 * The key delimiter of a database, chosen from its keys: the candidate that splits the most keys (keys
 * that are absolute paths as a whole do not vote: a path is one segment of shape `path`), `:` preferred
 * when it splits a fair share, since it is the Redis convention and the one keyspec's built-in `segment`
 * type knows.
 */

export const DELIMITER_CANDIDATES = [':', '/', '|', '#', '.', ','] as const;

/** Votes of a bounded number of keys per database. */
export class DelimiterVotes {
  private readonly counts = new Map<string, number>();
  private voters = 0;
  constructor(private readonly maxVoters = 10_000) {}

  /** Counts a key (the first `maxVoters` keys only: a bounded, deterministic prefix of the scan order). */
  add(key: string): void {
    if (this.voters >= this.maxVoters || key.startsWith('/')) return;
    this.voters++;
    for (const d of DELIMITER_CANDIDATES) if (key.includes(d)) this.counts.set(d, (this.counts.get(d) ?? 0) + 1);
  }

  /** The delimiter: `:` when at least 30% of the voters hold it, else the most held one in at least 50%, else `:`. */
  choose(): string {
    if (this.voters === 0) return ':';
    const share = (d: string): number => (this.counts.get(d) ?? 0) / this.voters;
    if (share(':') >= 0.3) return ':';
    let best = ':';
    for (const d of DELIMITER_CANDIDATES) if (share(d) > share(best)) best = d;
    return share(best) >= 0.5 ? best : ':';
  }
}

/** A key's segments; a key that is an absolute path as a whole stays one segment. */
export function splitKey(key: string, delimiter: string): string[] {
  if (key.startsWith('/') && delimiter !== '/') return [key];
  return key.split(delimiter);
}
