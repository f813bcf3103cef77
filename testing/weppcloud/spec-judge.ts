/**
 * Test-side judge: checks what the workload left in Redis (and published) against the loaded spec
 * model, with the spec library's own functions (parseKey from the generated client, `judgeTtl`,
 * `policyFor`, `judgeValue`, `matchPattern`, the spec index's match order for shadowing). Independent
 * of the conformance checker on purpose.
 */
import { resolve } from 'node:path';
import { Redis } from 'ioredis';
import { parseKey } from '../../generated/weppcloud/client.ts';
import {
  fieldRef,
  indexSpec,
  judgeTtl,
  judgeValue,
  loadSpec,
  matchOrder,
  matchPattern,
  nodeHost,
  policyFor,
  type Channel,
  type KeyPattern,
  type Spec,
  type SpecIndex,
} from '../../spec/index.ts';
import type { ScannedKey } from '../redis/scan-all.ts';

export function loadWeppcloudSpec(): Spec {
  const root = resolve(import.meta.dirname, '../..');
  const res = loadSpec(resolve(root, 'spec/weppcloud.yaml'), nodeHost(root));
  const errors = res.diagnostics.filter((d) => d.severity === 'error');
  if (!res.spec || errors.length > 0) throw new Error(`spec/weppcloud.yaml does not load: ${errors.map((d) => d.message).join('; ')}`);
  return res.spec;
}

export interface KeyVerdict {
  key: ScannedKey;
  /** Pattern id from parseKey, or undefined when the key matches no pattern. */
  id: string | undefined;
  problems: string[];
}

export class SpecJudge {
  private readonly index: SpecIndex;
  constructor(readonly spec: Spec) {
    this.index = indexSpec(spec);
  }

  pattern(id: string): KeyPattern {
    const p = this.index.keyById.get(id);
    if (!p) throw new Error(`no key pattern ${id}`);
    return p;
  }

  /** Type, TTL (via policyFor/judgeTtl) and value format of one stored key. */
  async judgeKey(url: string, k: ScannedKey): Promise<KeyVerdict> {
    const parsed = parseKey(k.db, k.key);
    if (!parsed) return { key: k, id: undefined, problems: ['matches no declared pattern'] };
    const p = this.pattern(parsed.id);
    const problems: string[] = [];
    if (p.type !== k.type) {
      problems.push(`is a ${k.type}, declared ${p.type}`);
      return { key: k, id: parsed.id, problems };
    }
    const r = new Redis(url, { db: k.db });
    try {
      let fieldValue: string | undefined;
      if (p.ttl.kind === 'byField') fieldValue = (await r.hget(k.key, p.ttl.field)) ?? undefined;
      const policy = policyFor(p.ttl, fieldValue);
      if (!policy) problems.push(`no TTL policy for ${p.ttl.kind === 'byField' ? `${p.ttl.field}=${fieldValue}` : '?'}`);
      else {
        const verdict = judgeTtl(policy, k.pttl);
        if (!verdict.ok) problems.push(`TTL ${verdict.problem}: expected ${verdict.expected}, got ${k.pttl} ms`);
      }
      const bad = (what: string, reason: string | undefined): void => {
        if (reason !== undefined) problems.push(`${what}: ${reason}`);
      };
      switch (p.type) {
        case 'string':
          if (p.value) bad('value', judgeValue(p.value, (await r.getBuffer(k.key))!));
          break;
        case 'hash': {
          const h = await r.hgetallBuffer(k.key);
          const fields = matchOrder(p.fields, fieldRef);
          for (const [name, v] of Object.entries(h)) {
            const f = fields.find((x) => matchPattern(x.pattern, name) !== null);
            if (!f) {
              if (!p.additionalFields) problems.push(`undeclared field ${name}`);
              continue;
            }
            bad(`field ${name}`, judgeValue(f.value, v));
          }
          for (const f of p.fields) if (f.required && f.literal && !(f.name in h)) problems.push(`lacks required field ${f.name}`);
          break;
        }
        case 'list':
          for (const m of await r.lrangeBuffer(k.key, 0, -1)) if (p.member) bad('member', judgeValue(p.member, m));
          break;
        case 'set':
          for (const m of await r.smembersBuffer(k.key)) if (p.member) bad('member', judgeValue(p.member, m));
          break;
        case 'zset': {
          const flat = await r.zrangeBuffer(k.key, 0, -1, 'WITHSCORES');
          for (let i = 0; i + 1 < flat.length; i += 2) {
            if (p.member) bad('member', judgeValue(p.member, flat[i]!));
            if (p.score) bad('score', judgeValue(p.score, flat[i + 1]!));
          }
          break;
        }
        case 'stream': {
          const fields = matchOrder(p.fields, fieldRef);
          for (const [, flat] of await r.xrangeBuffer(k.key, '-', '+')) {
            for (let i = 0; i + 1 < flat.length; i += 2) {
              const name = flat[i]!.toString();
              const f = fields.find((x) => matchPattern(x.pattern, name) !== null);
              if (!f) problems.push(`undeclared entry field ${name}`);
              else bad(`entry field ${name}`, judgeValue(f.value, flat[i + 1]!));
            }
          }
          break;
        }
      }
    } finally {
      r.disconnect();
    }
    return { key: k, id: parsed.id, problems };
  }

  /** The declared channels a concrete channel name matches, in the spec index's match order (shadowing ones first). */
  channelsFor(name: string): Channel[] {
    return this.index.channelsInMatchOrder.filter((c) => matchPattern(c.pattern, name) !== null);
  }

  /** The name of the first declared format a message fits on a channel, or undefined. */
  formatOf(channel: Channel, message: string): string | undefined {
    return channel.messages.find((m) => judgeValue(m.format, Buffer.from(message, 'utf8')) === undefined)?.name;
  }
}
