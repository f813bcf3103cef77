/**
 * The WEPPcloud keyspace as the September-2025 developer note (shared seed 000_2ea33609996ad2cc) describes it,
 * written as spec/weppcloud.yaml edited back to the note's view: the NoDb cache keyed `<runid>:<file>.nodb`
 * with loads refreshing its TTL, NoDb locks only as `locked:<file>` hash fields (no `nodb-lock:` key), log
 * levels stored by name, README keys as the note has them (the same patterns as today). Diffing it against
 * spec/weppcloud.yaml shows what moving from the note's keyspace to the real one breaks.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const WEPPCLOUD_SPEC = join(import.meta.dirname, '..', '..', 'spec', 'weppcloud.yaml');

function cut(text: string, from: string, to: string): string {
  const i = text.indexOf(from);
  const j = text.indexOf(to, i);
  if (i < 0 || j < 0) throw new Error(`weppcloud-2025-09: cannot find '${from.trim()}' ... '${to.trim()}' in spec/weppcloud.yaml`);
  return text.slice(0, i) + text.slice(j);
}

function swap(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`weppcloud-2025-09: '${from.trim()}' is not in spec/weppcloud.yaml any more`);
  return text.replace(from, to);
}

/** The September-2025 spec text (it lives beside spec/weppcloud.yaml so its imports resolve alike). */
export function weppcloud202509(): string {
  let t = readFileSync(WEPPCLOUD_SPEC, 'utf8');
  t = cut(t, '      - name: nodb_lock\n', '  # ======================================================================= DB 2\n');
  t = swap(
    t,
    "        pattern: '{nodb_path}'\n        type: string\n        value: { jsonpickle: { pyObject: 'wepppy.nodb.' } }\n        ttl: 259200\n",
    "        pattern: '{runid}:{relpath}'\n        type: string\n        value: { jsonpickle: { pyObject: 'wepppy.nodb.' } }\n        ttl: { seconds: 259200, refresh: read }\n",
  );
  t = swap(
    t,
    '        examples: [/wc1/runs/bu/busy-beaver/wepp.nodb, /wc1/runs/bu/busy-beaver/_pups/omni/scenarios/undisturbed/wepp.nodb]\n',
    "        examples: ['03f60f2:wepp.nodb']\n",
  );
  t = swap(
    t,
    "        value: { enum: ['10', '20', '30', '40', '50'] }\n",
    '        value: { enum: [debug, info, warning, error, critical] }\n',
  );
  return t;
}
