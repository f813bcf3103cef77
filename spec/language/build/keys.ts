/**
 * Keys: the databases of an application and their key patterns, the top-level keys of a library, and
 * each key's fields, TTL policy and value formats (which must fit its Redis type).
 */
import {
  CORE_LOGICAL_TYPES,
  MODULE_TYPE_NAMES,
  type CoreLogicalType,
  type Database,
  type HashField,
  type KeyPattern,
  type LogicalType,
  type ModuleLogicalType,
  type Pattern,
  type RedisType,
  type StreamEntryCase,
  type StreamEntryCases,
  type TtlPolicy,
  type ValueFormat,
} from '../model.ts';
import { closedValues, describeFormat } from '../value-format.ts';
import { compilePattern, testPattern } from '../pattern.ts';
import { mismatch } from '../pattern-mismatch.ts';
import type { DataPath, SourceFile } from '../source.ts';
import { parseTtl } from '../ttl-policy.ts';
import { closestHint, type Builder, type FileContext } from './builder.ts';
import { buildChannel } from './channels.ts';
import { noteKeyRefs } from './key-refs.ts';
import type { RawField, RawKey } from './raw.ts';
import type { TypeScope } from './type-scope.ts';
import { compileIn, formatIn } from './typed-patterns.ts';
import { checkDuplicates, checkOverlaps } from './uniqueness.ts';

/** Properties that apply only to some Redis types. */
const ALLOWED_FOR: Record<string, RedisType[]> = {
  value: ['string'],
  fields: ['hash'],
  additionalFields: ['hash', 'stream'],
  member: ['list', 'set', 'zset'],
  score: ['zset'],
  entryFields: ['stream'],
  entryCases: ['stream'],
};

/** Databases (applications): their keys, and channels wrongly declared under them. */
export function buildDatabases(ctx: FileContext): void {
  const { b, file, part } = ctx;
  const raw = part.raw;
  (raw.databases ?? []).forEach((rdb, di) => {
    const dpath = ['databases', di];
    const keys = (rdb.keys ?? []).flatMap((rk, ki) => {
      const k = buildKey(ctx, rk, [...dpath, 'keys', ki], rdb.index, rdb.name);
      return k ? [{ k, path: [...dpath, 'keys', ki] as DataPath }] : [];
    });
    (rdb.channels ?? []).forEach((rc, ci) => {
      b.report(
        'KS150',
        file,
        [...dpath, 'channels', ci],
        `channel '${rc.name}' is declared under database ${rdb.index}, but pub/sub channels are server-wide: PUBLISH and SUBSCRIBE ignore the selected DB`,
      );
      const ch = buildChannel(ctx, rc, [...dpath, 'channels', ci]);
      if (ch)
        part.channels.push({ channel: { ...ch, connectionDb: ch.connectionDb ?? rdb.index }, file, path: [...dpath, 'channels', ci] });
    });
    if (rdb.connection !== undefined) part.refs.push({ kind: 'connection', name: rdb.connection, file, path: [...dpath, 'connection'] });
    const database: Database = {
      index: rdb.index,
      name: rdb.name,
      aliases: rdb.aliases ?? [],
      keys: keys.map((x) => x.k),
      slotGroups: [],
      notes: rdb.notes ?? [],
      ...(rdb.purpose !== undefined ? { purpose: rdb.purpose } : {}),
      ...(rdb.description !== undefined ? { description: rdb.description } : {}),
      ...(rdb.connection !== undefined ? { connection: rdb.connection } : {}),
    };
    part.databases.push(b.place(database, file, dpath));
    for (const x of keys) part.keyPaths.set(x.k, x.path);
  });
}

/** Top-level keys (libraries): built now, bound to a database by the importer. */
export function buildLibraryKeys(ctx: FileContext): void {
  const { b, file, part } = ctx;
  const raw = part.raw;
  if (raw.keys !== undefined && part.kind !== 'library') {
    b.report('KS165', file, ['keys'], 'top-level `keys:` are only for library specs', undefined, 'key');
  }
  (raw.keys ?? []).forEach((rk, ki) => {
    const k = buildKey(ctx, rk, ['keys', ki], -1, '');
    if (k) part.unboundKeys.push({ key: k, file, path: ['keys', ki] });
  });
  checkDuplicates(
    b,
    part.unboundKeys.map((u) => ({ name: u.key.name, path: u.path })),
    file,
    'key',
  );
  checkOverlaps(
    b,
    part.unboundKeys.map((u) => ({ name: u.key.name, pattern: u.key.pattern, shadows: u.key.shadows, path: u.path })),
    file,
    'KS120',
    'keys',
    (x, y) => `key ${x} and key ${y}`,
  );
}

/** Every 52-bit integer is a geohash GEOADD can write (26 bits of longitude and of latitude, interleaved). */
const GEOHASH_SCORE: ValueFormat = { kind: 'integer', min: 0, max: 2 ** 52 - 1 };

/** The Redis type (`module` for module types) and the logical type a key's `type:` names. */
function typeOf(written: RedisType | LogicalType): { redis: RedisType | 'module'; logical?: LogicalType } {
  if (written in CORE_LOGICAL_TYPES) return { redis: CORE_LOGICAL_TYPES[written as CoreLogicalType], logical: written as LogicalType };
  if (written in MODULE_TYPE_NAMES) return { redis: 'module', logical: written as LogicalType };
  return { redis: written as RedisType };
}

function buildKey(ctx: FileContext, written: RawKey, kpath: DataPath, db: number, dbName: string): KeyPattern | undefined {
  const { b, file, part, q, ns } = ctx;
  const { redis: redisType, logical } = typeOf(written.type);
  // From here on `rk.type` is the Redis type (a logical type's is derived); `logical` keeps what was written.
  const rk = { ...written, type: redisType } as Omit<RawKey, 'type'> & { type: RedisType | 'module' };
  const kscope = rk.where ? ctx.scope.child(rk.where, q(rk.name), [...kpath, 'where']) : ctx.scope;
  const pattern = compileIn(b, rk.pattern, kscope, file, [...kpath, 'pattern'], 'key');
  if (!pattern) return undefined;
  const ttlProblems: { path: (string | number)[]; message: string }[] = [];
  const ttl = parseTtl(rk.ttl, ttlProblems);
  for (const p of ttlProblems) b.report('KS130', file, [...kpath, 'ttl', ...p.path], p.message);
  if ((ttl.kind === 'exact' || ttl.kind === 'bounded') && ttl.env !== undefined)
    part.refs.push({ kind: 'env', name: ttl.env, file, path: [...kpath, 'ttl', 'env'] });
  const fmt = (rawF: unknown, fpath: DataPath): ValueFormat | undefined =>
    rawF === undefined ? undefined : formatIn(b, rawF, kscope, file, fpath);
  const shown = logical ?? rk.type;
  for (const [prop, types] of Object.entries(ALLOWED_FOR)) {
    const given = (rk as unknown as Record<string, unknown>)[prop] !== undefined;
    // A geo key's scores are geohashes and a bitmap's or HyperLogLog's value is binary: not declared.
    const fixed = (logical === 'geo' && prop === 'score') || ((logical === 'bitmap' || logical === 'hyperloglog') && prop === 'value');
    if (given && (fixed || rk.type === 'module' || !types.includes(rk.type))) {
      b.report(
        'KS180',
        file,
        [...kpath, prop],
        fixed
          ? `'${prop}' is fixed for a ${logical} key (${logical === 'geo' ? 'its scores are 52-bit geohashes' : 'its value is binary'})`
          : `'${prop}' does not apply to a ${shown} key (it is for ${types.join('/')})`,
        undefined,
        'key',
      );
    }
  }
  const rawFields = rk.type === 'hash' ? rk.fields : rk.type === 'stream' ? rk.entryFields : undefined;
  const fieldsProp = rk.type === 'stream' ? 'entryFields' : 'fields';
  const fields = (rawFields ?? []).flatMap((rf, i) => {
    const f = buildField(b, rf, kscope, file, [...kpath, fieldsProp, i], q(rk.name), rk.type === 'hash');
    if (f?.ttl && (f.ttl.kind === 'exact' || f.ttl.kind === 'bounded') && f.ttl.env !== undefined)
      part.refs.push({ kind: 'env', name: f.ttl.env, file, path: [...kpath, fieldsProp, i, 'ttl', 'env'] });
    return f ? [f] : [];
  });
  // Literal fields by name (KS101); field patterns written twice are caught by the overlap check (KS121).
  checkDuplicates(
    b,
    fields.flatMap((f, i) => (f.literal ? [{ name: f.name, path: [...kpath, fieldsProp, i] }] : [])),
    file,
    'hash field',
  );
  checkOverlaps(
    b,
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
    (x, y) => `field ${x} and field ${y}`,
  );
  if (ttl.kind === 'byField') checkFieldTtl(b, ttl, rk, fields, file, kpath);
  const examples = b.judgeExamples((rk.examples ?? []).map(String), file, kpath, (ex) =>
    testPattern(pattern, ex) ? undefined : mismatch(`example '${ex}' does not match pattern '${pattern.text}'`, pattern, ex),
  );
  const base = {
    name: q(rk.name),
    id: dbName ? `${dbName}.${q(rk.name)}` : q(rk.name),
    db,
    pattern,
    type: rk.type,
    ...(logical ? { logical } : {}),
    ttl,
    writers: (rk.writers ?? []).map(q),
    readers: (rk.readers ?? []).map(q),
    examples,
    shadows: (rk.shadows ?? []).map(q),
    probeSafe: rk.probeSafe ?? false,
    notes: rk.notes ?? [],
    ...(rk.description !== undefined ? { description: rk.description } : {}),
    ...(ns ? { importedFrom: ns } : {}),
    ...(rk.renamedFrom !== undefined ? { renamedFrom: q(rk.renamedFrom) } : {}),
  };
  const member = (): ValueFormat => fmt(rk.member, [...kpath, 'member']) ?? { kind: 'raw' };
  let key: KeyPattern;
  switch (rk.type) {
    case 'string':
      key = {
        ...base,
        type: 'string',
        value: logical ? { kind: 'bytes' } : (fmt(rk.value, [...kpath, 'value']) ?? { kind: 'raw' }),
      };
      break;
    case 'hash':
      key = { ...base, type: rk.type, fields, additionalFields: rk.additionalFields ?? false };
      break;
    case 'stream': {
      const entryCases = rk.entryCases ? buildEntryCases(b, rk, fields, kscope, file, kpath, q(rk.name)) : undefined;
      key = { ...base, type: rk.type, fields, additionalFields: rk.additionalFields ?? false, ...(entryCases ? { entryCases } : {}) };
      break;
    }
    case 'list':
    case 'set':
      key = { ...base, type: rk.type, member: member() };
      break;
    case 'zset':
      key = {
        ...base,
        type: 'zset',
        member: member(),
        score: logical === 'geo' ? GEOHASH_SCORE : (fmt(rk.score, [...kpath, 'score']) ?? { kind: 'float' }),
      };
      break;
    case 'module':
      key = { ...base, type: 'module', logical: logical as ModuleLogicalType, moduleType: MODULE_TYPE_NAMES[logical as ModuleLogicalType] };
      break;
  }
  b.place(key, file, kpath);
  noteKeyRefs(b, key, file, kpath, q);
  for (const [prop, list] of [
    ['writers', rk.writers],
    ['readers', rk.readers],
  ] as const) {
    (list ?? []).forEach((s, i) => part.refs.push({ kind: 'service', name: q(s), file, path: [...kpath, prop, i] }));
  }
  return key;
}

function buildField(
  b: Builder,
  rf: RawField,
  scope: TypeScope,
  file: SourceFile,
  path: DataPath,
  owner: string,
  inHash: boolean,
): HashField | undefined {
  if ((rf.name === undefined) === (rf.pattern === undefined)) {
    b.report(
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
  else pattern = compileIn(b, rf.pattern!, fscope, file, [...path, 'pattern'], 'field');
  if (!pattern) return undefined;
  const value = rf.value === undefined ? ({ kind: 'raw' } as ValueFormat) : formatIn(b, rf.value, fscope, file, [...path, 'value']);
  const examples = b.judgeExamples((rf.examples ?? []).map(String), file, path, (ex) =>
    testPattern(pattern, ex) ? undefined : mismatch(`example '${ex}' does not match field pattern '${pattern.text}'`, pattern, ex),
  );
  const ttl = rf.ttl === undefined ? undefined : fieldTtl(b, rf.ttl, inHash, file, [...path, 'ttl']);
  const field: HashField = {
    name: rf.name ?? rf.pattern!,
    literal: rf.name !== undefined,
    pattern,
    value,
    required: rf.required ?? false,
    examples,
    shadows: rf.shadows ?? [],
    notes: rf.notes ?? [],
    ...(rf.description !== undefined ? { description: rf.description } : {}),
    ...(rf.renamedFrom !== undefined ? { renamedFrom: rf.renamedFrom } : {}),
    ...(ttl ? { ttl } : {}),
  };
  return b.place(field, file, path);
}

/**
 * A hash field's own TTL policy: the forms a key's `ttl:` has, except a field-dependent one (KS135), and
 * only on hash fields (KS136: stream entries have no TTLs).
 */
function fieldTtl(b: Builder, raw: unknown, inHash: boolean, file: SourceFile, path: DataPath): TtlPolicy | undefined {
  if (!inHash) {
    b.report('KS136', file, path, 'a stream entry field has no TTL of its own (hash-field expiration is for hash fields)');
    return undefined;
  }
  const problems: { path: (string | number)[]; message: string }[] = [];
  const ttl = parseTtl(raw, problems);
  if (ttl.kind === 'byField') {
    b.report('KS135', file, [...path, 'field'], 'a field TTL cannot depend on a field value (`field:`/`cases:` are for a key TTL)');
    return undefined;
  }
  for (const p of problems) b.report('KS130', file, [...path, ...p.path], p.message);
  return ttl;
}

/**
 * Stream entry fields by the value of a deciding entry field: a declared literal entry field with an
 * enum or boolean value (KS232); each value in one case at most, and a value of the field (KS233); a
 * case's fields do not repeat each other or the common fields (KS101) nor overlap them (KS121).
 */
function buildEntryCases(
  b: Builder,
  rk: Pick<RawKey, 'entryCases'>,
  common: HashField[],
  scope: TypeScope,
  file: SourceFile,
  kpath: DataPath,
  owner: string,
): StreamEntryCases | undefined {
  const raw = rk.entryCases!;
  const cpath = [...kpath, 'entryCases'];
  const decider = common.find((f) => f.literal && f.name === raw.field);
  const allowed = decider ? closedValues(decider.value) : undefined;
  if (!decider)
    b.report(
      'KS232',
      file,
      [...cpath, 'field'],
      `the entry cases depend on field '${raw.field}', which \`entryFields\` does not declare as a literal field`,
      closestHint(
        raw.field,
        common.filter((f) => f.literal).map((f) => f.name),
      ),
    );
  else if (!allowed)
    b.report(
      'KS232',
      file,
      [...cpath, 'field'],
      `the entry cases depend on field '${raw.field}', whose value is ${describeFormat(decider.value)}, not an enum or boolean`,
    );
  const seen = new Map<string, number>();
  const cases = raw.cases.map((rc, ci): StreamEntryCase => {
    const values = rc.when.map(String);
    values.forEach((v, vi) => {
      const at = [...cpath, 'cases', ci, 'when', vi];
      if (allowed && !allowed.includes(v))
        b.report('KS233', file, at, `'${v}' is not a value of field '${raw.field}' (${allowed.join(', ')})`);
      if (seen.has(v))
        b.report(
          'KS233',
          file,
          at,
          seen.get(v) === ci ? `'${v}' is listed twice in case ${ci + 1}` : `'${v}' already has a case (case ${seen.get(v)! + 1})`,
        );
      else seen.set(v, ci);
    });
    const fields = rc.fields.flatMap((rf, i) => {
      const f = buildField(b, rf, scope, file, [...cpath, 'cases', ci, 'fields', i], owner, false);
      return f ? [f] : [];
    });
    // Names of the case's fields, against the common ones and each other (the common ones were checked).
    const names = new Set(common.filter((f) => f.literal).map((f) => f.name));
    fields.forEach((f, i) => {
      if (!f.literal) return;
      if (names.has(f.name))
        b.report(
          'KS101',
          file,
          [...cpath, 'cases', ci, 'fields', i, 'name'],
          `entry field '${f.name}' is declared twice (a case's fields come on top of \`entryFields\`)`,
        );
      names.add(f.name);
    });
    checkOverlaps(
      b,
      fields.map((f, i) => ({
        name: f.name,
        pattern: f.pattern,
        shadows: f.shadows,
        path: [...cpath, 'cases', ci, 'fields', i] as DataPath,
        literal: f.literal,
      })),
      file,
      'KS121',
      'hash fields',
      (x, y) => `field ${x} and field ${y}`,
    );
    return b.place({ values, fields, ...(rc.description !== undefined ? { description: rc.description } : {}) }, file, [
      ...cpath,
      'cases',
      ci,
    ]);
  });
  return { field: raw.field, cases };
}

/** A field-dependent TTL: a hash key, a declared literal field, and a case for each of its values. */
function checkFieldTtl(
  b: Builder,
  ttl: Extract<TtlPolicy, { kind: 'byField' }>,
  rk: { type: string },
  fields: HashField[],
  file: SourceFile,
  kpath: DataPath,
): void {
  if (rk.type !== 'hash') {
    b.report('KS131', file, [...kpath, 'ttl', 'field'], `a field-dependent TTL needs a hash key, this one is a ${rk.type}`);
    return;
  }
  const field = fields.find((f) => f.literal && f.name === ttl.field);
  if (!field) {
    b.report('KS131', file, [...kpath, 'ttl', 'field'], `the TTL depends on field '${ttl.field}', which the key does not declare`);
    return;
  }
  const allowed =
    field.value.kind === 'enum' ? field.value.values : field.value.kind === 'boolean' ? [field.value.true, field.value.false] : undefined;
  const seen = new Map<string, number>();
  ttl.cases.forEach((c, ci) => {
    c.values.forEach((v, vi) => {
      if (allowed && !allowed.includes(v))
        b.report(
          'KS132',
          file,
          [...kpath, 'ttl', 'cases', ci, 'when', vi],
          `'${v}' is not a value of field '${ttl.field}' (${allowed.join(', ')})`,
        );
      if (seen.has(v))
        b.report('KS134', file, [...kpath, 'ttl', 'cases', ci, 'when', vi], `'${v}' already has a TTL in case ${seen.get(v)! + 1}`);
      else seen.set(v, ci);
    });
  });
  if (allowed && !ttl.default) {
    const missing = allowed.filter((v) => !seen.has(v));
    if (missing.length)
      b.report('KS133', file, [...kpath, 'ttl', 'field'], `no TTL case for ${ttl.field} = ${missing.map((m) => `'${m}'`).join(', ')}`);
  }
}
