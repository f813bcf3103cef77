/**
 * The pure core of the conformance check: one key record (name, type, PTTL, the TTL-deciding field
 * and an optional value sample) judged against the compiled spec. No I/O; table-driven tests cover it.
 */
import { describeFormat, describeTtl, judgeValue, policyFor, ttlProblem, type ValueFormat } from '../../spec/index.ts';
import type { CheckId } from '../findings/ids.ts';
import { hasRawBytes } from '../findings/key-bytes.ts';
import { escapeName } from '../findings/printable.ts';
import { judgeFieldTtls } from './field-ttl.ts';
import { slotFault } from './slot-group.ts';
import { matchField, matchKey, type CompiledDb, type CompiledFields, type CompiledKey } from './compile.ts';

/** A bounded sample of a key's value, as the scanner fetched it. */
export type Sample =
  | { type: 'string'; value: Buffer }
  /** Above the size guard (STRLEN for strings, MEMORY USAGE for hashes and streams): not fetched. */
  | { type: 'string' | 'hash' | 'stream'; tooLarge: number }
  /**
   * Hash fields from a bounded HSCAN. `complete` when the whole hash was read; otherwise `present`
   * tells which required literal fields exist (HMGET).
   */
  | {
      type: 'hash';
      fields: [string, Buffer][];
      complete: boolean;
      present?: ReadonlySet<string>;
      /** HTTL of `fields`, in order (seconds; -1 no TTL, -2 gone): read where the server has field TTLs and the pattern declares some. */
      fieldTtls?: number[];
    }
  | { type: 'list' | 'set'; members: Buffer[] }
  | { type: 'zset'; members: Buffer[]; scores: string[] }
  | { type: 'stream'; entries: { id: string; fields: [string, Buffer][] }[] };

export interface KeyRecord {
  key: string;
  /** As TYPE returns it; `none` when the key vanished. */
  type: string;
  /** PTTL in ms: -1 no TTL, -2 vanished. */
  pttl: number;
  /** Value of the TTL-deciding hash field (null: absent; undefined: not fetched). */
  ttlFieldValue?: string | null;
  sample?: Sample;
  /**
   * observe only: how long ago (ms) the key was last written when TYPE/PTTL were read. An `exact`
   * policy refreshes the TTL on every write, so a TTL clearly shorter than the policy right after a
   * write is `key.ttl.too-short`. Undefined in check: live TTLs count down there, so "too short"
   * cannot be told from "written a while ago".
   */
  writtenMsAgo?: number;
}

export interface Problem {
  id: CheckId;
  message: string;
  expected: string;
  actual: string;
  /** The redis-cli command (without connection options) that shows it. */
  reproduce: string[];
  /** Found in the value sample (not in what every key's probe reads): counts for coverage over sampled keys only. */
  fromSample?: true;
}

export type Classification =
  { kind: 'vanished' } | { kind: 'unmatched'; problems: Problem[] } | { kind: 'matched'; pattern: CompiledKey; problems: Problem[] };

/**
 * Classifies one key of a declared database. `matched` passes a pattern already found with matchKey
 * (null: none), so the scanner matches each key only once.
 */
export function classifyKey(db: CompiledDb, rec: KeyRecord, matched?: CompiledKey | null): Classification {
  if (isVanished(rec)) return { kind: 'vanished' };
  const pattern = matched === undefined ? matchKey(db, rec.key) : (matched ?? undefined);
  if (!pattern) return { kind: 'unmatched', problems: [unmatchedProblem(db, rec)] };
  return { kind: 'matched', pattern, problems: judgeKey(pattern, rec) };
}

export function isVanished(rec: Pick<KeyRecord, 'type' | 'pttl'>): boolean {
  return rec.type === 'none' || rec.pttl === -2;
}

export function unmatchedProblem(db: CompiledDb, rec: Pick<KeyRecord, 'key' | 'type'>): Problem {
  const names = db.keys.map((k) => `\`${k.namePrefix}${k.key.pattern.text}\``);
  return {
    id: 'key.unmatched',
    message: `key ${show(rec.key)} (${rec.type}) matches no pattern declared for database ${db.index} (${db.name})`,
    expected: names.length
      ? `one of ${names.slice(0, 8).join(', ')}${names.length > 8 ? `, … (${names.length} patterns)` : ''}`
      : 'no keys (the database declares none)',
    actual: show(rec.key),
    reproduce: ['TYPE', rec.key],
  };
}

/** Judges a key already matched to its pattern: type, TTL and (when sampled) its value. */
export function judgeKey(pattern: CompiledKey, rec: KeyRecord): Problem[] {
  const problems: Problem[] = [];
  // A module type is told by the name TYPE reports (`ReJSON-RL`, ...).
  const declared = pattern.key.type === 'module' ? pattern.key.moduleType : pattern.key.type;
  if (rec.type !== declared) {
    const logical = pattern.key.logical ? `${pattern.key.logical}, ` : '';
    problems.push({
      id: 'key.type',
      message: `${show(rec.key)} is a ${rec.type}, declared ${logical}${declared} (${pattern.id})`,
      expected: declared,
      actual: rec.type,
      reproduce: ['TYPE', rec.key],
    });
  }
  problems.push(...judgeKeyTtl(pattern, rec));
  const slot = slotFault(pattern, rec.key);
  if (slot) {
    const group = pattern.key.slotGroup!;
    problems.push({
      id: 'key.slot',
      message: `${show(rec.key)} of slot group '${group}' is hashed by ${JSON.stringify(slot.hashedBy)}, not by its whole ${pattern.slotTag} ${JSON.stringify(slot.tagValue)} (a '}' ends the hash tag): slot ${slot.slot}, shared with every ${pattern.slotTag} that starts the same (${pattern.id})`,
      expected: `hashed by the ${pattern.slotTag} value (slot ${slot.groupSlot})`,
      actual: `hashed by ${JSON.stringify(slot.hashedBy)} (slot ${slot.slot})`,
      reproduce: ['CLUSTER', 'KEYSLOT', rec.key],
    });
  }
  const sampled = rec.sample && rec.type === declared && rec.sample.type === declared ? rec.sample : undefined;
  // The TTL-deciding field is read for every key: its value is judged whether or not the key is sampled
  // (as a key-level check; the sample does not judge that field's value again).
  let readField: string | undefined;
  if (rec.type === 'hash' && declared === 'hash' && typeof rec.ttlFieldValue === 'string' && pattern.ttlField) {
    readField = pattern.ttlField;
    problems.push(...judgeReadField(pattern, rec.key, readField, rec.ttlFieldValue));
  }
  if (sampled) for (const p of judgeSample(pattern, rec.key, sampled, readField)) problems.push({ ...p, fromSample: true });
  return problems;
}

/** Judges one hash field the probe read for every key (the TTL-deciding field) against its declared format. */
export function judgeReadField(pattern: CompiledKey, key: string, field: string, value: string): Problem[] {
  const cf = matchField(pattern.fields, field);
  if (!cf) return [];
  const buf = Buffer.from(value);
  const reason = judge(cf.field.value, buf);
  if (!reason) return [];
  return [
    {
      id: 'hash.field.value',
      message: `${show(key)} field ${JSON.stringify(field)}: ${reason} (${pattern.id})`,
      expected: `${field}: ${describeFormat(cf.field.value)}`,
      actual: `${field}: ${preview(buf)}`,
      reproduce: ['HGET', key, field],
    },
  ];
}

export function judgeKeyTtl(pattern: CompiledKey, rec: KeyRecord): Problem[] {
  let policy = pattern.ttl;
  let decidedBy = '';
  if (policy.kind === 'byField') {
    // A field-dependent TTL can only be judged on a hash whose deciding field was read.
    if (rec.type !== 'hash' || rec.ttlFieldValue === undefined || rec.ttlFieldValue === null) return [];
    const resolved = policyFor(policy, rec.ttlFieldValue);
    if (!resolved) return [];
    decidedBy = ` (${policy.field}=${rec.ttlFieldValue})`;
    policy = resolved;
  }
  // The common case costs one switch: descriptions are built only for a problem.
  let problem: string | undefined = ttlProblem(policy, rec.pttl);
  // Right after a write, an `exact` TTL (set on every write) must be close to the policy: allow 2 s plus
  // the time since the write.
  if (problem === undefined && policy.kind === 'exact' && rec.writtenMsAgo !== undefined && rec.pttl >= 0) {
    if (rec.pttl < policy.seconds * 1000 - 2000 - rec.writtenMsAgo) problem = 'too-short';
  }
  if (problem === undefined) return [];
  const actual = rec.pttl === -1 ? 'no TTL' : `${formatMs(rec.pttl)} remaining`;
  const id: CheckId =
    problem === 'missing'
      ? 'key.ttl.missing'
      : problem === 'forbidden'
        ? 'key.ttl.forbidden'
        : problem === 'too-short'
          ? 'key.ttl.too-short'
          : 'key.ttl.too-long';
  const what =
    problem === 'missing'
      ? 'has no TTL'
      : problem === 'forbidden'
        ? 'has a TTL'
        : problem === 'too-short'
          ? `was just written (${formatMs(rec.writtenMsAgo ?? 0)} ago) with a TTL shorter than its exact policy`
          : 'has a TTL longer than allowed';
  return [
    {
      id,
      message: `${show(rec.key)} ${what}: expected ${describeTtl(policy)}${decidedBy}, got ${actual} (${pattern.id})`,
      expected: describeTtl(policy) + decidedBy,
      actual,
      reproduce: ['PTTL', rec.key],
    },
  ];
}

function formatMs(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  const s = Math.round(ms / 1000);
  return s >= 3600 ? `${s}s (${(s / 3600).toFixed(1)}h)` : `${s}s`;
}

/** Judges a value sample; at most one problem per check id (the first failures are listed). */
export function judgeSample(pattern: CompiledKey, key: string, sample: Sample, judgedField?: string): Problem[] {
  const k = pattern.key;
  if ('tooLarge' in sample) {
    return [
      {
        id: 'value.too-large',
        message: `${show(key)} holds ${sample.type === 'string' ? '' : 'about '}${sample.tooLarge} bytes, above the size guard; its value was not sampled (${pattern.id})`,
        expected:
          sample.type === 'string'
            ? k.type === 'string'
              ? describeFormat(k.value)
              : 'any value'
            : `a ${sample.type} small enough to sample`,
        actual: `${sample.tooLarge} bytes`,
        reproduce: sample.type === 'string' ? ['STRLEN', key] : ['MEMORY', 'USAGE', key],
      },
    ];
  }
  switch (sample.type) {
    case 'string': {
      if (k.type !== 'string') return [];
      if (k.logical === 'hyperloglog') return judgeHyperLogLog(pattern, key, sample.value);
      const reason = judge(k.value, sample.value);
      return reason
        ? [
            {
              id: 'value.format',
              message: `${show(key)}: ${reason} (${pattern.id})`,
              expected: describeFormat(k.value),
              actual: preview(sample.value),
              reproduce: ['GET', key],
            },
          ]
        : [];
    }
    case 'hash': {
      const problems = judgeFieldSet(pattern, key, sample.fields, sample.complete, sample.present, 'hash', undefined, judgedField);
      if (sample.fieldTtls)
        problems.push(
          ...judgeFieldTtls(
            pattern,
            key,
            sample.fields.map(([f]) => f),
            sample.fieldTtls,
          ),
        );
      return problems;
    }
    case 'stream': {
      const out = new Map<CheckId, Problem>();
      for (const entry of sample.entries) {
        for (const p of judgeFieldSet(
          pattern,
          key,
          entry.fields,
          true,
          undefined,
          'stream',
          entry.id,
          undefined,
          entryFieldsOf(pattern, entry.fields),
        ))
          if (!out.has(p.id)) out.set(p.id, p);
      }
      return [...out.values()];
    }
    case 'list':
    case 'set':
    case 'zset': {
      const problems: Problem[] = [];
      const range: string[] =
        sample.type === 'list'
          ? ['LRANGE', key, '0', '9']
          : sample.type === 'set'
            ? ['SSCAN', key, '0', 'COUNT', '10']
            : ['ZRANGE', key, '0', '9', 'WITHSCORES'];
      const member = k.type === 'list' || k.type === 'set' || k.type === 'zset' ? k.member : undefined;
      if (member) {
        const bad = firstBad(member, sample.members);
        if (bad)
          problems.push({
            id: 'member.format',
            message: `${show(key)}: member ${bad.reason} (${pattern.id})`,
            expected: describeFormat(member),
            actual: preview(bad.value),
            reproduce: range,
          });
      }
      if (sample.type === 'zset' && k.type === 'zset') {
        const bad = firstBad(
          k.score,
          sample.scores.map((s) => Buffer.from(s)),
        );
        if (bad)
          problems.push({
            id: 'score.format',
            message: `${show(key)}: score ${bad.reason} (${pattern.id})`,
            expected: describeFormat(k.score),
            actual: preview(bad.value),
            reproduce: range,
          });
      }
      return problems;
    }
  }
}

/** A HyperLogLog is a string Redis starts with the magic `HYLL` (sparse or dense); anything else is not one. */
function judgeHyperLogLog(pattern: CompiledKey, key: string, value: Buffer): Problem[] {
  if (value.length >= 4 && value.subarray(0, 4).toString('latin1') === 'HYLL') return [];
  return [
    {
      id: 'key.logical',
      message: `${show(key)} is a string that is not a HyperLogLog (it does not start with HYLL) (${pattern.id})`,
      expected: 'a HyperLogLog (a string starting HYLL)',
      actual: preview(value),
      reproduce: ['GETRANGE', key, '0', '3'],
    },
  ];
}

/** The fields a stream entry is judged by: its case's (by the deciding field's value), else the common ones. */
function entryFieldsOf(pattern: CompiledKey, fields: readonly [string, Buffer][]): { fields: CompiledFields; label: string } | undefined {
  const cases = pattern.entryCases;
  if (!cases) return undefined;
  const value = fields.find(([name]) => name === cases.field)?.[1].toString('utf8');
  if (value === undefined) return undefined;
  // A value without a case: only the common fields (named in the finding, too).
  return {
    fields: cases.byValue.get(value) ?? pattern.fields,
    label: ` (${cases.field}=${value.length > 40 ? `${value.slice(0, 39)}…` : value})`,
  };
}

function firstBad(format: ValueFormat, values: readonly Buffer[]): { value: Buffer; reason: string } | undefined {
  for (const v of values) {
    const reason = judge(format, v);
    if (reason) return { value: v, reason };
  }
  return undefined;
}

function judgeFieldSet(
  pattern: CompiledKey,
  key: string,
  fields: readonly [string, Buffer][],
  complete: boolean,
  present: ReadonlySet<string> | undefined,
  kind: 'hash' | 'stream',
  entryId?: string,
  /** A field whose value was judged already (the TTL-deciding field): its value is not judged again. */
  judgedField?: string,
  /** The fields to judge by (a stream entry's case), when not the key's own. */
  by?: { fields: CompiledFields; label: string },
): Problem[] {
  const compiled: CompiledFields = by?.fields ?? pattern.fields;
  const unknown: string[] = [];
  const badValues: { field: string; value: Buffer; reason: string; format: ValueFormat }[] = [];
  const seen = new Set<string>();
  const seenPatterns = new Set<object>();
  for (const [name, value] of fields) {
    seen.add(name);
    const cf = matchField(compiled, name);
    if (!cf) {
      if (!((pattern.key.type === 'hash' || pattern.key.type === 'stream') && pattern.key.additionalFields)) unknown.push(name);
      continue;
    }
    if (!cf.field.literal) seenPatterns.add(cf);
    if (name === judgedField) continue;
    const reason = judge(cf.field.value, value);
    if (reason) badValues.push({ field: name, value, reason, format: cf.field.value });
  }
  const missing: string[] = [];
  if (complete) {
    for (const name of compiled.requiredLiteral) if (!seen.has(name)) missing.push(name);
    for (const cf of compiled.requiredPatterns) if (!seenPatterns.has(cf)) missing.push(cf.field.pattern.text);
  } else if (present) {
    for (const name of compiled.requiredLiteral) if (!seen.has(name) && !present.has(name)) missing.push(name);
  }
  const where = entryId ? ` entry ${entryId}${by?.label ?? ''}` : '';
  const show1 = (names: string[]): string =>
    names
      .slice(0, 5)
      .map((n) => JSON.stringify(n))
      .join(', ') + (names.length > 5 ? `, … (${names.length})` : '');
  const problems: Problem[] = [];
  const repro = kind === 'hash' ? ['HGETALL', key] : ['XRANGE', key, entryId ?? '-', entryId ?? '+', 'COUNT', '5'];
  if (unknown.length) {
    problems.push({
      id: kind === 'hash' ? 'hash.field.unknown' : 'stream.field.unknown',
      message: `${show(key)}${where} has undeclared field${unknown.length > 1 ? 's' : ''} ${show1(unknown)} (${pattern.id})`,
      expected: `only declared fields: ${compiled.all
        .map((f) => f.field.name)
        .slice(0, 12)
        .join(', ')}${compiled.all.length > 12 ? ', …' : ''}`,
      actual: show1(unknown),
      reproduce: kind === 'hash' && unknown.length === 1 ? ['HEXISTS', key, unknown[0]!] : repro,
    });
  }
  if (missing.length) {
    problems.push({
      id: kind === 'hash' ? 'hash.field.missing' : 'stream.field.missing',
      message: `${show(key)}${where} lacks required field${missing.length > 1 ? 's' : ''} ${show1(missing)} (${pattern.id})`,
      expected: `required: ${show1(missing)}`,
      actual: 'absent',
      reproduce: kind === 'hash' && missing.length === 1 ? ['HEXISTS', key, missing[0]!] : repro,
    });
  }
  if (badValues.length) {
    const b = badValues[0]!;
    problems.push({
      id: kind === 'hash' ? 'hash.field.value' : 'stream.field.value',
      message: `${show(key)}${where} field ${JSON.stringify(b.field)}: ${b.reason}${badValues.length > 1 ? ` (and ${badValues.length - 1} more field${badValues.length > 2 ? 's' : ''})` : ''} (${pattern.id})`,
      expected: `${b.field}: ${describeFormat(b.format)}`,
      actual: `${b.field}: ${preview(b.value)}`,
      reproduce: kind === 'hash' ? ['HGET', key, b.field] : repro,
    });
  }
  return problems;
}

/** judgeValue is not meant to throw, but a malformed schema must not abort a scan. */
function judge(format: ValueFormat, value: Buffer): string | undefined {
  try {
    return judgeValue(format, value);
  } catch (e) {
    return `could not be judged: ${(e as Error).message}`;
  }
}

/** A short, printable rendering of a value: text as JSON string, binary as hex. */
export function preview(value: Buffer, max = 60): string {
  const text = value.toString('utf8');
  // eslint-disable-next-line no-control-regex -- control characters are what this looks for
  const binary = text.includes('\uFFFD') || /[\x00-\x08\x0e-\x1f]/.test(text);
  if (binary) {
    const hex = value.subarray(0, Math.ceil(max / 2)).toString('hex');
    return `<${value.length} bytes: 0x${hex}${value.length > max / 2 ? '…' : ''}>`;
  }
  return JSON.stringify(text.length > max ? `${text.slice(0, max - 1)}…` : text);
}

export function show(key: string): string {
  // A name that is not valid UTF-8: escaped, `"weird:\xff"` (findings/key-bytes.ts).
  if (hasRawBytes(key)) return `"${escapeName(key.length > 120 ? `${key.slice(0, 119)}…` : key)}"`;
  return JSON.stringify(key.length > 120 ? `${key.slice(0, 119)}…` : key);
}
