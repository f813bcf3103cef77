/** Services: what each reads, writes and publishes. */
import type { Service } from '../../spec/index.ts';
import { originId } from '../../spec/index.ts';
import { list, matchBy, type Collector } from './collector.ts';

export function compareServices(c: Collector): void {
  const m = matchBy<Service>(c.oldSpec.services, c.newSpec.services, (s) => s.name);
  for (const s of m.removed)
    c.emit(
      'service.removed',
      `service:${s.name}`,
      `service '${s.name}' removed (wrote ${s.writes.length} keys, published ${s.publishes.length} channels)`,
      {
        side: 'old',
        origin: originId.service(s.name),
      },
    );
  for (const [o, n] of m.kept) {
    const at = { side: 'new' as const, origin: originId.service(n.name) };
    const gone = (a: string[], b: string[]): string[] => a.filter((x) => !b.includes(x));
    for (const k of gone(o.writes, n.writes))
      c.emit('service.writes.removed', `service:${n.name}/writes:${k}`, `service '${n.name}' no longer writes '${k}'`, at);
    for (const k of gone(o.publishes, n.publishes))
      c.emit('service.publishes.removed', `service:${n.name}/publishes:${k}`, `service '${n.name}' no longer publishes on '${k}'`, at);
    const reads = gone(o.reads, n.reads);
    if (reads.length) c.emit('service.reads.removed', `service:${n.name}/reads`, `service '${n.name}' no longer reads ${list(reads)}`, at);
    const more = [
      ...gone(n.reads, o.reads).map((x) => `reads '${x}'`),
      ...gone(n.writes, o.writes).map((x) => `writes '${x}'`),
      ...gone(n.publishes, o.publishes).map((x) => `publishes '${x}'`),
    ];
    if (more.length) c.emit('service.access.added', `service:${n.name}/access`, `service '${n.name}' now ${more.join(', ')}`, at);
  }
}
