/**
 * `keyspec infer` as a library function: read a live Redis (read-only, bounded), mine key templates per
 * database, recognise known libraries, infer each template's type, TTL and value formats from a bounded
 * sample, and return a draft spec that validates (overlaps resolved in-process), with the evidence for
 * every line. With `against`, only keys that spec does not match are inferred and the additions come back
 * as a patch of that spec.
 */
import { resolve } from 'node:path';
import type { Redis } from 'ioredis';
import type { Sample } from '../conformance/judging/classify.ts';
import { compileSpec, matchKey, type CompiledSpec } from '../conformance/judging/compile.ts';
import { closeConnection } from '../conformance/redis/close.ts';
import { ConnectError, openConnection } from '../conformance/redis/connect.ts';
import { parseRedisUrl, TargetError, type Target } from '../conformance/redis/connection.ts';
import { DEFAULT_TIMEOUTS, describeRedisError, type Timeouts } from '../conformance/redis/errors.ts';
import { RateLimiter } from '../conformance/redis/rate-limiter.ts';
import { keyspaceFromInfo, parseInfo } from '../conformance/redis/server-facts.ts';
import { loadCheckedSpec } from '../conformance/run/prepare-run.ts';
import { redactText } from '../conformance/findings/redact.ts';
import { EXIT, loadSpec, nodeHost, type Diagnostic, type Spec } from '../spec/index.ts';
import { additionsPatch } from './against.ts';
import { DelimiterVotes } from './delimiters.ts';
import { emitDraft, type Draft, type DraftChannel, type DraftImport } from './emit-spec.ts';
import { inferKey, keyNameOf, patternOf, type InferredKey } from './key-inference.ts';
import { inferValueFormat } from './value-formats.ts';
import type { SeenKey } from './key-stats.ts';
import { sampleKeys, scanDatabase } from './keyspace-scan.ts';
import { recognizeLibraries } from './libraries.ts';
import { resolveOverlaps } from './overlaps.ts';
import { SharedTypes } from './shared-types.ts';
import { draftHost } from './spec-host.ts';
import { DEFAULT_TREE_LIMITS, TemplateTree, type Template } from './template-tree.ts';
import { observeTraffic, type Traffic } from './traffic.ts';

export interface RunInferOptions {
  url: string;
  /** Only these databases (default: every database INFO keyspace lists). */
  dbs?: number[];
  /** Keys read per database at most (default: all). */
  maxKeys?: number;
  /** Keys sampled per template for values (default 50). */
  sample?: number;
  /** Watch traffic this many seconds after the scan (keyspace notifications if enabled, MONITOR where allowed). */
  observeSeconds?: number;
  /** A spec: infer only the keys it does not match, and return the additions as a patch of it. */
  against?: string;
  /** Commands per second at most (0: unlimited). */
  maxOps?: number;
  count?: number;
  pageBudgetMs?: number;
  cwd?: string;
  /** The draft's `name:` (default `inferred`). */
  name?: string;
  connectTimeoutMs?: number;
  commandTimeoutMs?: number;
  /** Where the draft will be written (imports are validated as from there; default `<cwd>/inferred.yaml`). */
  output?: string;
  onProgress?: (p: { db: number; keys: number }) => void;
}

export interface InferSummary {
  target: string;
  databases: { db: number; keys: number; complete: boolean; delimiter: string; templates: number; skipped: number; nodes: number }[];
  keys: number;
  templates: number;
  libraries: { name: string; db: number; params: Record<string, unknown>; keys: number }[];
  notes: string[];
}

export interface InferResult {
  exitCode: number;
  /** The draft spec's YAML. */
  text?: string;
  /** The validated draft (imports resolved). */
  spec?: Spec;
  /** With `against`: the additions as a unified diff of that spec. */
  patch?: string;
  /** Problems left in the draft after overlap resolution (empty when it validates). */
  diagnostics: Diagnostic[];
  summary?: InferSummary;
  /** Per key of the draft: the sampled keys of its template (grouping evaluation). */
  keys?: InferredKey[];
  error?: string;
}

/** Keys buffered per database for the delimiter vote before the tree starts. */
const VOTE_KEYS = 10_000;

export async function runInfer(options: RunInferOptions): Promise<InferResult> {
  const cwd = options.cwd ?? process.cwd();
  let target: Target;
  try {
    target = parseRedisUrl(options.url);
  } catch (e) {
    if (e instanceof TargetError) return { exitCode: EXIT.usage, diagnostics: [], error: e.message };
    throw e;
  }
  const secrets = [target.password];
  const timeouts: Timeouts = {
    connectMs: options.connectTimeoutMs ?? DEFAULT_TIMEOUTS.connectMs,
    commandMs: options.commandTimeoutMs ?? DEFAULT_TIMEOUTS.commandMs,
  };
  let against: { spec: Spec; compiled: CompiledSpec; file: string; text: string } | undefined;
  if (options.against) {
    const file = resolve(cwd, options.against);
    const loaded = loadCheckedSpec(file, nodeHost(cwd));
    if (!loaded.spec) return { exitCode: EXIT.usage, diagnostics: [], error: loaded.error ?? `cannot load ${options.against}` };
    against = { spec: loaded.spec, compiled: compileSpec(loaded.spec), file, text: nodeHost(cwd).readFile(file) ?? '' };
  }
  const limiter = new RateLimiter(options.maxOps ?? 0);
  const conns: Redis[] = [];
  try {
    const main = await openConnection(target, 0, timeouts).catch((e: unknown) => e as Error);
    if (main instanceof Error) {
      if (main instanceof ConnectError) return { exitCode: EXIT.connect, diagnostics: [], error: redactText(main.message, secrets) };
      throw main;
    }
    conns.push(main);
    const info = parseInfo(String(await main.info()));
    const sizes = keyspaceFromInfo(info);
    const dbs = [...sizes.keys()].filter((d) => !options.dbs || options.dbs.includes(d)).sort((a, b) => a - b);
    const notes: string[] = [];
    if (info.get('cluster_enabled') === '1')
      notes.push(
        `${target.display} is a Redis Cluster node: only the keys this node serves were read (infer does not yet visit every master)`,
      );
    const limits = { ...DEFAULT_TREE_LIMITS, sampleSize: options.sample ?? DEFAULT_TREE_LIMITS.sampleSize };
    const trees = new Map<number, TemplateTree>();
    const perDb: InferSummary['databases'] = [];
    const dbConns = new Map<number, Redis>();
    // Two databases at once, each with one call in flight (as `check` does): other clients are served between calls.
    const scanOne = async (db: number): Promise<string[]> => {
      const dbNotes: string[] = [];
      const conn = db === 0 ? main : await openConnection(target, db, timeouts);
      if (db !== 0) conns.push(conn);
      dbConns.set(db, conn);
      const compiledDb = against?.compiled.dbs.get(db);
      const votes = new DelimiterVotes(VOTE_KEYS);
      const buffered: SeenKey[] = [];
      let tree: TemplateTree | undefined;
      let skipped = 0;
      let seen = 0;
      const take = (k: SeenKey): void => {
        if (tree) return tree.add(k);
        buffered.push(k);
        votes.add(k.key);
        if (buffered.length >= VOTE_KEYS) flush();
      };
      const flush = (): void => {
        tree ??= new TemplateTree(db, votes.choose(), limits);
        for (const k of buffered.splice(0)) tree.add(k);
      };
      const r = await scanDatabase(
        conn,
        limiter,
        { count: options.count ?? 1000, budgetUs: (options.pageBudgetMs ?? 5) * 1000, maxKeys: options.maxKeys ?? Infinity },
        (k) => {
          if (++seen % 10_000 === 0) options.onProgress?.({ db, keys: seen });
          if (compiledDb && matchKey(compiledDb, k.key)) {
            skipped++;
            return;
          }
          take(k);
        },
      );
      flush();
      trees.set(db, tree!);
      if (!r.complete)
        dbNotes.push(`db ${db}: stopped after ${r.keys.toLocaleString('en-US')} keys (--max-keys); the draft covers those only`);
      if (!r.scripted) dbNotes.push(`db ${db}: EVAL_RO refused; TYPE and PTTL were read with pipelines`);
      perDb.push({ db, keys: r.keys, complete: r.complete, delimiter: tree!.delimiter, templates: 0, skipped, nodes: tree!.nodeCount });
      return dbNotes;
    };
    const dbNotes = new Map<number, string[]>();
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(2, dbs.length) }, async () => {
        while (next < dbs.length) {
          const db = dbs[next++]!;
          dbNotes.set(db, await scanOne(db));
        }
      }),
    );
    for (const db of dbs) notes.push(...dbNotes.get(db)!);
    perDb.sort((x, y) => x.db - y.db);
    let traffic: Traffic | undefined;
    if (options.observeSeconds && options.observeSeconds > 0) {
      traffic = await observeTraffic(target, timeouts, options.observeSeconds * 1000, main);
      notes.push(...traffic.notes);
      for (const k of traffic.keys) {
        if (options.dbs && !options.dbs.includes(k.db)) continue;
        if (against?.compiled.dbs.get(k.db) && matchKey(against.compiled.dbs.get(k.db)!, k.key)) continue;
        let tree = trees.get(k.db);
        if (!tree) {
          trees.set(k.db, (tree = new TemplateTree(k.db, ':', limits)));
          perDb.push({ db: k.db, keys: 0, complete: true, delimiter: ':', templates: 0, skipped: 0, nodes: 0 });
        }
        tree.add({
          key: k.key,
          type: k.type,
          pttl: k.pttl,
          observed: true,
          ...(k.writtenTtlMs !== undefined ? { writtenTtlMs: k.writtenTtlMs } : {}),
        });
      }
    }

    // Values of each template's sampled keys, then libraries and per-template inference.
    const types = new SharedTypes(against ? 'inferred_' : '');
    const imports: DraftImport[] = [];
    const databases: Draft['databases'] = [];
    const libraries: InferSummary['libraries'] = [];
    const allKeys: InferredKey[] = [];
    for (const [db, tree] of [...trees].sort((a, b) => a[0] - b[0])) {
      const templates = tree.templates();
      let conn = dbConns.get(db);
      if (!conn) {
        conn = await openConnection(target, db, timeouts);
        conns.push(conn);
      }
      const samples: Map<string, Sample> = await sampleKeys(
        conn,
        limiter,
        templates.flatMap((t) => t.stats.sample.entries()),
      );
      const recognized = against ? [] : recognizeLibraries(db, templates, samples, cwd);
      const claimed = new Set<Template>(recognized.flatMap((r) => [...r.claimed]));
      for (const r of recognized) {
        imports.push({
          spec: r.recognizer.spec,
          as: r.recognizer.as,
          db,
          params: r.params,
          evidence: `${r.recognizer.name}: ${r.keys.toLocaleString('en-US')} key(s) in ${r.claimed.size} template(s) of db ${db} match ${r.recognizer.spec} with these parameters`,
        });
        libraries.push({ name: r.recognizer.name, db, params: r.params, keys: r.keys });
      }
      const names = new Map<string, number>();
      const keys: InferredKey[] = [];
      // Templates of different types with the same pattern are one key (annotated with the type mix).
      const byPattern = new Map<string, Template>();
      for (const t of templates) {
        if (claimed.has(t)) continue;
        const pattern = patternOf(t, types);
        const same = byPattern.get(pattern);
        if (same) same.stats.merge(t.stats);
        else byPattern.set(pattern, t);
      }
      for (const [pattern, t] of byPattern) {
        const base = keyNameOf(t, t.stats.dominantType);
        const n = (names.get(base) ?? 0) + 1;
        names.set(base, n);
        keys.push(inferKey(t, samples, types, n === 1 ? base : `${base}_${n}`, pattern));
      }
      allKeys.push(...keys);
      for (const k of keys) {
        const prefix = /^([^{}]+):\{uuid\}$/.exec(k.pattern)?.[1];
        if (prefix && prefix !== 'session' && k.type === 'string' && k.value?.kind === 'pickle' && k.ttl !== 'none')
          notes.push(
            `db ${db}: ${k.pattern} holds pickled strings with a TTL, like Flask-Session's sessions under SESSION_KEY_PREFIX '${prefix}:'; keyspec/lib/flask-session.yaml has the fixed prefix 'session:', so they stay a pattern of their own (key ${k.name})`,
          );
      }
      const row = perDb.find((p) => p.db === db)!;
      row.templates = templates.length;
      const total = templates.reduce((s, t) => s + t.stats.count, 0);
      databases.push({
        index: db,
        keys,
        evidence: `db ${db}: ${total.toLocaleString('en-US')} key(s) inferred${row.skipped ? ` (${row.skipped.toLocaleString('en-US')} matched by the spec and skipped)` : ''}, delimiter '${row.delimiter}', ${templates.length} template(s)${recognized.length ? `, ${recognized.map((r) => r.recognizer.name).join(' and ')} imported` : ''}`,
      });
    }
    if (against) {
      const patch = additionsPatch(against.file, against.text, databases, types, cwd);
      return {
        exitCode: EXIT.ok,
        patch: patch.text,
        text: patch.draft,
        diagnostics: patch.diagnostics,
        keys: allKeys,
        summary: summaryOf(target, perDb, allKeys, libraries, notes),
      };
    }
    const draft: Draft = {
      name: options.name ?? 'inferred',
      title: `Draft inferred from ${target.display}`,
      header: [
        `Draft spec inferred by keyspec infer from ${target.display}: review every entry, rename the types and keys,`,
        'then `keyspec check` it against the same server and commit it. Each entry says what it is based on.',
        ...notes,
      ],
      imports,
      types: [],
      databases,
      channels: traffic ? channelsOf(traffic, types, limits) : [],
      services: (traffic?.clients ?? []).map((c) => ({
        name: serviceName(c.name),
        clientName: c.name.replace(/[{}]/g, (x) => x + x),
        evidence: `connected as '${c.name}' during --observe; ${c.writes} write(s) seen${c.examples.length ? `, e.g. ${c.examples.join(', ')}` : ''}`,
      })),
    };
    const file = resolve(cwd, options.output ?? 'inferred.yaml');
    let text = '';
    let loaded: ReturnType<typeof loadSpec> | undefined;
    const byDb = new Map(databases.map((d) => [d.index, d.keys]));
    const narrowed = new Set<InferredKey>();
    const narrow = (k: InferredKey): boolean => {
      if (narrowed.has(k) || !k.template) return false;
      narrowed.add(k);
      const closed = patternOf(k.template, types, true);
      if (closed === k.pattern) return false;
      k.pattern = closed;
      k.evidence += '; placeholders narrowed to the values seen, clear of an imported library key';
      return true;
    };
    for (let round = 0; round < 4; round++) {
      text = emitDraft(draft, types);
      loaded = loadSpec(file, draftHost(new Map([[file, text]]), cwd));
      if (resolveOverlaps(loaded.diagnostics, byDb, narrow) === 0) break;
    }
    if (traffic?.clients.some((c) => c.wrote.length) && loaded!.spec) {
      // Services: the clients that wrote keys of a pattern are its writers.
      const compiled = compileSpec(loaded!.spec);
      for (const c of traffic.clients) {
        const service = serviceName(c.name);
        for (const w of c.wrote) {
          const id = compiled.dbs.get(w.db) && matchKey(compiled.dbs.get(w.db)!, w.key)?.id;
          const key = id ? byDb.get(w.db)?.find((k) => `db${w.db}.${k.name}` === id) : undefined;
          if (key && !(key.writers ??= []).includes(service)) key.writers.push(service);
        }
      }
      text = emitDraft(draft, types);
      loaded = loadSpec(file, draftHost(new Map([[file, text]]), cwd));
    }
    const problems = loaded!.diagnostics.filter((d) => d.severity === 'error');
    return {
      exitCode: problems.length ? EXIT.violations : EXIT.ok,
      text,
      ...(loaded!.spec ? { spec: loaded!.spec } : {}),
      diagnostics: loaded!.diagnostics,
      keys: allKeys,
      summary: summaryOf(target, perDb, allKeys, libraries, notes),
    };
  } catch (e) {
    return {
      exitCode: EXIT.unverifiable,
      diagnostics: [],
      error: redactText(
        `infer stopped: ${describeRedisError(e, { host: target.host, port: target.port, tls: target.tls, timeouts })}`,
        secrets,
      ),
    };
  } finally {
    for (const c of conns) await closeConnection(c);
  }
}

/** Channel templates mined from the channel names seen, the same way as keys. */
function channelsOf(traffic: Traffic, types: SharedTypes, limits: typeof DEFAULT_TREE_LIMITS): DraftChannel[] {
  const tree = new TemplateTree(-1, ':', limits);
  for (const c of traffic.channels) tree.add({ key: c, type: 'channel', pttl: -1 });
  const names = new Map<string, number>();
  return tree.templates().map((t) => {
    const base = keyNameOf(t, 'channel');
    const n = (names.get(base) ?? 0) + 1;
    names.set(base, n);
    // The messages of the channels this template holds, mined the same way (space-separated words).
    const texts = t.stats.sample.names().flatMap((c) => traffic.messages.get(c) ?? []);
    return {
      name: n === 1 ? base : `${base}_${n}`,
      pattern: patternOf(t, types),
      messages: messageFormats(texts, types, limits),
      evidence: `${t.stats.count} channel name(s) seen (PUBSUB CHANNELS and messages during --observe), e.g. ${t.stats.sample.names().slice(0, 3).join(', ')}`,
    };
  });
}

/** Message formats: JSON with a schema when every message is JSON, else templates mined by words (at most 8), else free text. */
function messageFormats(texts: string[], types: SharedTypes, limits: typeof DEFAULT_TREE_LIMITS): DraftChannel['messages'] {
  if (!texts.length) return [{ name: 'message', text: true }];
  const json = inferValueFormat(texts.map((x) => Buffer.from(x)));
  if (json.kind === 'json') return [{ name: 'message', json: json.schema !== undefined ? { schema: json.schema } : true }];
  const tree = new TemplateTree(-2, ' ', limits);
  for (const m of texts) tree.add({ key: m, type: 'message', pttl: -1 });
  const ts = tree.templates();
  if (ts.length > 8 || texts.some((m) => m === '' || /[\r\n]/.test(m))) return [{ name: 'message', text: true }];
  return ts.map((t, i) => ({ name: `message${ts.length > 1 ? i + 1 : ''}`, template: patternOf(t, types) }));
}

function serviceName(clientName: string): string {
  const id = clientName
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return /^[a-z]/.test(id) ? id : `client-${id || 'unnamed'}`;
}

function summaryOf(
  target: Target,
  databases: InferSummary['databases'],
  keys: InferredKey[],
  libraries: InferSummary['libraries'],
  notes: string[],
): InferSummary {
  return {
    target: target.display,
    databases,
    keys: databases.reduce((s, d) => s + d.keys, 0),
    templates: keys.length,
    libraries,
    notes,
  };
}
