/** TTL policies: shortened, lengthened, added, removed, and field-dependent cases changed. */
import type { KeyPattern, TtlPolicy } from '../../spec/index.ts';
import { describeTtl, originId } from '../../spec/index.ts';
import type { Collector } from './collector.ts';

interface Span {
  /** Keys may have a TTL. */
  expires: boolean;
  /** Keys may have no TTL. */
  persistent: boolean;
  /** The longest TTL allowed, in seconds (Infinity: unbounded). */
  max: number;
  refresh?: 'write' | 'read';
}

function spanOf(p: Exclude<TtlPolicy, { kind: 'byField' }>): Span {
  switch (p.kind) {
    case 'none':
      return { expires: false, persistent: true, max: 0 };
    case 'any':
      return { expires: true, persistent: true, max: Infinity };
    case 'exact':
      return { expires: true, persistent: false, max: p.seconds, refresh: p.refresh };
    case 'bounded':
      return { expires: true, persistent: p.optional, max: p.max, refresh: p.refresh };
  }
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

export function compareTtl(c: Collector, oldKey: KeyPattern, newKey: KeyPattern, subject: string, oldDb: number): void {
  comparePolicy(c, oldKey, newKey, oldKey.ttl, newKey.ttl, `${subject}/ttl`, '', oldDb);
}

function comparePolicy(
  c: Collector,
  oldKey: KeyPattern,
  newKey: KeyPattern,
  o: TtlPolicy,
  n: TtlPolicy,
  subject: string,
  scope: string,
  oldDb: number,
): void {
  if (same(o, n)) return;
  const at = { side: 'new' as const, origin: originId.key(newKey.id) };
  const what = `key '${newKey.name}'${scope}`;
  const from = `${describeTtl(o)} -> ${describeTtl(n)}`;
  if (o.kind === 'byField' || n.kind === 'byField') {
    if (o.kind === 'byField' && n.kind === 'byField' && o.field === n.field) {
      const values = [...new Set([...o.cases, ...n.cases].flatMap((x) => x.values))];
      const caseOf = (p: typeof o, v: string): TtlPolicy | undefined => p.cases.find((x) => x.values.includes(v))?.ttl ?? p.default;
      for (const v of values) {
        const ov = caseOf(o, v);
        const nv = caseOf(n, v);
        if (ov && nv) comparePolicy(c, oldKey, newKey, ov, nv, `${subject}/case:${v}`, ` when ${o.field} is '${v}'`, oldDb);
        else if (!same(ov, nv))
          c.emit(
            'ttl.cases.changed',
            `${subject}/case:${v}`,
            `${what}: the TTL when ${o.field} is '${v}' is ${ov ? 'no longer' : 'now'} declared`,
            at,
          );
      }
      if (o.default && n.default) comparePolicy(c, oldKey, newKey, o.default, n.default, `${subject}/default`, ' (other values)', oldDb);
      return;
    }
    c.emit('ttl.cases.changed', subject, `${what}: TTL ${from}`, at);
    return;
  }
  const os = spanOf(o);
  const ns = spanOf(n);
  const keys = { db: oldDb, pattern: oldKey.pattern };
  // A case of a field-dependent TTL concerns only keys with that field value: live TTLs alone cannot tell.
  const weigh = <W>(w: W): W | undefined => (scope === '' ? w : undefined);
  if (os.expires && !ns.expires) c.emit('ttl.removed', subject, `${what}: TTL ${from}: keys no longer expire`, at);
  else if (!os.expires && ns.expires)
    c.emit('ttl.added', subject, `${what}: TTL ${from}: keys now expire`, at, weigh({ kind: 'noTtl', ...keys }));
  else if (ns.max < os.max)
    c.emit(
      'ttl.shortened',
      subject,
      `${what}: TTL ${from}`,
      at,
      weigh({ kind: 'ttlOver', ...keys, maxMs: ns.max * 1000, persistent: ns.persistent }),
    );
  else if (ns.max > os.max) c.emit('ttl.lengthened', subject, `${what}: TTL ${from}`, at);
  else if (os.persistent && !ns.persistent)
    c.emit('ttl.added', subject, `${what}: TTL ${from}: a TTL is now required`, at, weigh({ kind: 'noTtl', ...keys }));
  else if (!os.persistent && ns.persistent) c.emit('ttl.removed', subject, `${what}: TTL ${from}: keys may now live without a TTL`, at);
  else if (os.refresh === 'read' && ns.refresh === 'write')
    c.emit('ttl.shortened', subject, `${what}: TTL no longer refreshed on read (${from})`, at);
  else if (os.refresh === 'write' && ns.refresh === 'read')
    c.emit('ttl.lengthened', subject, `${what}: TTL now refreshed on read (${from})`, at);
}
