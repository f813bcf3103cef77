/**
 * Raw (structurally valid) spec data -> the validated model, with every semantic rule checked and every
 * problem reported at its node. Imports are resolved through a host, so this module does no I/O.
 */
import { makeDiagnostic, type Diagnostic, type RuleId } from './diagnostics.ts';
import type {
  Probe,
  Channel,
  Connection,
  Database,
  EnvVar,
  HashField,
  KeyPattern,
  MessageFormat,
  NotificationConsumer,
  Pattern,
  PatternPart,
  PlaceholderType,
  RedisType,
  Service,
  ServerRequirements,
  Spec,
  ValueFormat,
} from './model.ts';
import { consumerFlags, missingFlags, parseNotifyFlags, selectsNothing, formatFlags } from './notify-flags.ts';
import { findOverlap, OverlapUndecidedError } from './overlap.ts';
import { compilePattern, matchPattern, parsePatternText } from './pattern.ts';
import {
  BUILTIN_TYPES,
  enumRegex,
  integerRegex,
  matchesEmpty,
  matchesType,
  regexProblem,
  TYPE_KIND_KEYS,
  type RawNamedType,
} from './placeholder-types.ts';
import { checkSchema, closest } from './schema-check.ts';
import { parseSource, type DataPath, type SourceFile } from './source.ts';
import { parseSeconds, parseTtl } from './ttl-policy.ts';
import { jsonSchemaProblem, judgeValue, parseFormat, type FormatContext, type FormatProblem } from './value-format.ts';

/** Where spec files come from: the only I/O the loader needs. */
export interface SpecHost {
  /** The file's text, or undefined if it cannot be read. */
  readFile(path: string): string | undefined;
  /** Resolves an import path relative to the importing file. */
  resolve(fromFile: string, spec: string): string;
  /** How to show a path in diagnostics (e.g. relative to the working directory). */
  display?(path: string): string;
}

export interface LoadResult {
  /** The model, when the entry file could be built (it may still carry warnings or errors). */
  spec?: Spec;
  diagnostics: Diagnostic[];
  /** Text of every file read, by the name diagnostics use (for code frames). */
  sources: Record<string, string>;
}

// ---------------------------------------------------------------------------------------------
// Raw shapes (after the JSON Schema check these hold).

interface RawSpec {
  keyspec: number;
  kind?: 'application' | 'library';
  name: string;
  title?: string;
  description?: string;
  notes?: string[];
  params?: Record<string, { description?: string; default: unknown }>;
  imports?: RawImport[];
  types?: Record<string, RawNamedType>;
  server?: {
    minVersion?: string;
    notifyKeyspaceEvents?: string;
    config?: Record<string, string | number>;
    description?: string;
    notes?: string[];
  };
  env?: Record<string, { description?: string; default?: string | number | boolean; secret?: boolean; example?: string | number }>;
  connections?: (Omit<Connection, 'source' | 'url'> & { url?: string[] })[];
  databases?: RawDatabase[];
  keys?: RawKey[];
  channels?: RawChannel[];
  notifications?: RawNotification[];
  services?: RawService[];
}
interface RawImport {
  spec: string;
  as: string;
  database?: string | number;
  params?: Record<string, unknown>;
  description?: string;
}
interface RawDatabase {
  index: number;
  name: string;
  aliases?: string[];
  purpose?: string;
  description?: string;
  notes?: string[];
  connection?: string;
  keys?: RawKey[];
  channels?: RawChannel[];
}
interface RawKey {
  name: string;
  pattern: string;
  type: RedisType;
  ttl?: unknown;
  description?: string;
  notes?: string[];
  where?: Record<string, RawNamedType>;
  value?: unknown;
  fields?: RawField[];
  additionalFields?: boolean;
  member?: unknown;
  score?: unknown;
  entryFields?: RawField[];
  writers?: string[];
  readers?: string[];
  examples?: unknown[];
  shadows?: string[];
  probeSafe?: boolean;
}
interface RawField {
  name?: string;
  pattern?: string;
  value?: unknown;
  required?: boolean;
  description?: string;
  notes?: string[];
  examples?: unknown[];
  shadows?: string[];
  where?: Record<string, RawNamedType>;
}
interface RawMessage {
  name: string;
  description?: string;
  examples?: unknown[];
  template?: string;
  json?: true | { schema?: object | boolean };
  text?: true;
  regex?: string;
  where?: Record<string, RawNamedType>;
}
interface RawChannel {
  name: string;
  pattern: string;
  description?: string;
  notes?: string[];
  where?: Record<string, RawNamedType>;
  connectionDb?: number;
  messages?: RawMessage[];
  publishers?: string[];
  subscribers?: string[];
  requireSubscribers?: boolean;
  examples?: unknown[];
  shadows?: string[];
  probeSafe?: boolean;
}
interface RawNotification {
  name: string;
  description?: string;
  service?: string;
  db: number | string;
  key?: string;
  channel?: 'keyspace' | 'keyevent';
  events: string[];
}
interface RawService {
  name: string;
  kind?: string;
  description?: string;
  notes?: string[];
  module?: string;
  connection?: string;
  clientName?: string;
  actsAs?: string[];
  reads?: string[];
  writes?: string[];
  publishes?: string[];
  subscribes?: string[];
  contract?: { websocket?: string; probes?: RawProbe[] };
}
interface RawProbe {
  name: string;
  description?: string;
  params?: Record<string, string | number>;
  publish?: { channel: string; message: string; params?: Record<string, string | number>; text?: string };
  hset?: { key: string; field: string; value: string };
  expectFrame: { equals?: unknown; schema?: object | boolean };
  timeoutMs?: number;
}

// ---------------------------------------------------------------------------------------------

/** What one file (and its imports) contributes, names already namespaced. */
interface FilePart {
  kind: 'application' | 'library';
  types: PlaceholderType[];
  databases: Database[];
  /** Library keys not yet bound to a database. */
  unboundKeys: { key: KeyPattern; file: SourceFile; path: DataPath }[];
  channels: { channel: Channel; file: SourceFile; path: DataPath }[];
  notifications: { n: NotificationConsumer; file: SourceFile; path: DataPath; keyRef?: string }[];
  services: { service: Service; file: SourceFile; path: DataPath }[];
  /** References to check once everything is merged. */
  refs: Ref[];
}

interface Ref {
  kind: 'service' | 'key' | 'channel' | 'connection' | 'env';
  name: string;
  file: SourceFile;
  path: DataPath;
}

class Builder {
  readonly diagnostics: Diagnostic[] = [];
  readonly files: string[] = [];
  readonly sources: Record<string, string> = {};

  constructor(private readonly host: SpecHost) {}

  report(id: RuleId, file: SourceFile, path: DataPath, message: string, hint?: string, part: 'value' | 'key' = 'value'): void {
    this.diagnostics.push(makeDiagnostic(id, file.locate(path, part), message, hint));
  }

  /** Parses and structurally checks a file; undefined when it cannot be used. */
  loadFile(
    path: string,
    params?: { values: Record<string, unknown>; file: SourceFile; path: DataPath },
  ): { file: SourceFile; raw: RawSpec } | undefined {
    const display = this.host.display ? this.host.display(path) : path;
    const text = this.host.readFile(path);
    if (text === undefined) {
      this.diagnostics.push(makeDiagnostic('KS003', { file: display, line: 1, column: 1 }, `cannot read ${display}`));
      return undefined;
    }
    this.sources[display] = text;
    const parsed = parseSource(display, text);
    this.files.push(display);
    this.diagnostics.push(...parsed.diagnostics);
    if (parsed.diagnostics.some((d) => d.severity === 'error')) return undefined;
    const file = parsed.source;
    let data = file.data;
    if (data === null || typeof data !== 'object' || Array.isArray(data)) {
      this.report('KS010', file, [], 'a spec must be a YAML mapping', 'Start with `keyspec: 1` and `name: ...`.');
      return undefined;
    }
    const before = this.diagnostics.length;
    data = this.substituteParams(file, data, params);
    if (this.diagnostics.slice(before).some((d) => d.severity === 'error' && d.file === file.file)) return undefined;
    const schemaDiags = checkSchema(file, data);
    this.diagnostics.push(...schemaDiags);
    if (schemaDiags.length > 0) return undefined;
    const raw = data as RawSpec;
    if (raw.keyspec !== 1) {
      this.report('KS014', file, ['keyspec'], `unsupported keyspec language version ${raw.keyspec}`);
      return undefined;
    }
    return { file, raw };
  }

  /** Replaces `{ $param: name }` nodes with the importer's values or the declared defaults. */
  substituteParams(file: SourceFile, data: object, given?: { values: Record<string, unknown>; file: SourceFile; path: DataPath }): unknown {
    const declared = ((data as RawSpec).params ?? {}) as Record<string, { default: unknown }>;
    const values: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(declared)) if (v && typeof v === 'object' && 'default' in v) values[k] = v.default;
    if (given) {
      for (const [k, v] of Object.entries(given.values)) {
        if (!(k in declared)) {
          this.report(
            'KS162',
            given.file,
            [...given.path, k],
            `the library does not declare a parameter '${k}'`,
            `Declared: ${Object.keys(declared).join(', ') || 'none'}.`,
            'key',
          );
          continue;
        }
        const want = jsonKind(values[k]);
        if (want === 'an integer' && typeof v === 'string' && parseSeconds(v) !== undefined) {
          values[k] = parseSeconds(v);
          continue;
        }
        if (values[k] !== undefined && want !== jsonKind(v)) {
          this.report('KS162', given.file, [...given.path, k], `parameter '${k}' must be ${want} (like its default), got ${jsonKind(v)}`);
          continue;
        }
        values[k] = v;
      }
    }
    const walk = (node: unknown, path: DataPath): unknown => {
      if (Array.isArray(node)) return node.map((x, i) => walk(x, [...path, i]));
      if (node && typeof node === 'object') {
        const o = node as Record<string, unknown>;
        const keys = Object.keys(o);
        if (keys.length === 1 && keys[0] === '$param' && path[0] !== 'params') {
          const name = String(o.$param);
          if (!(name in values)) {
            this.report(
              'KS162',
              file,
              path,
              `'$param: ${name}' refers to an undeclared parameter`,
              'Declare it under `params:` with a default.',
            );
            return node;
          }
          return values[name];
        }
        const out: Record<string, unknown> = {};
        for (const k of keys) out[k] = walk(o[k], [...path, k]);
        return out;
      }
      return node;
    };
    return walk(data, []);
  }

  buildFile(
    path: string,
    ns: string,
    stack: string[],
    params?: { values: Record<string, unknown>; file: SourceFile; path: DataPath },
  ): FilePart | undefined {
    const loaded = this.loadFile(path, params);
    if (!loaded) return undefined;
    const { file, raw } = loaded;
    const kind = raw.kind ?? 'application';
    const q = (n: string): string => (ns ? `${ns}.${n}` : n);
    const part: FilePart = { kind, types: [], databases: [], unboundKeys: [], channels: [], notifications: [], services: [], refs: [] };
    // Imports first: their names are visible to this file.
    const imported: FilePart[] = [];
    (raw.imports ?? []).forEach((imp, i) => {
      const target = this.host.resolve(path, imp.spec);
      if (stack.includes(target)) {
        this.report(
          'KS161',
          file,
          ['imports', i, 'spec'],
          `import cycle: ${[...stack, target].map((s) => (this.host.display ? this.host.display(s) : s)).join(' -> ')}`,
        );
        return;
      }
      if (this.host.readFile(target) === undefined) {
        this.report('KS160', file, ['imports', i, 'spec'], `imported spec '${imp.spec}' not found`);
        return;
      }
      const sub = this.buildFile(target, q(imp.as), [...stack, target], { values: imp.params ?? {}, file, path: ['imports', i, 'params'] });
      if (!sub) return;
      if (sub.kind !== 'library') {
        this.report('KS163', file, ['imports', i, 'spec'], `'${imp.spec}' is not a library (kind: library)`);
        return;
      }
      (sub as FilePart & { bind?: RawImport; bindPath?: DataPath }).bind = imp;
      (sub as FilePart & { bindPath?: DataPath }).bindPath = ['imports', i];
      imported.push(sub);
    });

    // Types: this file's own, then imported ones by their namespaced name (`rq.jobId`), then built-ins.
    const importedTypes = new Map<string, PlaceholderType>();
    for (const sub of imported)
      for (const t of sub.types) importedTypes.set(ns && t.name.startsWith(`${ns}.`) ? t.name.slice(ns.length + 1) : t.name, t);
    const usedTypes = new Set<string>();
    const scope = new TypeScope(this, file, raw.types ?? {}, q, usedTypes, undefined, ['types'], undefined, importedTypes);
    part.types = scope.all();

    const ctxFor = (where: Record<string, RawNamedType> | undefined, owner: string, basePath: DataPath): TypeScope =>
      where ? scope.child(where, owner, [...basePath, 'where']) : scope;

    const buildKey = (rk: RawKey, kpath: DataPath, db: number, dbName: string): KeyPattern | undefined => {
      const kscope = ctxFor(rk.where, `${q(rk.name)}`, kpath);
      const pattern = this.compile(rk.pattern, kscope, file, [...kpath, 'pattern'], 'key');
      if (!pattern) return undefined;
      const ttlProblems: { path: (string | number)[]; message: string }[] = [];
      const ttl = parseTtl(rk.ttl, ttlProblems);
      for (const p of ttlProblems) this.report('KS130', file, [...kpath, 'ttl', ...p.path], p.message);
      if ((ttl.kind === 'exact' || ttl.kind === 'bounded') && ttl.env !== undefined)
        part.refs.push({ kind: 'env', name: ttl.env, file, path: [...kpath, 'ttl', 'env'] });
      const fmt = (rawF: unknown, fpath: DataPath): ValueFormat | undefined =>
        rawF === undefined ? undefined : this.format(rawF, kscope, file, fpath);
      // Properties that must fit the Redis type.
      const allowed: Record<string, RedisType[]> = {
        value: ['string'],
        fields: ['hash'],
        additionalFields: ['hash', 'stream'],
        member: ['list', 'set', 'zset'],
        score: ['zset'],
        entryFields: ['stream'],
      };
      for (const [prop, types] of Object.entries(allowed)) {
        if ((rk as unknown as Record<string, unknown>)[prop] !== undefined && !types.includes(rk.type)) {
          this.report(
            'KS180',
            file,
            [...kpath, prop],
            `'${prop}' does not apply to a ${rk.type} key (it is for ${types.join('/')})`,
            undefined,
            'key',
          );
        }
      }
      const rawFields = rk.type === 'hash' ? rk.fields : rk.type === 'stream' ? rk.entryFields : undefined;
      const fieldsProp = rk.type === 'stream' ? 'entryFields' : 'fields';
      const fields = (rawFields ?? []).flatMap((rf, i) => {
        const f = this.field(rf, kscope, file, [...kpath, fieldsProp, i], q(rk.name));
        return f ? [f] : [];
      });
      // Literal fields by name (KS101); field patterns written twice are caught by the overlap check (KS121).
      this.checkDuplicates(
        fields.flatMap((f, i) => (f.literal ? [{ name: f.name, path: [...kpath, fieldsProp, i] }] : [])),
        file,
        'hash field',
      );
      this.checkOverlaps(
        fields.map((f, i) => ({
          name: f.name,
          pattern: f.pattern,
          shadows: f.shadows,
          path: [...kpath, fieldsProp, i] as DataPath,
          literal: f.literal,
        })),
        file,
        'KS121',
        'hash fields',
        (a, b) => `field ${a} and field ${b}`,
      );
      if (ttl.kind === 'byField') this.checkFieldTtl(ttl, rk, fields, file, kpath);
      const examples = (rk.examples ?? []).map(String);
      examples.forEach((ex, i) => {
        if (!matchPattern(pattern, ex))
          this.report('KS116', file, [...kpath, 'examples', i], `example '${ex}' does not match pattern '${pattern.text}'`);
      });
      const key: KeyPattern = {
        name: q(rk.name),
        id: dbName ? `${dbName}.${q(rk.name)}` : q(rk.name),
        db,
        pattern,
        type: rk.type,
        ttl,
        fields,
        additionalFields: rk.additionalFields ?? false,
        writers: (rk.writers ?? []).map(q),
        readers: (rk.readers ?? []).map(q),
        examples,
        shadows: (rk.shadows ?? []).map(q),
        probeSafe: rk.probeSafe ?? false,
        notes: rk.notes ?? [],
        source: file.locate(kpath),
        ...(rk.description !== undefined ? { description: rk.description } : {}),
        ...(ns ? { importedFrom: ns } : {}),
      };
      if (rk.type === 'string') {
        const v = fmt(rk.value, [...kpath, 'value']);
        key.value = v ?? { kind: 'raw' };
      }
      if (rk.type === 'list' || rk.type === 'set' || rk.type === 'zset') {
        key.member = fmt(rk.member, [...kpath, 'member']) ?? { kind: 'raw' };
      }
      if (rk.type === 'zset') key.score = fmt(rk.score, [...kpath, 'score']) ?? { kind: 'float' };
      for (const [prop, list] of [
        ['writers', rk.writers],
        ['readers', rk.readers],
      ] as const) {
        (list ?? []).forEach((s, i) => part.refs.push({ kind: 'service', name: q(s), file, path: [...kpath, prop, i] }));
      }
      return key;
    };

    // Databases (applications).
    (raw.databases ?? []).forEach((rdb, di) => {
      const dpath = ['databases', di];
      const keys = (rdb.keys ?? []).flatMap((rk, ki) => {
        const k = buildKey(rk, [...dpath, 'keys', ki], rdb.index, rdb.name);
        return k ? [{ k, path: [...dpath, 'keys', ki] as DataPath }] : [];
      });
      (rdb.channels ?? []).forEach((rc, ci) => {
        this.report(
          'KS150',
          file,
          [...dpath, 'channels', ci],
          `channel '${rc.name}' is declared under database ${rdb.index}, but pub/sub channels are server-wide: PUBLISH and SUBSCRIBE ignore the selected DB`,
        );
        const ch = this.channel(rc, scope, file, [...dpath, 'channels', ci], q, part, ns);
        if (ch)
          part.channels.push({ channel: { ...ch, connectionDb: ch.connectionDb ?? rdb.index }, file, path: [...dpath, 'channels', ci] });
      });
      if (rdb.connection !== undefined) part.refs.push({ kind: 'connection', name: rdb.connection, file, path: [...dpath, 'connection'] });
      part.databases.push({
        index: rdb.index,
        name: rdb.name,
        aliases: rdb.aliases ?? [],
        keys: keys.map((x) => x.k),
        notes: rdb.notes ?? [],
        source: file.locate(dpath),
        ...(rdb.purpose !== undefined ? { purpose: rdb.purpose } : {}),
        ...(rdb.description !== undefined ? { description: rdb.description } : {}),
        ...(rdb.connection !== undefined ? { connection: rdb.connection } : {}),
      });
      (part as FilePart & { keyPaths?: Map<KeyPattern, DataPath> }).keyPaths ??= new Map();
      for (const x of keys) (part as FilePart & { keyPaths: Map<KeyPattern, DataPath> }).keyPaths.set(x.k, x.path);
    });

    // Library keys (not bound yet).
    if (raw.keys !== undefined && kind !== 'library') {
      this.report('KS165', file, ['keys'], 'top-level `keys:` are only for library specs', undefined, 'key');
    }
    (raw.keys ?? []).forEach((rk, ki) => {
      const k = buildKey(rk, ['keys', ki], -1, '');
      if (k) part.unboundKeys.push({ key: k, file, path: ['keys', ki] });
    });
    this.checkDuplicates(
      part.unboundKeys.map((u) => ({ name: u.key.name, path: u.path })),
      file,
      'key',
    );
    this.checkOverlaps(
      part.unboundKeys.map((u) => ({ name: u.key.name, pattern: u.key.pattern, shadows: u.key.shadows, path: u.path })),
      file,
      'KS120',
      'keys',
      (a, b) => `key ${a} and key ${b}`,
    );

    (raw.channels ?? []).forEach((rc, ci) => {
      const ch = this.channel(rc, scope, file, ['channels', ci], q, part, ns);
      if (ch) part.channels.push({ channel: ch, file, path: ['channels', ci] });
    });

    (raw.notifications ?? []).forEach((rn, ni) => {
      const npath = ['notifications', ni];
      const n: NotificationConsumer = {
        name: q(rn.name),
        db: typeof rn.db === 'number' ? rn.db : -1,
        channel: rn.channel ?? 'keyspace',
        events: [...new Set(rn.events.join(''))],
        notes: [],
        source: file.locate(npath),
        ...(rn.description !== undefined ? { description: rn.description } : {}),
        ...(rn.service !== undefined ? { service: q(rn.service) } : {}),
      };
      const bad = n.events.filter((e) => !'g$lshzxetdmnA'.includes(e));
      if (bad.length)
        this.report(
          'KS141',
          file,
          [...npath, 'events'],
          `unknown event class${bad.length > 1 ? 'es' : ''} ${bad.map((b) => `'${b}'`).join(', ')}`,
        );
      if (rn.service !== undefined) part.refs.push({ kind: 'service', name: q(rn.service), file, path: [...npath, 'service'] });
      const entry: FilePart['notifications'][number] = { n, file, path: npath, ...(rn.key !== undefined ? { keyRef: rn.key } : {}) };
      (entry as { dbRef?: string | number }).dbRef = rn.db;
      part.notifications.push(entry);
    });

    (raw.services ?? []).forEach((rs, si) => {
      const spath = ['services', si];
      const clientNamePattern =
        rs.clientName !== undefined ? this.compile(rs.clientName, scope, file, [...spath, 'clientName'], 'template') : undefined;
      const s: Service = {
        name: q(rs.name),
        actsAs: rs.actsAs ?? [],
        reads: (rs.reads ?? []).map(q),
        writes: (rs.writes ?? []).map(q),
        publishes: (rs.publishes ?? []).map(q),
        subscribes: (rs.subscribes ?? []).map(q),
        notes: rs.notes ?? [],
        source: file.locate(spath),
        ...(rs.kind !== undefined ? { kind: rs.kind } : {}),
        ...(rs.description !== undefined ? { description: rs.description } : {}),
        ...(rs.module !== undefined ? { module: rs.module } : {}),
        ...(rs.connection !== undefined ? { connection: rs.connection } : {}),
        ...(rs.clientName !== undefined ? { clientName: rs.clientName } : {}),
        ...(clientNamePattern ? { clientNamePattern } : {}),
        ...(ns ? { importedFrom: ns } : {}),
      };
      if (rs.contract) {
        const probes = (rs.contract.probes ?? []).map((rp, pi): Probe => {
          const ppath = [...spath, 'contract', 'probes', pi];
          const str = (o: Record<string, string | number> | undefined): Record<string, string> =>
            Object.fromEntries(Object.entries(o ?? {}).map(([k, v]) => [k, String(v)]));
          let trigger: Probe['trigger'];
          if ((rp.publish === undefined) === (rp.hset === undefined)) {
            this.report(
              rp.publish ? 'KS010' : 'KS012',
              file,
              ppath,
              `probe '${rp.name}' needs exactly one trigger: \`publish:\` or \`hset:\``,
            );
            trigger = { kind: 'hset', key: '', field: '', value: '' };
          } else if (rp.publish) {
            trigger = {
              kind: 'publish',
              channel: q(rp.publish.channel),
              message: rp.publish.message,
              params: str(rp.publish.params),
              ...(rp.publish.text !== undefined ? { text: rp.publish.text } : {}),
            };
          } else {
            trigger = { kind: 'hset', key: q(rp.hset!.key), field: rp.hset!.field, value: rp.hset!.value };
          }
          if (rp.expectFrame.equals === undefined && rp.expectFrame.schema === undefined) {
            this.report('KS012', file, [...ppath, 'expectFrame'], `probe '${rp.name}' needs \`equals:\` or \`schema:\` under expectFrame`);
          }
          if (rp.expectFrame.schema !== undefined) {
            const problem = jsonSchemaProblem(rp.expectFrame.schema);
            if (problem) this.report('KS181', file, [...ppath, 'expectFrame', 'schema'], `invalid JSON Schema: ${problem}`);
          }
          const probe: Probe = {
            name: rp.name,
            params: str(rp.params),
            trigger,
            expect: {
              ...(rp.expectFrame.equals !== undefined ? { equals: rp.expectFrame.equals } : {}),
              ...(rp.expectFrame.schema !== undefined ? { schema: rp.expectFrame.schema } : {}),
            },
            timeoutMs: rp.timeoutMs ?? 3000,
            source: file.locate(ppath),
            ...(rp.description !== undefined ? { description: rp.description } : {}),
          };
          (probe as Probe & { path?: DataPath; file?: SourceFile }).path = ppath;
          (probe as Probe & { file?: SourceFile }).file = file;
          return probe;
        });
        const ws =
          rs.contract.websocket !== undefined
            ? this.compile(rs.contract.websocket, scope, file, [...spath, 'contract', 'websocket'], 'template')
            : undefined;
        s.contract = { probes, ...(ws ? { websocket: ws } : {}) };
      }
      (rs.actsAs ?? []).forEach((a, i) => part.refs.push({ kind: 'service', name: a, file, path: [...spath, 'actsAs', i] }));
      for (const prop of ['reads', 'writes'] as const)
        (rs[prop] ?? []).forEach((k, i) => part.refs.push({ kind: 'key', name: q(k), file, path: [...spath, prop, i] }));
      for (const prop of ['publishes', 'subscribes'] as const)
        (rs[prop] ?? []).forEach((c, i) => part.refs.push({ kind: 'channel', name: q(c), file, path: [...spath, prop, i] }));
      if (rs.connection !== undefined) part.refs.push({ kind: 'connection', name: rs.connection, file, path: [...spath, 'connection'] });
      part.services.push({ service: s, file, path: spath });
    });

    // Merge imports.
    for (const sub of imported) {
      const bind = (sub as FilePart & { bind: RawImport; bindPath: DataPath }).bind;
      const bindPath = (sub as FilePart & { bindPath: DataPath }).bindPath;
      part.types.push(...sub.types);
      part.channels.push(...sub.channels);
      part.services.push(...sub.services);
      part.refs.push(...sub.refs);
      part.notifications.push(...sub.notifications);
      if (sub.unboundKeys.length > 0) {
        if (kind === 'library' && bind.database === undefined) {
          part.unboundKeys.push(...sub.unboundKeys);
        } else if (bind.database === undefined) {
          this.report('KS164', file, bindPath, `'${bind.spec}' declares keys; say which database they live in with \`database:\``);
        } else {
          const db = part.databases.find(
            (d) => d.index === bind.database || d.name === bind.database || d.aliases.includes(String(bind.database)),
          );
          if (!db) {
            this.report('KS171', file, [...bindPath, 'database'], `no database '${bind.database}' is declared`);
          } else {
            const paths = ((part as FilePart & { keyPaths?: Map<KeyPattern, DataPath> }).keyPaths ??= new Map());
            for (const u of sub.unboundKeys) {
              const bound = { ...u.key, db: db.index, id: `${db.name}.${u.key.name}` };
              db.keys.push(bound);
              paths.set(bound, [...bindPath, 'database']);
            }
          }
        }
      }
    }

    // Unused named types of this file (not of libraries imported by it: they report their own).
    if (kind === 'application') {
      for (const [name] of Object.entries(raw.types ?? {})) {
        if (!usedTypes.has(name))
          this.report('KS111', file, ['types', name], `type '${name}' is declared but no pattern or format uses it`, undefined, 'key');
      }
    } else {
      for (const [name] of Object.entries(raw.types ?? {})) {
        if (!usedTypes.has(name))
          this.report(
            'KS111',
            file,
            ['types', name],
            `type '${name}' is declared but no pattern or format in the library uses it`,
            undefined,
            'key',
          );
      }
    }

    (part as FilePart & { raw?: RawSpec; file?: SourceFile }).raw = raw;
    (part as FilePart & { file?: SourceFile }).file = file;
    return part;
  }

  compile(
    text: string,
    scope: TypeScope,
    file: SourceFile,
    path: DataPath,
    what: 'key' | 'field' | 'channel' | 'template',
  ): Pattern | undefined {
    const { parts: rawParts, errors } = parsePatternText(text);
    for (const e of errors) this.report('KS113', file, path, e.message);
    if (errors.length) return undefined;
    const seen = new Set<string>();
    const parts: PatternPart[] = [];
    let ok = true;
    rawParts.forEach((p, i) => {
      if (p.kind === 'literal') {
        parts.push(p);
        return;
      }
      if (seen.has(p.name)) {
        this.report('KS112', file, path, `placeholder {${p.name}} appears twice in '${text}'`);
        ok = false;
      }
      seen.add(p.name);
      const typeName = p.typeRef ?? p.name;
      const type = scope.resolve(typeName);
      if (!type) {
        // A declared type that failed to build was reported where it is declared.
        if (!scope.isDeclared(typeName))
          this.report(
            'KS110',
            file,
            path,
            `placeholder {${p.name}${p.typeRef ? `:${p.typeRef}` : ''}} in '${text}' has no type '${typeName}'`,
          );
        ok = false;
        return;
      }
      if (i > 0 && rawParts[i - 1]?.kind === 'placeholder') {
        this.report(
          'KS115',
          file,
          path,
          `placeholders {${(rawParts[i - 1] as { name: string }).name}} and {${p.name}} are adjacent in '${text}'`,
        );
      }
      if (what !== 'template' && matchesEmpty(type)) {
        this.report('KS118', file, path, `placeholder {${p.name}} has type '${type.name}', which matches the empty string`);
      }
      parts.push({ kind: 'placeholder', name: p.name, type });
    });
    if (!ok) return undefined;
    return compilePattern(text, parts);
  }

  format(raw: unknown, scope: TypeScope, file: SourceFile, path: DataPath): ValueFormat {
    const problems: FormatProblem[] = [];
    const f = parseFormat(raw, scope.formatContext(this, file, path), problems);
    for (const p of problems) this.report(p.rule, file, [...path, ...p.path.filter((x) => x !== '')], p.message);
    return f;
  }

  field(rf: RawField, scope: TypeScope, file: SourceFile, path: DataPath, owner: string): HashField | undefined {
    if ((rf.name === undefined) === (rf.pattern === undefined)) {
      this.report(
        rf.name === undefined ? 'KS012' : 'KS010',
        file,
        path,
        rf.name === undefined
          ? 'a field needs `name:` (a literal field) or `pattern:` (a field pattern)'
          : 'a field has either `name:` or `pattern:`, not both',
      );
      return undefined;
    }
    const fscope = rf.where ? scope.child(rf.where, `${owner}.${rf.name ?? rf.pattern}`, [...path, 'where']) : scope;
    let pattern: Pattern | undefined;
    if (rf.name !== undefined) pattern = compilePattern(rf.name, [{ kind: 'literal', text: rf.name }]);
    else pattern = this.compile(rf.pattern!, fscope, file, [...path, 'pattern'], 'field');
    if (!pattern) return undefined;
    const value = rf.value === undefined ? ({ kind: 'raw' } as ValueFormat) : this.format(rf.value, fscope, file, [...path, 'value']);
    const examples = (rf.examples ?? []).map(String);
    examples.forEach((ex, i) => {
      if (!matchPattern(pattern, ex))
        this.report('KS116', file, [...path, 'examples', i], `example '${ex}' does not match field pattern '${pattern.text}'`);
    });
    return {
      name: rf.name ?? rf.pattern!,
      literal: rf.name !== undefined,
      pattern,
      value,
      required: rf.required ?? false,
      examples,
      shadows: rf.shadows ?? [],
      notes: rf.notes ?? [],
      source: file.locate(path),
      ...(rf.description !== undefined ? { description: rf.description } : {}),
    };
  }

  channel(
    rc: RawChannel,
    scope: TypeScope,
    file: SourceFile,
    path: DataPath,
    q: (n: string) => string,
    part: FilePart,
    ns: string,
  ): Channel | undefined {
    const cscope = rc.where ? scope.child(rc.where, q(rc.name), [...path, 'where']) : scope;
    const pattern = this.compile(rc.pattern, cscope, file, [...path, 'pattern'], 'channel');
    if (!pattern) return undefined;
    const messages: MessageFormat[] = [];
    (rc.messages ?? []).forEach((rm, mi) => {
      const mpath = [...path, 'messages', mi];
      const kinds = (['template', 'json', 'text', 'regex'] as const).filter((k) => rm[k] !== undefined);
      if (kinds.length !== 1) {
        this.report(
          kinds.length === 0 ? 'KS012' : 'KS010',
          file,
          mpath,
          kinds.length === 0
            ? `message '${rm.name}' needs one of template, json, text, regex`
            : `message '${rm.name}' has ${kinds.join(' and ')}; give exactly one`,
        );
        return;
      }
      const mscope = rm.where ? cscope.child(rm.where, `${q(rc.name)}.${rm.name}`, [...mpath, 'where']) : cscope;
      const k = kinds[0]!;
      let rawFormat: unknown;
      if (k === 'template') rawFormat = { template: rm.template };
      else if (k === 'json') rawFormat = rm.json === true ? 'json' : { json: rm.json };
      else if (k === 'text') rawFormat = 'text';
      else rawFormat = { regex: rm.regex };
      const fpath = k === 'template' || k === 'regex' ? mpath : mpath;
      const problems: FormatProblem[] = [];
      const format = parseFormat(rawFormat, mscope.formatContext(this, file, mpath), problems);
      for (const p of problems) this.report(p.rule, file, [...fpath, ...(p.path.length ? p.path.filter((x) => x !== '') : [k])], p.message);
      const examples = (rm.examples ?? []).map(String);
      if (problems.length === 0) {
        examples.forEach((ex, ei) => {
          const why = judgeValue(format, Buffer.from(ex));
          if (why) this.report('KS116', file, [...mpath, 'examples', ei], `example message does not fit '${rm.name}': ${why}`);
        });
      }
      messages.push({
        name: rm.name,
        format,
        examples,
        source: file.locate(mpath),
        ...(rm.description !== undefined ? { description: rm.description } : {}),
      });
    });
    this.checkDuplicates(
      messages.map((m, i) => ({ name: m.name, path: [...path, 'messages', i] })),
      file,
      'message',
    );
    for (const prop of ['publishers', 'subscribers'] as const) {
      (rc[prop] ?? []).forEach((s, i) => part.refs.push({ kind: 'service', name: q(s), file, path: [...path, prop, i] }));
    }
    const examples = (rc.examples ?? []).map(String);
    examples.forEach((ex, i) => {
      if (!matchPattern(pattern, ex))
        this.report('KS116', file, [...path, 'examples', i], `example '${ex}' does not match channel pattern '${pattern.text}'`);
    });
    return {
      name: q(rc.name),
      pattern,
      messages,
      publishers: (rc.publishers ?? []).map(q),
      subscribers: (rc.subscribers ?? []).map(q),
      requireSubscribers: rc.requireSubscribers ?? false,
      examples,
      shadows: (rc.shadows ?? []).map(q),
      probeSafe: rc.probeSafe ?? false,
      notes: rc.notes ?? [],
      source: file.locate(path),
      ...(rc.connectionDb !== undefined ? { connectionDb: rc.connectionDb } : {}),
      ...(rc.description !== undefined ? { description: rc.description } : {}),
      ...(ns ? { importedFrom: ns } : {}),
    };
  }

  checkFieldTtl(
    ttl: Extract<Spec['databases'][number]['keys'][number]['ttl'], { kind: 'byField' }>,
    rk: RawKey,
    fields: HashField[],
    file: SourceFile,
    kpath: DataPath,
  ): void {
    if (rk.type !== 'hash') {
      this.report('KS131', file, [...kpath, 'ttl', 'field'], `a field-dependent TTL needs a hash key, this one is a ${rk.type}`);
      return;
    }
    const field = fields.find((f) => f.literal && f.name === ttl.field);
    if (!field) {
      this.report('KS131', file, [...kpath, 'ttl', 'field'], `the TTL depends on field '${ttl.field}', which the key does not declare`);
      return;
    }
    const allowed =
      field.value.kind === 'enum' ? field.value.values : field.value.kind === 'boolean' ? [field.value.true, field.value.false] : undefined;
    const seen = new Map<string, number>();
    ttl.cases.forEach((c, ci) => {
      c.values.forEach((v, vi) => {
        if (allowed && !allowed.includes(v))
          this.report(
            'KS132',
            file,
            [...kpath, 'ttl', 'cases', ci, 'when', vi],
            `'${v}' is not a value of field '${ttl.field}' (${allowed.join(', ')})`,
          );
        if (seen.has(v))
          this.report('KS134', file, [...kpath, 'ttl', 'cases', ci, 'when', vi], `'${v}' already has a TTL in case ${seen.get(v)! + 1}`);
        else seen.set(v, ci);
      });
    });
    if (allowed && !ttl.default) {
      const missing = allowed.filter((v) => !seen.has(v));
      if (missing.length)
        this.report('KS133', file, [...kpath, 'ttl', 'field'], `no TTL case for ${ttl.field} = ${missing.map((m) => `'${m}'`).join(', ')}`);
    }
  }

  checkDuplicates(items: { name: string; path: DataPath }[], file: SourceFile, what: string): void {
    const seen = new Map<string, DataPath>();
    for (const it of items) {
      const prev = seen.get(it.name);
      if (prev) {
        const pos = file.locate(prev);
        this.report('KS101', file, [...it.path, 'name'], `duplicate ${what} name '${it.name}' (first declared at line ${pos.line})`);
      } else seen.set(it.name, it.path);
    }
  }

  checkOverlaps(
    items: {
      name: string;
      pattern: Pattern;
      shadows: string[];
      path: DataPath;
      file?: SourceFile;
      literal?: boolean;
      imported?: string;
      patternPath?: DataPath;
    }[],
    file: SourceFile,
    rule: 'KS120' | 'KS121' | 'KS122',
    what: string,
    describe: (a: string, b: string) => string,
  ): void {
    for (let i = 0; i < items.length; i++) {
      for (let j = i + 1; j < items.length; j++) {
        let a = items[i]!;
        let b = items[j]!;
        if (a.shadows.includes(b.name) || b.shadows.includes(a.name)) continue;
        // Two keys of one imported library were checked in the library itself.
        if (a.imported !== undefined && a.imported === b.imported) continue;
        // Blame a key declared here rather than one that came in through an import.
        if (b.imported !== undefined && a.imported === undefined) [a, b] = [b, a];
        const where = b.patternPath ?? [...b.path, b.literal ? 'name' : 'pattern'];
        if (a.pattern.text === b.pattern.text) {
          if (a.literal && b.literal) continue; // the same literal field twice: KS101
          if (rule === 'KS120')
            this.report('KS103', b.file ?? file, where, `pattern '${b.pattern.text}' is declared twice (also by '${a.name}')`);
          else
            this.report(rule, b.file ?? file, where, `${describe(`'${a.name}'`, `'${b.name}'`)} have the same pattern '${b.pattern.text}'`);
          continue;
        }
        let example: string | undefined;
        try {
          example = findOverlap(a.pattern, b.pattern);
        } catch (e) {
          if (!(e instanceof OverlapUndecidedError)) throw e;
          this.report('KS123', b.file ?? file, where, e.message);
          continue;
        }
        if (example !== undefined) {
          this.report(
            rule,
            b.file ?? file,
            where,
            `${describe(`'${a.name}' (${a.pattern.text})`, `'${b.name}' (${b.pattern.text})`)} can both match ${JSON.stringify(example)}`,
          );
        }
      }
    }
  }
}

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  if (v === null) return 'null';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'number') return Number.isInteger(v) ? 'an integer' : 'a number';
  return `a ${typeof v}`;
}

/** Type resolution: `where:` of the owner, then the file's `types:`, then built-ins. */
class TypeScope {
  private readonly resolved = new Map<string, PlaceholderType | null>();
  private readonly resolving = new Set<string>();

  constructor(
    private readonly b: Builder,
    private readonly file: SourceFile,
    private readonly raw: Record<string, RawNamedType>,
    private readonly q: (n: string) => string,
    private readonly used: Set<string>,
    private readonly parent?: TypeScope,
    private readonly basePath: DataPath = ['types'],
    private readonly owner?: string,
    private readonly imported: ReadonlyMap<string, PlaceholderType> = new Map(),
  ) {
    for (const name of Object.keys(raw)) this.resolve(name, false);
  }

  child(where: Record<string, RawNamedType>, owner: string, path: DataPath): TypeScope {
    return new TypeScope(this.b, this.file, where, this.q, new Set(), this, path, owner);
  }

  all(): PlaceholderType[] {
    return [...this.resolved.values()].filter((t): t is PlaceholderType => t !== null);
  }

  /** Is a type of this name declared (in this scope, a parent, imports or built-ins), even if broken? */
  isDeclared(name: string): boolean {
    if (Object.hasOwn(this.raw, name)) return true;
    if (this.parent) return this.parent.isDeclared(name);
    return this.imported.has(name) || name in BUILTIN_TYPES;
  }

  resolve(name: string, markUsed = true): PlaceholderType | undefined {
    if (Object.hasOwn(this.raw, name)) {
      if (markUsed) this.used.add(name);
      return this.define(name);
    }
    if (this.parent) return this.parent.resolve(name, markUsed);
    return this.imported.get(name) ?? BUILTIN_TYPES[name];
  }

  private define(name: string): PlaceholderType | undefined {
    const cached = this.resolved.get(name);
    if (cached !== undefined) return cached ?? undefined;
    if (this.resolving.has(name)) {
      this.b.report('KS110', this.file, [...this.basePath, name, 'type'], `type '${name}' is defined in terms of itself`);
      this.resolved.set(name, null);
      return undefined;
    }
    this.resolving.add(name);
    const t = this.build(name, this.raw[name]!);
    this.resolving.delete(name);
    this.resolved.set(name, t ?? null);
    return t;
  }

  private build(name: string, r: RawNamedType): PlaceholderType | undefined {
    const path = [...this.basePath, name];
    const kinds = TYPE_KIND_KEYS.filter((k) => r[k] !== undefined);
    const fullName = this.owner ? `${this.owner}.${name}` : this.q(name);
    if (kinds.length !== 1) {
      this.b.report(
        kinds.length === 0 ? 'KS012' : 'KS010',
        this.file,
        path,
        kinds.length === 0
          ? `type '${name}' needs one of ${TYPE_KIND_KEYS.join(', ')}`
          : `type '${name}' has ${kinds.join(' and ')}; give exactly one`,
        undefined,
        'key',
      );
      return undefined;
    }
    const kind = kinds[0]!;
    const base = {
      name: fullName,
      examples: (r.examples ?? []).map(String),
      source: this.file.locate(path),
      ...(r.description !== undefined ? { description: r.description } : {}),
    };
    let t: PlaceholderType | undefined;
    switch (kind) {
      case 'regex': {
        const problem = regexProblem(r.regex!);
        if (problem) {
          this.b.report('KS114', this.file, [...path, 'regex'], `invalid regex for type '${name}': ${problem}`);
          return undefined;
        }
        t = { ...base, kind: 'regex', regex: r.regex! };
        break;
      }
      case 'enum': {
        const values = (Array.isArray(r.enum) ? r.enum : []).map(String);
        if (values.length === 0) {
          this.b.report('KS117', this.file, [...path, 'enum'], `enum type '${name}' has no values`);
          return undefined;
        }
        t = { ...base, kind: 'enum', regex: enumRegex(values), values };
        break;
      }
      case 'integer': {
        const { min, max } = r.integer ?? {};
        if (min !== undefined && max !== undefined && min > max) {
          this.b.report('KS010', this.file, [...path, 'integer'], `min ${min} is greater than max ${max}`);
        }
        t = {
          ...base,
          kind: 'integer',
          regex: integerRegex(min, max),
          ...(min !== undefined ? { min } : {}),
          ...(max !== undefined ? { max } : {}),
        };
        break;
      }
      case 'type': {
        const target = r.type!;
        const other = target === name && this.parent ? this.parent.resolve(target) : this.resolve(target);
        if (!other) {
          const declared = target === name && this.parent ? this.parent.isDeclared(target) : this.isDeclared(target);
          if (!declared) this.b.report('KS110', this.file, [...path, 'type'], `type '${name}' refers to undefined type '${target}'`);
          return undefined;
        }
        t = { ...other, ...base, examples: base.examples.length ? base.examples : other.examples };
        break;
      }
      default: {
        const b = BUILTIN_TYPES[kind]!;
        t = { ...b, ...base, kind: b.kind, regex: b.regex, examples: base.examples.length ? base.examples : b.examples };
      }
    }
    t.examples.forEach((ex, i) => {
      if (!matchesType(t, ex)) this.b.report('KS116', this.file, [...path, 'examples', i], `example '${ex}' is not a valid ${name}`);
    });
    return t;
  }

  formatContext(b: Builder, file: SourceFile, base: DataPath = []): FormatContext {
    return {
      resolveType: (n) => this.resolve(n),
      isDeclared: (n) => this.isDeclared(n),
      compileTemplate: (text, path) => b.compile(text, this, file, [...base, ...path], 'template'),
    };
  }
}

// ---------------------------------------------------------------------------------------------

/** Loads, validates and builds a spec: the library entry point behind `keyspec validate`. */
export function loadSpec(entry: string, host: SpecHost): LoadResult {
  const b = new Builder(host);
  const part = b.buildFile(entry, '', [entry]);
  if (!part) return { diagnostics: b.diagnostics, sources: b.sources };
  const raw = (part as FilePart & { raw: RawSpec }).raw;
  const file = (part as FilePart & { file: SourceFile }).file;

  // Library keys in a library spec validated on its own: show them in a virtual DB -1.
  const databases = part.databases;
  b.checkDuplicates(
    databases.map((d, i) => ({ name: d.name, path: ['databases', i] })),
    file,
    'database',
  );
  const byIndex = new Map<number, number>();
  databases.forEach((d, i) => {
    const prev = byIndex.get(d.index);
    if (prev !== undefined) {
      b.report(
        'KS102',
        file,
        ['databases', i, 'index'],
        `database index ${d.index} is declared twice (also '${databases[prev]!.name}'); Redis has one keyspace per index`,
      );
    } else byIndex.set(d.index, i);
  });
  const keyPaths = (part as FilePart & { keyPaths?: Map<KeyPattern, DataPath> }).keyPaths ?? new Map<KeyPattern, DataPath>();
  databases.forEach((d, di) => {
    // Imported keys carry no path in this file; report their overlaps at the import's database node.
    const items = d.keys.map((k) => {
      const path = keyPaths.get(k) ?? ['databases', di];
      return k.importedFrom !== undefined
        ? { name: k.name, pattern: k.pattern, shadows: k.shadows, path, imported: k.importedFrom, patternPath: path }
        : { name: k.name, pattern: k.pattern, shadows: k.shadows, path };
    });
    b.checkDuplicates(
      items.filter((x) => !('imported' in x)),
      file,
      'key',
    );
    b.checkOverlaps(items, file, 'KS120', 'keys', (x, y) => `in database ${d.index}, key ${x} and key ${y}`);
  });

  const channels = part.channels;
  b.checkDuplicates(
    channels.filter((c) => c.file === file).map((c) => ({ name: c.channel.name, path: c.path })),
    file,
    'channel',
  );
  b.checkOverlaps(
    channels.map((c) => ({ name: c.channel.name, pattern: c.channel.pattern, shadows: c.channel.shadows, path: c.path, file: c.file })),
    file,
    'KS122',
    'channels',
    (x, y) => `channel ${x} and channel ${y}`,
  );
  b.checkDuplicates(
    part.services.filter((s) => s.file === file).map((s) => ({ name: s.service.name, path: s.path })),
    file,
    'service',
  );

  // Server.
  const server: ServerRequirements = { config: {}, notes: raw.server?.notes ?? [] };
  if (raw.server) {
    server.source = file.locate(['server']);
    if (raw.server.description !== undefined) server.description = raw.server.description;
    if (raw.server.minVersion !== undefined) {
      if (!/^\d+(\.\d+){0,2}$/.test(raw.server.minVersion))
        b.report('KS190', file, ['server', 'minVersion'], `'${raw.server.minVersion}' is not a Redis version`);
      server.minVersion = raw.server.minVersion;
    }
    if (raw.server.notifyKeyspaceEvents !== undefined) {
      const parsed = parseNotifyFlags(raw.server.notifyKeyspaceEvents);
      if (parsed.invalid.length)
        b.report(
          'KS141',
          file,
          ['server', 'notifyKeyspaceEvents'],
          `invalid notify-keyspace-events flag${parsed.invalid.length > 1 ? 's' : ''} ${parsed.invalid.map((c) => `'${c}'`).join(', ')}`,
        );
      else if (raw.server.notifyKeyspaceEvents !== '' && selectsNothing(parsed.flags)) {
        b.report(
          'KS142',
          file,
          ['server', 'notifyKeyspaceEvents'],
          `notify-keyspace-events '${raw.server.notifyKeyspaceEvents}' enables no events (K or E select a channel type, classes like h select events; both are needed)`,
        );
      }
      server.notifyKeyspaceEvents = { raw: raw.server.notifyKeyspaceEvents, flags: parsed.flags };
    }
    for (const [k, v] of Object.entries(raw.server.config ?? {})) server.config[k] = String(v);
  }

  // Env vars and connections.
  const env: EnvVar[] = Object.entries(raw.env ?? {}).map(([name, e]) => ({
    name,
    secret: e.secret ?? false,
    source: file.locate(['env', name], 'key'),
    ...(e.description !== undefined ? { description: e.description } : {}),
    ...(e.default !== undefined ? { default: String(e.default) } : {}),
    ...(e.example !== undefined ? { example: String(e.example) } : {}),
  }));
  const envNames = new Set(env.map((e) => e.name));
  const connections: Connection[] = (raw.connections ?? []).map((c, i) => {
    const cpath = ['connections', i];
    const envRefs: [string, DataPath][] = [
      ...(c.url ?? []).map((u, j): [string, DataPath] => [u, [...cpath, 'url', j]]),
      ...(['host', 'port', 'passwordFile', 'password'] as const).flatMap((k): [string, DataPath][] =>
        c[k] !== undefined ? [[c[k]!, [...cpath, k]]] : [],
      ),
      ...(c.db?.env !== undefined ? [[c.db.env, [...cpath, 'db', 'env']] as [string, DataPath]] : []),
    ];
    for (const [name, path] of envRefs) {
      if (!envNames.has(name)) b.report('KS171', file, path, `env var '${name}' is not declared under \`env:\``);
    }
    return { ...c, url: c.url ?? [], source: file.locate(cpath) } as Connection;
  });
  b.checkDuplicates(
    connections.map((c, i) => ({ name: c.name, path: ['connections', i] })),
    file,
    'connection',
  );

  // Notifications: resolve db and key, and check the server flags enable what they need.
  const notifications: NotificationConsumer[] = [];
  for (const entry of part.notifications) {
    const n = entry.n;
    const dbRef = (entry as { dbRef?: string | number }).dbRef;
    const db = databases.find((d) => d.index === dbRef || d.name === dbRef || d.aliases.includes(String(dbRef)));
    if (!db) {
      b.report(
        'KS171',
        entry.file,
        [...entry.path, 'db'],
        `notification consumer '${n.name}' watches database '${String(dbRef)}', which is not declared`,
      );
      continue;
    }
    n.db = db.index;
    if (entry.keyRef !== undefined) {
      const key = db.keys.find((k) => k.name === entry.keyRef || k.id === entry.keyRef);
      if (!key) b.report('KS171', entry.file, [...entry.path, 'key'], `database ${db.index} has no key pattern '${entry.keyRef}'`);
      else n.key = key.id;
    }
    const needed = consumerFlags(
      n.channel,
      n.events.filter((e) => 'g$lshzxetdmnA'.includes(e)),
    );
    const have = server.notifyKeyspaceEvents?.flags ?? [];
    const missing = missingFlags(needed.flags, have);
    if (missing.length) {
      b.report(
        'KS140',
        entry.file,
        [...entry.path, 'events'],
        `consumer '${n.name}' needs notify-keyspace-events flags '${formatFlags(missing)}', which server.notifyKeyspaceEvents ('${server.notifyKeyspaceEvents?.raw ?? ''}') does not enable`,
        `Set server.notifyKeyspaceEvents to include '${formatFlags(needed.flags)}'.`,
      );
    }
    notifications.push(n);
  }
  b.checkDuplicates(
    part.notifications.filter((x) => x.file === file).map((x) => ({ name: x.n.name, path: x.path })),
    file,
    'notification',
  );

  // A library validated on its own: its unbound keys in a virtual database so tools can show them.
  if (part.kind === 'library' && part.unboundKeys.length) {
    databases.push({
      index: -1,
      name: '(library)',
      aliases: [],
      keys: part.unboundKeys.map((u) => u.key),
      notes: [],
      source: file.locate(['keys']),
    });
  }

  // References.
  const services = part.services.map((s) => s.service);
  const serviceNames = new Set(services.map((s) => s.name));
  const allKeys = databases.flatMap((d) => d.keys);
  const resolveKey = (name: string): KeyPattern | undefined => {
    const exact = allKeys.filter((k) => k.name === name);
    if (exact.length === 1) return exact[0];
    return allKeys.find((k) => k.id === name);
  };
  const channelNames = new Set(channels.map((c) => c.channel.name));
  const connectionNames = new Set(connections.map((c) => c.name));
  for (const r of part.refs) {
    if (r.kind === 'service' && !serviceNames.has(r.name)) {
      b.report('KS170', r.file, r.path, `service '${r.name}' is not declared`, closestHint(r.name, [...serviceNames]));
    } else if (r.kind === 'key' && !resolveKey(r.name)) {
      b.report(
        'KS171',
        r.file,
        r.path,
        `no key pattern '${r.name}' (use <database>.<key> or a unique key name)`,
        closestHint(
          r.name,
          allKeys.map((k) => k.id),
        ),
      );
    } else if (r.kind === 'channel' && !channelNames.has(r.name)) {
      b.report('KS171', r.file, r.path, `no channel '${r.name}'`, closestHint(r.name, [...channelNames]));
    } else if (r.kind === 'env' && r.file === file && !envNames.has(r.name)) {
      b.report('KS171', r.file, r.path, `env var '${r.name}' is not declared under \`env:\``, closestHint(r.name, [...envNames]));
    } else if (r.kind === 'connection' && !connectionNames.has(r.name)) {
      b.report('KS171', r.file, r.path, `no connection '${r.name}'`, closestHint(r.name, [...connectionNames]));
    }
  }

  // Service contracts: probes write only to probe-safe keys and channels, with params that fit.
  for (const sv of services) {
    for (const probe of sv.contract?.probes ?? []) {
      const pf = (probe as Probe & { file: SourceFile }).file;
      const pp = (probe as Probe & { path: DataPath }).path;
      const fits = (pattern: Pattern, params: Record<string, string>, what: string, path: DataPath): void => {
        for (const part2 of pattern.parts) {
          if (part2.kind !== 'placeholder') continue;
          const v = params[part2.name];
          if (v === undefined)
            b.report('KS174', pf, path, `probe '${probe.name}' gives no value for {${part2.name}} of ${what} '${pattern.text}'`);
          else if (!matchesType(part2.type, v))
            b.report(
              'KS174',
              pf,
              path,
              `probe '${probe.name}': '${v}' is not a valid {${part2.name}} (${part2.type.name}) for ${what} '${pattern.text}'`,
            );
        }
      };
      if (sv.contract?.websocket) fits(sv.contract.websocket, probe.params, 'the WebSocket path', [...pp, 'params']);
      const t = probe.trigger;
      if (t.kind === 'publish') {
        const ch = channels.find((c) => c.channel.name === t.channel)?.channel;
        if (!ch)
          b.report('KS171', pf, [...pp, 'publish', 'channel'], `no channel '${t.channel}'`, closestHint(t.channel, [...channelNames]));
        else {
          if (!ch.probeSafe) b.report('KS173', pf, [...pp, 'publish', 'channel'], `channel '${ch.name}' is not marked probeSafe`);
          fits(ch.pattern, probe.params, 'channel', [...pp, 'params']);
          const m = ch.messages.find((x) => x.name === t.message);
          if (!m)
            b.report(
              'KS171',
              pf,
              [...pp, 'publish', 'message'],
              `channel '${ch.name}' has no message format '${t.message}'`,
              closestHint(
                t.message,
                ch.messages.map((x) => x.name),
              ),
            );
          else if (m.format.kind === 'template') fits(m.format.pattern, t.params, 'message', [...pp, 'publish', 'params']);
          else if (t.text === undefined)
            b.report('KS174', pf, [...pp, 'publish'], `probe '${probe.name}' needs \`text:\` for the ${m.format.kind} message '${m.name}'`);
        }
      } else if (t.key !== '') {
        const key = resolveKey(t.key);
        if (!key)
          b.report(
            'KS171',
            pf,
            [...pp, 'hset', 'key'],
            `no key pattern '${t.key}'`,
            closestHint(
              t.key,
              allKeys.map((k) => k.id),
            ),
          );
        else {
          t.key = key.id;
          if (!key.probeSafe) b.report('KS173', pf, [...pp, 'hset', 'key'], `key pattern '${key.id}' is not marked probeSafe`);
          if (key.type !== 'hash') b.report('KS174', pf, [...pp, 'hset', 'key'], `'${key.id}' is a ${key.type}, not a hash`);
          else if (!key.fields.some((f) => matchPattern(f.pattern, t.field)) && !key.additionalFields)
            b.report('KS174', pf, [...pp, 'hset', 'field'], `'${t.field}' is not a field of '${key.id}'`);
          fits(key.pattern, probe.params, 'key', [...pp, 'params']);
        }
      }
    }
  }

  // Merge readers/writers both ways: key.writers <-> service.writes, channel.publishers <-> service.publishes.
  for (const s of services) {
    s.reads = s.reads.map((r) => resolveKey(r)?.id ?? r);
    s.writes = s.writes.map((r) => resolveKey(r)?.id ?? r);
  }
  for (const k of allKeys) {
    for (const s of services) {
      if (s.writes.includes(k.id) && !k.writers.includes(s.name)) k.writers.push(s.name);
      if (s.reads.includes(k.id) && !k.readers.includes(s.name)) k.readers.push(s.name);
      if (k.writers.includes(s.name) && !s.writes.includes(k.id)) s.writes.push(k.id);
      if (k.readers.includes(s.name) && !s.reads.includes(k.id)) s.reads.push(k.id);
    }
  }
  for (const { channel: c } of channels) {
    for (const s of services) {
      if (s.publishes.includes(c.name) && !c.publishers.includes(s.name)) c.publishers.push(s.name);
      if (s.subscribes.includes(c.name) && !c.subscribers.includes(s.name)) c.subscribers.push(s.name);
      if (c.publishers.includes(s.name) && !s.publishes.includes(c.name)) s.publishes.push(c.name);
      if (c.subscribers.includes(s.name) && !s.subscribes.includes(c.name)) s.subscribes.push(c.name);
    }
  }
  for (const s of part.services) {
    const sv = s.service;
    if (
      s.file === file &&
      !sv.reads.length &&
      !sv.writes.length &&
      !sv.publishes.length &&
      !sv.subscribes.length &&
      !sv.actsAs.length &&
      !part.notifications.some((x) => x.n.service === sv.name)
    ) {
      b.report('KS172', s.file, [...s.path, 'name'], `service '${sv.name}' reads, writes, publishes and subscribes to nothing`);
    }
  }

  const spec: Spec = {
    name: raw.name,
    kind: part.kind,
    notes: raw.notes ?? [],
    files: [...new Set(b.files)],
    types: part.types,
    server,
    env,
    connections,
    databases: [...databases].sort((x, y) => x.index - y.index),
    channels: channels.map((c) => c.channel),
    notifications,
    services,
    imports: (raw.imports ?? []).map((imp, i) => ({
      as: imp.as,
      spec: imp.spec,
      source: file.locate(['imports', i]),
      ...(typeof imp.database === 'number'
        ? { database: imp.database }
        : imp.database !== undefined
          ? { database: databases.find((d) => d.name === imp.database)?.index ?? -1 }
          : {}),
    })),
    ...(raw.title !== undefined ? { title: raw.title } : {}),
    ...(raw.description !== undefined ? { description: raw.description } : {}),
  };
  return { spec, diagnostics: b.diagnostics, sources: b.sources };
}

function closestHint(name: string, candidates: string[]): string | undefined {
  const best = closest(name, candidates);
  return best ? `Did you mean '${best}'?` : undefined;
}
