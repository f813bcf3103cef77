/**
 * Known libraries, recognised by their layout: when templates of a database hold keys that a shipped
 * library spec declares (python-rq, Flask-Session), the draft imports the library with the parameters the
 * keys show (queue names, TTLs) instead of declaring raw patterns. A recognizer is one table entry: the
 * library spec, a cheap prefix test, how many templates it must explain, and how to read its parameters
 * from the evidence; the claim itself is decided by the library spec: a template is the library's when
 * every sampled key of it matches one of the library's patterns, compiled with those parameters.
 */
import { compileSpec, matchKey } from '../conformance/judging/compile.ts';
import type { Sample } from '../conformance/judging/classify.ts';
import { loadSpec } from '../spec/index.ts';
import type { SeenKey } from './key-stats.ts';
import { draftHost } from './spec-host.ts';
import type { Template } from './template-tree.ts';
import { roundUpDuration } from './ttl-policy.ts';

export interface LibraryEvidence {
  /** The candidate templates (their keys start with the recognizer's prefix). */
  templates: Template[];
  /** Values read for sampled keys. */
  samples: Map<string, Sample>;
}

export interface LibraryRecognizer {
  /** The library's name (for notes). */
  name: string;
  /** The import path, as a user's spec writes it. */
  spec: string;
  /** The import's `as:`. */
  as: string;
  /** Every key of the library starts with this. */
  prefix: string;
  /** At least this many templates must be claimed. */
  minTemplates: number;
  /** The import's parameters from the evidence (only those that differ from the library's defaults). */
  params(e: LibraryEvidence): Record<string, unknown>;
}

function sampledKeys(ts: Template[]): SeenKey[] {
  return ts.flatMap((t) => t.stats.sample.entries());
}

function text(b: Buffer | undefined): string {
  return b ? b.toString('utf8') : '';
}

/** python-rq's registries and other per-queue keys: `rq:<kind>:<queue>`. */
const RQ_QUEUE_KEYS = [
  'queue',
  'wip',
  'finished',
  'failed',
  'deferred',
  'scheduled',
  'canceled',
  'clean_registries',
  'scheduler-lock',
  'workers',
];

function rqQueues(e: LibraryEvidence): string[] {
  const queues = new Set<string>();
  for (const t of e.templates) {
    const [a, b, c] = t.parts;
    if (t.parts.length !== 3 || a?.kind !== 'literal' || a.text !== 'rq' || b?.kind !== 'literal' || !RQ_QUEUE_KEYS.includes(b.text))
      continue;
    if (c?.kind === 'literal') queues.add(c.text);
    else if (c) for (const v of c.values.values.names()) queues.add(v);
  }
  for (const k of sampledKeys(e.templates)) {
    const s = e.samples.get(k.key);
    if (k.key === 'rq:queues' && s?.type === 'set' && 'members' in s)
      for (const m of s.members) {
        const q = /^rq:queue:([^:]+)$/.exec(text(m));
        if (q) queues.add(q[1]!);
      }
    if (k.key.startsWith('rq:worker:') && s?.type === 'hash' && 'fields' in s)
      for (const [f, v] of s.fields) if (f === 'queues') for (const q of text(v).split(',')) if (q) queues.add(q);
  }
  return [...queues].sort();
}

function rqTtls(e: LibraryEvidence): { resultTtl?: number; failureTtl?: number } {
  let finished = 0;
  let failed = 0;
  for (const k of sampledKeys(e.templates)) {
    if (k.pttl < 0) continue;
    const s = e.samples.get(k.key);
    if (/^rq:results:[^:]+$/.test(k.key)) finished = Math.max(finished, k.pttl);
    if (!/^rq:job:[^:]+$/.test(k.key) || s?.type !== 'hash' || !('fields' in s)) continue;
    const status = text(s.fields.find(([f]) => f === 'status')?.[1]);
    if (status === 'finished') finished = Math.max(finished, k.pttl);
    if (status === 'failed' || status === 'stopped') failed = Math.max(failed, k.pttl);
  }
  const out: { resultTtl?: number; failureTtl?: number } = {};
  const result = roundUpDuration(finished / 1000);
  if (finished > 0 && result > 500) out.resultTtl = result;
  const failure = roundUpDuration(failed / 1000);
  if (failed > 0 && failure > 31536000) out.failureTtl = failure;
  return out;
}

/** The recognizers, one entry per shipped library spec. */
export const LIBRARIES: readonly LibraryRecognizer[] = [
  {
    name: 'python-rq',
    spec: 'keyspec/lib/rq.yaml',
    as: 'rq',
    prefix: 'rq:',
    minTemplates: 2,
    params: (e) => ({ queues: rqQueues(e), ...rqTtls(e) }),
  },
  {
    name: 'Flask-Session',
    spec: 'keyspec/lib/flask-session.yaml',
    as: 'flask_session',
    prefix: 'session:',
    minTemplates: 1,
    params: (e) => {
      const max = Math.max(0, ...e.templates.map((t) => t.stats.maxPttl));
      return max > 0 ? { lifetime: roundUpDuration(max / 1000) } : {};
    },
  },
];

export interface RecognizedLibrary {
  recognizer: LibraryRecognizer;
  db: number;
  params: Record<string, unknown>;
  /** The templates it explains (indexes into the database's templates). */
  claimed: Set<Template>;
  keys: number;
}

/** The spec text of a one-import probe, for compiling a library with parameters. */
function probeSpec(r: LibraryRecognizer, db: number, params: Record<string, unknown>): string {
  return JSON.stringify({
    keyspec: 1,
    name: 'library-probe',
    imports: [{ spec: r.spec, as: r.as, database: `db${db}`, params }],
    databases: [{ index: db, name: `db${db}` }],
  });
}

/** Which libraries the templates of one database are, with parameters. */
export function recognizeLibraries(db: number, templates: Template[], samples: Map<string, Sample>, cwd: string): RecognizedLibrary[] {
  const out: RecognizedLibrary[] = [];
  const taken = new Set<Template>();
  for (const r of LIBRARIES) {
    const candidates = templates.filter(
      (t) => !taken.has(t) && t.stats.sample.names().length > 0 && t.stats.sample.names().every((k) => k.startsWith(r.prefix)),
    );
    if (candidates.length < r.minTemplates) continue;
    const params = r.params({ templates: candidates, samples });
    const path = `${cwd}/.keyspec-library-probe-${r.as}.yaml`;
    const load = (p: Record<string, unknown>): ReturnType<typeof loadSpec> =>
      loadSpec(path, draftHost(new Map([[path, probeSpec(r, db, p)]]), cwd));
    const loaded = load(params);
    if (loaded.diagnostics.some((d) => d.severity === 'error') || !loaded.spec) continue;
    const compiled = compileSpec(loaded.spec).dbs.get(db);
    if (!compiled) continue;
    const claimed = new Set(candidates.filter((t) => t.stats.sample.names().every((k) => matchKey(compiled, k) !== undefined)));
    if (claimed.size < r.minTemplates) continue;
    for (const t of claimed) taken.add(t);
    out.push({
      recognizer: r,
      db,
      params,
      claimed,
      keys: [...claimed].reduce((s, t) => s + t.stats.count, 0),
    });
  }
  return out;
}
