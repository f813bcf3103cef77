/**
 * Reading the keyspace for inference, read-only and bounded like `check`: every database INFO lists,
 * walked with SCAN in pages that fit a server-time budget (page-size.ts), TYPE and PTTL of each page's
 * keys in the same read-only `EVAL_RO` call (lua/scan-page-within-budget.lua), or, where scripts are
 * refused, plain SCAN pages probed with pipelined TYPE/PTTL (key-probe.ts); `--max-ops` caps commands per
 * second. After the scan, the values of each template's sampled keys are read with the check's bounded
 * sampler (sampler.ts). Never KEYS, never a write.
 */
import type { Redis } from 'ioredis';
import type { Sample } from '../conformance/judging/classify.ts';
import { KeyProber, type Probed } from '../conformance/redis/key-probe.ts';
import { SCAN_PAGE_WITHIN_BUDGET, TYPE_CODES } from '../conformance/redis/lua.ts';
import { DEFAULT_PAGE_BUDGET_US, DEFAULT_PAGE_NAME_BYTES, PageSizer } from '../conformance/redis/page-size.ts';
import type { RateLimiter } from '../conformance/redis/rate-limiter.ts';
import { sampleValues, type SampleLimits } from '../conformance/redis/sampler.ts';
import { errText, scriptRefused } from '../conformance/redis/errors.ts';
import type { SeenKey } from './key-stats.ts';

export interface ScanBounds {
  /** The largest SCAN COUNT (default 1000). */
  count: number;
  /** Server time one call may take, µs (default 5000). */
  budgetUs: number;
  /** Stop after this many keys in this database (the rest is not read). */
  maxKeys: number;
}

export const DEFAULT_SAMPLE_LIMITS: SampleLimits = { maxValueBytes: 256 * 1024, maxHashFields: 200, maxSampleBytes: 1024 * 1024 };

type FusedReply = [Buffer, Buffer[], number[], unknown[], unknown[], number];

/** Scans one database (the connection has it SELECTed); returns the keys read and whether the scan finished. */
export async function scanDatabase(
  conn: Redis,
  limiter: RateLimiter,
  bounds: ScanBounds,
  onKey: (k: SeenKey) => void,
): Promise<{ keys: number; complete: boolean; scripted: boolean }> {
  const sizer = new PageSizer({
    count: bounds.count,
    budgetUs: bounds.budgetUs || DEFAULT_PAGE_BUDGET_US,
    nameBytes: DEFAULT_PAGE_NAME_BYTES,
  });
  const prober = new KeyProber('script', false);
  let fused = true;
  let cursor = '0';
  let keys = 0;
  do {
    const count = sizer.count;
    await limiter.take(count * 2);
    let page: string[];
    let probed: Probed[];
    const t0 = performance.now();
    if (fused) {
      let res: FusedReply;
      try {
        res = (await conn.callBuffer(
          'EVAL_RO',
          SCAN_PAGE_WITHIN_BUDGET,
          0,
          cursor,
          String(count),
          String(sizer.budget.budgetUs),
        )) as FusedReply;
      } catch (e) {
        if (!scriptRefused(errText(e))) throw e;
        fused = false;
        continue;
      }
      const [next, names, probes, , others, used] = res;
      cursor = next.toString();
      page = names.map((b) => b.toString('utf8'));
      const other = new Map<number, string>();
      for (let j = 0; j + 1 < others.length; j += 2) other.set(Number(others[j]) - 1, String(others[j + 1]));
      probed = probes.map((p, i) => {
        const code = p % 8;
        return { type: code === 7 ? (other.get(i) ?? 'unknown') : TYPE_CODES[code]!, pttl: Math.floor(p / 8) - 2 };
      });
      if (probed.length < page.length) {
        const rest = await prober.probe(conn, page.slice(probed.length), [], []);
        probed.push(...rest);
      }
      sizer.observe(
        count,
        page.length,
        page.reduce((s, k) => s + k.length, 0),
        Number(used) || (performance.now() - t0) * 1000,
      );
    } else {
      const [next, names] = await conn.scan(cursor, 'COUNT', count);
      cursor = next;
      page = names;
      probed = page.length ? await prober.probe(conn, page, [], []) : [];
      sizer.observe(
        count,
        page.length,
        page.reduce((s, k) => s + k.length, 0),
        (performance.now() - t0) * 1000,
      );
    }
    for (let i = 0; i < page.length; i++) {
      const p = probed[i]!;
      // Vanished between SCAN and TYPE: not a key any more.
      if (p.type === 'none') continue;
      onKey({ key: page[i]!, type: p.type, pttl: p.pttl });
      if (++keys >= bounds.maxKeys) return { keys, complete: false, scripted: fused };
    }
  } while (cursor !== '0');
  return { keys, complete: true, scripted: fused };
}

/** Bounded samples of the given keys' values (the check's sampler), in chunks of 100. */
export async function sampleKeys(conn: Redis, limiter: RateLimiter, keys: readonly SeenKey[]): Promise<Map<string, Sample>> {
  const out = new Map<string, Sample>();
  for (let at = 0; at < keys.length; at += 100) {
    const chunk = keys.slice(at, at + 100);
    const names = chunk.map((k) => Buffer.from(k.key, 'utf8'));
    const probed: Probed[] = chunk.map((k) => ({ type: k.type, pttl: k.pttl }));
    const idx = chunk.map((_k, i) => i);
    const got = await sampleValues(conn, limiter, DEFAULT_SAMPLE_LIMITS, names, idx, probed, []);
    for (const [i, s] of got) out.set(chunk[i]!.key, s);
  }
  return out;
}
