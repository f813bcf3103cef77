/**
 * The long scans (`check`, `observe`) allocate a steady stream of short-lived objects (a page of key
 * names at a time). V8 would grow its young generation to 32 MB for that, which is most of the scan's
 * memory; kept at its first size (1 MB per semi-space), peak RSS at 1M keys drops by ~40 MB at no
 * measured cost in time (README, benchmarks). Only the executable does this: a library user's process
 * keeps its own settings.
 */
import { setFlagsFromString } from 'node:v8';

const SCANS = new Set(['check', 'observe']);

/** For the scan commands, before their engine loads: the young generation stops growing. */
export function keepYoungGenerationSmall(args: readonly string[]): void {
  const command = args.find((a) => !a.startsWith('-'));
  if (command !== undefined && SCANS.has(command)) setFlagsFromString('--semi-space-growth-factor=1');
}
