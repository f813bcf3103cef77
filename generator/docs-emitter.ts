/**
 * The Markdown docs emitter: a reviewer-friendly description of the keyspace, rendered from a
 * handlebars template over a view model computed here (pure). Every item links back to its spec line.
 */
import { posix } from 'node:path';
import { readAsset } from './assets.ts';
import Handlebars from 'handlebars';
import type { Database, Deployment, KeyPattern, Pattern, ServerFeature, SourcePos, Spec, ValueFormat } from '../spec/index.ts';
import {
  describeFormat,
  describeTtl,
  examplePattern,
  exampleFor,
  fieldsOf,
  keyOf,
  keySlot,
  originId,
  originOf,
  PROVIDER_INFO,
  SERVER_FEATURES,
} from '../spec/index.ts';
import type { EmitContext, Emitter, GeneratedFile } from './emitter.ts';

const TEMPLATE = 'templates/keyspace.md.hbs';
let compiled: HandlebarsTemplateDelegate | undefined;

function template(): HandlebarsTemplateDelegate {
  compiled ??= Handlebars.create().compile(readAsset(TEMPLATE), { noEscape: true, strict: false });
  return compiled;
}

export const docsEmitter: Emitter = {
  name: 'docs',
  emit(ctx: EmitContext): GeneratedFile[] {
    return [
      {
        path: 'README.md',
        contents: template()(docsViewModel(ctx))
          .replace(/[ \t]+$/gm, '')
          .replace(/\n{3,}/g, '\n\n'),
      },
    ];
  },
};

// ------------------------------------------------------------------------------------------------
// Markdown helpers

/** Text safe inside a table cell: one line, pipes escaped. */
export function cell(md: string | undefined): string {
  if (!md) return '';
  return md
    .trim()
    .replace(/\|/g, '\\|')
    .replace(/\s*\n\s*\n\s*/g, '<br><br>')
    .replace(/\s*\n\s*/g, ' ');
}

/** First paragraph of Markdown, as a table cell. */
function summary(md: string | undefined): string {
  if (!md) return '';
  const para = md.trim().split(/\n\s*\n/)[0] ?? '';
  return cell(para);
}

export function code(text: string): string {
  if (!text.includes('`')) return `\`${text}\``;
  return `\`\` ${text} \`\``;
}

function list(items: readonly string[], fmt: (s: string) => string = (s) => s): string {
  return items.length ? items.map(fmt).join(', ') : '—';
}

/** Single-quoted for POSIX shells. */
export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:@%+=-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

function globOf(p: Pattern): string {
  return p.parts.map((x) => (x.kind === 'literal' ? x.text.replace(/[*?[\]\\]/g, (c) => `\\${c}`) : '*')).join('');
}

function anchor(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** GitHub-style heading anchors: the same slug again gets -1, -2, ... in document order. */
class Slugger {
  private readonly seen = new Map<string, number>();
  slug(heading: string): string {
    const base = anchor(heading);
    const n = this.seen.get(base);
    this.seen.set(base, (n ?? -1) + 1);
    return n === undefined ? base : `${base}-${n + 1}`;
  }
}

function formatCell(f: ValueFormat | undefined): string {
  if (!f) return '—';
  if (f.kind === 'json' && f.schema && typeof f.schema === 'object') {
    const props = Object.keys(((f.schema as { properties?: object }).properties ?? {}) as object);
    return cell(props.length ? `JSON object: ${props.map((p) => code(p)).join(', ')}` : 'JSON (with schema)');
  }
  return cell(describeFormat(f).replace(/`([^`]*)`/g, (_m, t: string) => code(t)));
}

// ------------------------------------------------------------------------------------------------

export function docsViewModel(ctx: EmitContext): Record<string, unknown> {
  const { spec, outDir } = ctx;
  const link = (src: SourcePos): string => `${posix.relative(outDir, src.file.split('\\').join('/'))}#L${src.line}`;
  // Headings in document order, so that repeated slugs get GitHub's -1, -2 suffixes.
  const slugger = new Slugger();
  for (const h of [
    spec.title ?? spec.name,
    'Databases',
    'Server requirements',
    'Connections and environment',
    ...spec.connections.map((c) => `Connection ${c.name}`),
    'Services',
  ])
    slugger.slug(h);
  const dbAnchor = (db: Database): string => slugger.slug(`DB ${db.index}: ${db.name}`);
  const keyAnchor = (_db: Database, k: KeyPattern): string => slugger.slug(k.pattern.text);
  const flags = spec.server.notifyKeyspaceEvents;

  const corrections: { item: string; text: string }[] = [];
  const collect = (item: string, notes: readonly string[]): void => {
    for (const n of notes) if (/^the hand-made note/i.test(n.trim())) corrections.push({ item, text: cell(n) });
  };
  collect('The spec', spec.notes);
  collect('Server', spec.server.notes);

  const databases = spec.databases.map((db) => {
    const dbSlug = dbAnchor(db);
    collect(`DB ${db.index} (${db.name})`, db.notes);
    const writers = [...new Set(db.keys.flatMap((k) => k.writers))].sort();
    const readers = [...new Set(db.keys.flatMap((k) => k.readers))].sort();
    // Each key's anchor, taken once (in key order) so references can link to it.
    const anchors = new Map(db.keys.map((k) => [k, keyAnchor(db, k)]));
    const keys = db.keys.map((k) => {
      const itemName = `${code(k.pattern.text)} (DB ${db.index})`;
      collect(itemName, k.notes);
      for (const f of fieldsOf(k)) collect(`${itemName} field ${code(f.name)}`, f.notes);
      const src = originOf(spec, originId.key(k.id));
      return {
        pattern: k.pattern.text,
        anchor: anchors.get(k)!,
        type: typeCell(k),
        ttl: cell(describeTtl(k.ttl).replace(/`([^`]*)`/g, (_m, t: string) => code(t))),
        value:
          k.type === 'module' || k.logical === 'bitmap' || k.logical === 'hyperloglog'
            ? '—'
            : k.type === 'string'
              ? formatCell(k.value)
              : k.type === 'hash'
                ? `${k.fields.length} field${k.fields.length === 1 ? '' : 's'}`
                : k.type === 'stream'
                  ? 'entries'
                  : formatCell(k.member),
        writers: list(k.writers),
        readers: list(k.readers),
        example: code(k.examples[0] ?? examplePattern(k.pattern)),
        file: src.file,
        line: src.line,
        link: link(src),
        importedFrom: k.importedFrom,
        probeSafe: k.probeSafe,
        slotGroup: k.slotGroup
          ? `slot group ${code(k.slotGroup)} (hash tag ${code(`{${db.slotGroups.find((g) => g.name === k.slotGroup)?.tag ?? ''}}`)})`
          : undefined,
        description: k.description?.trim(),
        member: k.type === 'list' || k.type === 'set' || k.type === 'zset' ? formatCell(k.member) : undefined,
        score: k.type === 'zset' ? formatCell(k.score) : undefined,
        fields: fieldsOf(k).map((f) => ({
          name: f.name,
          value: formatCell(f.value),
          required: f.required ? 'yes' : 'no',
          ttl: f.ttl ? cell(describeTtl(f.ttl).replace(/`([^`]*)`/g, (_m, t: string) => code(t))) : '—',
          description: summary(f.description),
        })),
        /** Some field has its own TTL (hash-field expiration): the field table gets a TTL column. */
        fieldTtls: fieldsOf(k).some((f) => f.ttl !== undefined),
        entryCases:
          k.type === 'stream' && k.entryCases
            ? k.entryCases.cases.map((c) => ({
                when: c.values.map((v) => code(`${k.entryCases!.field}: ${v}`)).join(', '),
                fields: list(c.fields.map((f) => `${code(f.name)}${f.required ? ' (required)' : ''}: ${formatCell(f.value)}`)),
                description: summary(c.description),
              }))
            : undefined,
        references: refsOf(k).map(({ where, ref }) => {
          const target = db.keys.find((x) => x.id === ref.key);
          const to = target ? `[${code(target.pattern.text)}](#${anchors.get(target)!})` : code(ref.key);
          return `${where} → ${to} (${ref.by ? `the value is its ${code(`{${ref.by}}`)}` : 'the value is the key name'})`;
        }),
        referencedBy: db.keys.flatMap((x) =>
          refsOf(x)
            .filter((r) => r.ref.key === k.id)
            .map((r) => `[${code(x.pattern.text)}](#${anchors.get(x)!}) ${r.where}`),
        ),
        notes: k.notes.map((n) => n.trim()),
      };
    });
    return {
      index: db.index,
      name: db.name,
      anchor: dbSlug,
      aliases: db.aliases.join('`, `'),
      purpose: cell(db.purpose ?? summary(db.description)),
      writers: list(writers),
      readers: list(readers),
      keyCount: db.keys.length,
      slotGroups: db.slotGroups.map((g) => {
        const members = g.keys.flatMap((id) => db.keys.filter((k) => k.id === id));
        const tagType = members.flatMap((k) => k.pattern.parts).find((p) => p.kind === 'placeholder' && p.name === g.tag);
        const value = tagType?.kind === 'placeholder' ? exampleFor(tagType.type) : undefined;
        const examples = value === undefined ? [] : members.flatMap((k) => keyOf(k.pattern, { [g.tag]: value }) ?? []);
        return {
          name: g.name,
          tag: code(`{${g.tag}}`),
          keys: list(
            members.map((k) => k.name),
            code,
          ),
          example: examples.length ? cell(`${examples.map(code).join(', ')}: slot ${[...new Set(examples.map(keySlot))].join(', ')}`) : '—',
          description: summary(g.description),
        };
      }),
      description: db.description?.trim(),
      notes: db.notes.map((n) => n.trim()),
      keys,
    };
  });

  const env = spec.env.map((e) => ({
    name: e.name,
    default: e.default !== undefined ? code(e.secret ? '***' : e.default) : '—',
    description: cell(`${e.description ?? ''}${e.secret ? ' *(secret)*' : ''}`),
  }));

  const connections = spec.connections.map((c) => {
    const steps: string[] = [];
    if (c.url.length) steps.push(`the first set of ${c.url.map(code).join(', ')} (its \`/db\` path replaced by the database)`);
    if (c.host || c.port) steps.push(`else \`redis://$${c.host ?? 'localhost'}:$${c.port ?? '6379'}\``);
    if (c.passwordFile || c.password)
      steps.push(
        `password from ${[c.passwordFile && `the file named by ${code(c.passwordFile)}`, c.password && code(c.password)].filter(Boolean).join(' or ')}`,
      );
    if (c.db) steps.push(`database ${c.db.env ? `from ${code(c.db.env)}, default ` : ''}${c.db.default ?? ''}`.trim());
    return {
      name: c.name,
      description: c.description?.trim(),
      resolution: `URL: ${steps.join('; ')}.`,
      link: link(originOf(spec, originId.connection(c.name))),
    };
  });

  const services = spec.services.map((s) => ({
    name: s.name,
    description: s.description ? s.description.trim().replace(/\n/g, '\n  ') : undefined,
    module: s.module,
    kind: s.kind ?? '',
    reads: list(s.reads, code),
    writes: list(s.writes, code),
    publishes: list(s.publishes, code),
    subscribes: list(
      [...s.subscribes, ...spec.notifications.filter((n) => n.service === s.name).map((n) => `__keyspace@${n.db}__ (${n.name})`)],
      code,
    ),
  }));

  const contracts = spec.services.flatMap((sv) =>
    (sv.contract?.probes ?? []).map((p) => ({
      service: sv.name,
      websocket: sv.contract?.websocket ? code(sv.contract.websocket.text) : '—',
      probe: p.name,
      trigger: cell(
        p.trigger.kind === 'publish'
          ? `PUBLISH a \`${p.trigger.message}\` message on \`${p.trigger.channel}\``
          : `HSET \`${p.trigger.field}\` on \`${p.trigger.key}\``,
      ),
      expect: cell(p.expect.equals !== undefined ? code(JSON.stringify(p.expect.equals)) : 'a frame matching its JSON Schema'),
    })),
  );

  const serverRows: { name: string; value: string }[] = [];
  if (spec.server.minVersion) serverRows.push({ name: 'Redis version', value: `≥ ${spec.server.minVersion}` });
  if (flags)
    serverRows.push({
      name: '`notify-keyspace-events`',
      value: `must include ${code(flags.raw)} (as a set of flags: ${flags.flags.map(code).join(' ')}; a superset such as \`AKE\` passes)`,
    });
  for (const [k, v] of Object.entries(spec.server.config)) serverRows.push({ name: code(k), value: code(v) });
  serverRows.push({ name: 'Deployment', value: cell(describeDeployment(spec.deployment)) });

  const channels = spec.channels.map((ch) => {
    collect(`channel ${code(ch.pattern.text)}`, ch.notes);
    return {
      pattern: ch.pattern.text,
      description: ch.description?.trim(),
      publishers: list(ch.publishers),
      subscribers: list(ch.subscribers),
      connectionDb: ch.connectionDb,
      sharded: ch.sharded,
      file: originOf(spec, originId.channel(ch.name)).file,
      line: originOf(spec, originId.channel(ch.name)).line,
      link: link(originOf(spec, originId.channel(ch.name))),
      notes: ch.notes.map((n) => n.trim()),
      messages: ch.messages.map((m) => ({
        name: m.name,
        format: m.format.kind === 'template' ? code(m.format.pattern.text) : formatCell(m.format),
        example:
          m.examples[0] !== undefined ? code(m.examples[0]) : m.format.kind === 'template' ? code(examplePattern(m.format.pattern)) : '',
      })),
    };
  });

  const notifications = spec.notifications.map((n) => {
    const need = `${n.channel === 'keyspace' ? 'K' : 'E'}${n.events.join('')}`;
    const have = new Set(flags?.flags ?? []);
    const expanded = [...need].flatMap((c) => (c === 'A' ? [...'g$lshzxetd'] : [c]));
    return {
      name: n.name,
      service: n.service ?? '—',
      watches: `${code(`__${n.channel}@${n.db}__:${n.channel === 'keyspace' ? '*' : '<event>'}`)}${n.key ? ` (${code(n.key)})` : ''}`,
      events: need,
      enabled: expanded.every((c) => have.has(c)) ? 'yes' : '**no**',
    };
  });

  const usedTypes = new Map<string, { name: string; matches: string; examples: string; description: string }>();
  const addType = (p: Pattern): void => {
    for (const part of p.parts) {
      if (part.kind !== 'placeholder' || usedTypes.has(part.type.name)) continue;
      const t = part.type;
      usedTypes.set(t.name, {
        name: t.name,
        matches:
          t.kind === 'enum'
            ? cell((t.values ?? []).map(code).join(' '))
            : t.kind === 'integer'
              ? `integer${t.min !== undefined ? ` ≥ ${t.min}` : ''}${t.max !== undefined ? ` ≤ ${t.max}` : ''}`
              : t.except && t.exceptFrom !== undefined
                ? cell(`${code(`/${t.exceptFrom}/`)} except ${t.except.map(code).join(' ')}`)
                : cell(code(`/${t.regex}/`)),
        examples: cell((t.examples.length ? t.examples : [exampleFor(t)]).slice(0, 3).map(code).join(' ')),
        description: summary(t.description),
      });
    }
  };
  for (const db of spec.databases)
    for (const k of db.keys) {
      addType(k.pattern);
      for (const f of fieldsOf(k)) addType(f.pattern);
    }
  for (const ch of spec.channels) {
    addType(ch.pattern);
    for (const m of ch.messages) if (m.format.kind === 'template') addType(m.format.pattern);
  }
  const types = [...usedTypes.values()].sort((a, b) => a.name.localeCompare(b.name));

  return {
    title: spec.title ?? spec.name,
    description: spec.description?.trim() ?? '',
    notes: spec.notes.filter((n) => !/^the hand-made note/i.test(n.trim())).map((n) => cell(n)),
    databases,
    undeclaredNote: `Any other database is unused: \`keyspec check\` reports keys found in it.`,
    server: { description: spec.server.description?.trim(), rows: serverRows, notes: spec.server.notes.map((n) => n.trim()) },
    deployment: spec.deployment.declared ? deploymentView(spec.deployment) : undefined,
    env,
    connections,
    services,
    contracts,
    mermaid: mermaid(spec),
    channels,
    notifications,
    types,
    cli: cliCookbook(spec),
    corrections,
  };
}

// ------------------------------------------------------------------------------------------------

const LAYOUTS = {
  native: 'each database selected by its index',
  'per-endpoint': 'each database on its own endpoint (DB 0 of its own connection)',
  prefixed: 'every database in DB 0, its keys under its own prefix',
} as const;

function describeDeployment(d: Deployment): string {
  const engine = `${d.engine === 'valkey' ? 'Valkey' : 'Redis'}${d.version ? ` ${d.version}` : ''}`;
  const what = `${d.mode} ${engine}, ${d.provider === 'self-hosted' ? 'self-hosted' : PROVIDER_INFO[d.provider].title}`;
  if (!d.declared) return `${what} (the default: the spec declares no \`deployment:\`)`;
  return `${what}; ${d.databases ? LAYOUTS[d.databases] : 'databases not placed'}`;
}

const FEATURE_TITLES: Record<ServerFeature, string> = {
  'config-get': 'CONFIG GET',
  'config-set': 'CONFIG SET',
  acl: 'ACL',
  monitor: 'MONITOR',
  debug: 'DEBUG',
  scripts: 'Scripts (EVAL, FCALL)',
  'keyspace-notifications': 'Keyspace notifications',
  'multiple-databases': 'Several databases',
  'cluster-mode': 'Cluster mode',
};

function deploymentView(d: Deployment): Record<string, unknown> {
  return {
    description: d.description?.trim(),
    notes: d.notes.map((n) => n.trim()),
    placements: d.placements.map((p) => ({
      db: p.db,
      name: p.name,
      select: p.select,
      prefix: p.prefix ? code(p.prefix) : '—',
      connection: p.connection ? code(p.connection) : 'default',
    })),
    limits: SERVER_FEATURES.filter((f) => d.limits[f].support !== 'yes').map((f) => ({
      feature: FEATURE_TITLES[f],
      support: d.limits[f].support,
      note: cell(d.limits[f].note),
    })),
  };
}

type RefFormat = Extract<ValueFormat, { kind: 'ref' }>;

/** The references a key's values make (`ref:` formats), with where the value sits. */
export function refsOf(k: KeyPattern): { where: string; ref: RefFormat }[] {
  const out: { where: string; ref: RefFormat }[] = [];
  const walk = (where: string, f: ValueFormat): void => {
    if (f.kind === 'ref') out.push({ where, ref: f });
    else if (f.kind === 'anyOf') f.formats.forEach((x) => walk(where, x));
  };
  if (k.type === 'string') walk('value', k.value);
  else if (k.type === 'hash' || k.type === 'stream') {
    for (const f of k.fields) walk(`field ${code(f.name)}`, f.value);
    if (k.type === 'stream') for (const c of k.entryCases?.cases ?? []) for (const f of c.fields) walk(`field ${code(f.name)}`, f.value);
  } else if (k.type !== 'module') {
    walk('members', k.member);
    if (k.type === 'zset') walk('scores', k.score);
  }
  return out;
}

function mermaid(spec: Spec): string {
  // Node ids by position: names like `rq-worker` and `rq.worker` must not collide.
  const svcIndex = new Map(spec.services.map((s, i) => [s.name, i]));
  const chIndex = new Map(spec.channels.map((c, i) => [c.name, i]));
  const id = (s: string): string => String(svcIndex.get(s) ?? chIndex.get(s) ?? s.replace(/[^A-Za-z0-9_]/g, '_'));
  const label = (s: string): string => s.replace(/"/g, '#quot;').replace(/\{/g, '#123;').replace(/\}/g, '#125;');
  const lines = ['flowchart LR'];
  for (const s of spec.services) lines.push(`  svc_${id(s.name)}["${label(s.name)}"]`);
  for (const db of spec.databases) lines.push(`  db_${db.index}[("DB ${db.index} ${label(db.name)}")]`);
  for (const ch of spec.channels) lines.push(`  ch_${id(ch.name)}{{"${label(ch.pattern.text)}"}}`);
  const dbOf = (keyId: string): number | undefined => spec.databases.find((d) => d.keys.some((k) => k.id === keyId))?.index;
  const edges = new Set<string>();
  for (const s of spec.services) {
    for (const k of s.writes) {
      const d = dbOf(k);
      if (d !== undefined) edges.add(`  svc_${id(s.name)} -->|writes| db_${d}`);
    }
    for (const k of s.reads) {
      const d = dbOf(k);
      if (d !== undefined && !s.writes.some((w) => dbOf(w) === d)) edges.add(`  db_${d} -.->|read by| svc_${id(s.name)}`);
    }
    for (const c of s.publishes) edges.add(`  svc_${id(s.name)} -->|publishes| ch_${id(c)}`);
    for (const c of s.subscribes) edges.add(`  ch_${id(c)} -.->|subscribed by| svc_${id(s.name)}`);
    for (const a of s.actsAs) if (svcIndex.has(a)) edges.add(`  svc_${id(s.name)} -.->|acts as| svc_${id(a)}`);
  }
  for (const n of spec.notifications) if (n.service) edges.add(`  db_${n.db} -.->|keyspace events| svc_${id(n.service)}`);
  // References between keys: a node for each key that refers or is referred to, an edge per reference.
  const keys = spec.databases.flatMap((d) => d.keys);
  const keyNode = new Map<string, string>();
  const node = (keyId: string): string => {
    let n = keyNode.get(keyId);
    if (n === undefined) {
      n = `key_${keyNode.size}`;
      keyNode.set(keyId, n);
      const k = keys.find((x) => x.id === keyId);
      lines.push(`  ${n}["${label(k?.pattern.text ?? keyId)}"]`);
    }
    return n;
  };
  for (const k of keys)
    for (const { where, ref } of refsOf(k)) edges.add(`  ${node(k.id)} -->|"ref: ${label(where.replace(/`/g, ''))}"| ${node(ref.key)}`);
  lines.push(...[...edges]);
  return lines.join('\n');
}

function inspectCommands(n: string, k: KeyPattern, key: string): string[] {
  const q = shellQuote(key);
  switch (k.type) {
    case 'string':
      if (k.logical === 'hyperloglog') return [`${n} PFCOUNT ${q}`, `${n} GETRANGE ${q} 0 3   # HYLL`];
      if (k.logical === 'bitmap') return [`${n} BITCOUNT ${q}`, `${n} STRLEN ${q}`];
      return [`${n} GET ${q}`, `${n} STRLEN ${q}`];
    case 'hash': {
      const expiring = k.fields.find((f) => f.literal && f.ttl !== undefined);
      return [
        `${n} HSCAN ${q} 0 COUNT 100`,
        ...(k.fields.find((f) => f.literal) ? [`${n} HGET ${q} ${shellQuote(k.fields.find((f) => f.literal)!.name)}`] : []),
        ...(expiring
          ? [`${n} HTTL ${q} FIELDS 1 ${shellQuote(expiring.name)}   # field TTL: ${describeTtl(expiring.ttl!)} (Redis 7.4+)`]
          : []),
      ];
    }
    case 'list':
      return [`${n} LRANGE ${q} 0 9`, `${n} LLEN ${q}`];
    case 'set':
      return [`${n} SSCAN ${q} 0 COUNT 100`, `${n} SCARD ${q}`];
    case 'zset':
      return [`${n} ZRANGE ${q} 0 9 WITHSCORES`, `${n} ZCARD ${q}`];
    case 'stream':
      return [`${n} XRANGE ${q} - + COUNT 10`, `${n} XLEN ${q}`];
    case 'module':
      return [`${n} TYPE ${q}`, `${n} MEMORY USAGE ${q}`];
  }
}

/** The type column: the Redis type, or a logical type with the Redis type it is stored as. */
function typeCell(k: KeyPattern): string {
  if (k.type === 'module') return `${k.logical} (module type ${code(k.moduleType)})`;
  return k.logical ? `${k.logical} (${k.type})` : k.type;
}

function cliCookbook(spec: Spec): { title: string; commands: string }[] {
  const out: { title: string; commands: string }[] = [];
  const flags = spec.server.notifyKeyspaceEvents;
  const dep = spec.deployment;
  const configGet = dep.limits['config-get'];
  const config = (name: string, comment: string): string =>
    configGet.support === 'no'
      ? `# CONFIG GET ${name}: not available (${configGet.note})${comment}`
      : `redis-cli CONFIG GET ${name}${comment}`;
  out.push({
    title: 'Server',
    commands: [
      'redis-cli INFO server | grep redis_version',
      config('notify-keyspace-events', flags ? `   # must include the flags ${flags.raw} (any order; A = g$lshzxetd)` : ''),
      ...Object.keys(spec.server.config).map((k) => config(k, `   # expect ${spec.server.config[k]}`)),
    ].join('\n'),
  });
  for (const db of spec.databases) {
    if (db.index < 0 || db.keys.length === 0) continue;
    // Where the database lives: its SELECT number and key prefix on the deployment (a cluster: -c).
    const place = dep.placements.find((p) => p.db === db.index);
    const select = place?.select ?? db.index;
    const prefix = place?.prefix ?? '';
    const n = `redis-cli${dep.mode === 'cluster' ? ' -c' : ''} -n ${select}`;
    const lines: string[] = [];
    for (const k of db.keys) {
      const ex = prefix + (k.examples[0] ?? examplePattern(k.pattern));
      lines.push(`# ${k.pattern.text} (${k.type}; TTL: ${describeTtl(k.ttl).replace(/`/g, '')})`);
      lines.push(
        `${n} --scan --pattern ${shellQuote(prefix + globOf(k.pattern))} --count 1000 | head${dep.mode === 'cluster' ? '   # on each primary of the cluster' : ''}`,
      );
      lines.push(...inspectCommands(n, k, ex));
      lines.push(`${n} TTL ${shellQuote(ex)}   # ${k.ttl.kind === 'none' ? 'expect -1' : describeTtl(k.ttl).replace(/`/g, '')}`);
      lines.push(
        `${n} PSUBSCRIBE ${shellQuote(`__keyspace@${select}__:${prefix}${globOf(k.pattern)}`)}   # needs notify-keyspace-events K + the type's class`,
      );
      lines.push('');
    }
    out.push({ title: `DB ${db.index}: ${db.name}`, commands: lines.join('\n').trim() });
  }
  if (spec.channels.length) {
    const lines: string[] = [];
    for (const ch of spec.channels) {
      const ex = ch.examples[0] ?? examplePattern(ch.pattern);
      const msg =
        ch.messages.find((m) => m.examples.length)?.examples[0] ??
        (ch.messages[0]?.format.kind === 'template' ? examplePattern(ch.messages[0].format.pattern) : 'ping from redis-cli');
      lines.push(`# ${ch.pattern.text}`);
      lines.push(`redis-cli SUBSCRIBE ${shellQuote(ex)}`);
      lines.push(`redis-cli PSUBSCRIBE ${shellQuote(globOf(ch.pattern))}`);
      lines.push(`redis-cli PUBLISH ${shellQuote(ex)} ${shellQuote(msg)}`);
      lines.push('');
    }
    out.push({ title: 'Channels (any database: channels are server-wide)', commands: lines.join('\n').trim() });
  }
  if (spec.notifications.length) {
    out.push({
      title: 'Keyspace notifications',
      commands: spec.notifications
        .map((n) => {
          const k = spec.databases.flatMap((d) => d.keys).find((x) => x.id === n.key);
          return `redis-cli PSUBSCRIBE ${shellQuote(n.channel === 'keyspace' ? `__keyspace@${n.db}__:${k ? globOf(k.pattern) : '*'}` : `__keyevent@${n.db}__:*`)}   # ${n.name}${n.service ? ` (${n.service})` : ''}`;
        })
        .join('\n'),
    });
  }
  return out;
}
