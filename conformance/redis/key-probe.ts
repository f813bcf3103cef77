/**
 * TYPE and PTTL of a page of keys (and the hash field a TTL depends on), read together: one `EVAL_RO`
 * of probe-keys.lua with the keys as KEYS[], or, where scripts are refused, pipelined per-key commands
 * (from then on, for good).
 */
import type { Redis } from 'ioredis';
import type { CompiledKey } from '../judging/compile.ts';
import { errText, scriptRefused } from './errors.ts';
import { PROBE_KEYS } from './lua.ts';

export interface Probed {
  type: string;
  pttl: number;
  field?: Buffer | string | null;
  /** On a cluster node: the probe was answered MOVED or ASK (the key is not, or no longer, served here). */
  redirected?: boolean;
}

/** A cluster redirection: the key's slot is served by another node (or being moved to one). */
export function isRedirect(e: unknown): boolean {
  return /^(MOVED|ASK) /.test(String((e as Error)?.message ?? e));
}

export class KeyProber {
  /**
   * @param mode `script` (EVAL_RO, falling back to pipelines when refused) or `pipeline`
   * @param strict a refused script is an error, not a reason to fall back (`batch: 'script'`)
   */
  constructor(
    public mode: 'script' | 'pipeline',
    private readonly strict: boolean,
  ) {}

  async probe(
    conn: Redis,
    keys: (string | Buffer)[],
    patterns: (CompiledKey | undefined)[],
    fieldArgs: (string | Buffer)[],
  ): Promise<Probed[]> {
    if (this.mode === 'script') {
      try {
        const res = (await conn.call('EVAL_RO', PROBE_KEYS, keys.length, ...keys, ...fieldArgs)) as unknown[];
        const n = keys.length;
        const out = new Array<Probed>(n);
        for (let i = 0; i < n; i++) out[i] = { type: res[2 * i] as string, pttl: res[2 * i + 1] as number };
        if (fieldArgs.length) {
          const fields = (res[2 * n] ?? []) as (string | null)[];
          let j = 0;
          for (let i = 0; i < keys.length; i++) if (patterns[i]?.ttlField) out[i]!.field = fields[j++] ?? null;
        }
        return out;
      } catch (e) {
        const msg = errText(e);
        if (this.strict || !scriptRefused(msg)) throw e;
        // Scripts are refused (ACL, an old server, or a proxy): fall back to per-key pipelines for good.
        this.mode = 'pipeline';
      }
    }
    const pl = conn.pipeline();
    keys.forEach((k, i) => {
      pl.type(k);
      pl.pttl(k);
      const f = patterns[i]?.ttlField;
      if (f) pl.hgetBuffer(k, f);
    });
    const res = (await pl.exec()) ?? [];
    const out: Probed[] = [];
    let j = 0;
    keys.forEach((_k, i) => {
      const [te, t] = res[j++] ?? [];
      const [pe, p] = res[j++] ?? [];
      if (te || pe) {
        if (isRedirect(te ?? pe)) {
          if (patterns[i]?.ttlField) j++;
          out.push({ type: 'none', pttl: -2, redirected: true });
          return;
        }
        throw te ?? pe;
      }
      const r: Probed = { type: String(t), pttl: Number(p) };
      if (patterns[i]?.ttlField) {
        const [fe, f] = res[j++] ?? [];
        // WRONGTYPE: not a hash (any more); the type check reports it.
        r.field = fe ? null : ((f as Buffer | null) ?? null);
      }
      out.push(r);
    });
    return out;
  }
}
