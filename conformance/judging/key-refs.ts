/**
 * References between keys in sampled values (`member: { ref: job }`, a `parentKey` field): which key
 * name each sampled value refers to, and the finding for one that does not exist. Pure: the lookups
 * (EXISTS, then whether the value is still there) are conformance/redis/ref-lookup.ts.
 */
import type { KeyPattern, ValueFormat } from '../../spec/index.ts';
import { buildFromPattern, judgeValue, matchPattern } from '../../spec/index.ts';
import type { CompiledDb, CompiledKey } from './compile.ts';
import { matchField } from './compile.ts';
import { preview, show, type Problem, type Sample } from './classify.ts';

type RefFormat = Extract<ValueFormat, { kind: 'ref' }>;

/** References looked up per sampled key at most (the sample is bounded already; this bounds the EXISTS). */
export const MAX_REFS_PER_KEY = 10;

/** Where a referring value sits in its key, so that it can be read again. */
export type RefSite =
  | { kind: 'value' }
  | { kind: 'member'; type: 'list' | 'set' | 'zset' }
  | { kind: 'field'; field: string }
  | { kind: 'entry'; id: string; field: string };

export interface RefTarget {
  /** The referring value as stored. */
  value: Buffer;
  site: RefSite;
  /** The referenced key pattern's id. */
  keyId: string;
  /** The referenced key's name on the server. */
  target: string;
}

/** The formats of a key with references: undefined for almost every key (nothing to do). */
function refOf(f: ValueFormat): RefFormat | undefined {
  if (f.kind === 'ref') return f;
  if (f.kind === 'anyOf') for (const x of f.formats) if (x.kind === 'ref') return x;
  return undefined;
}

/**
 * The referenced key names of a sampled key's values, at most MAX_REFS_PER_KEY. A value that does not
 * fit its format (reported as such) or whose key name cannot be built refers to nothing.
 */
export function refTargets(db: CompiledDb, pattern: CompiledKey, name: string, sample: Sample): RefTarget[] {
  if ('tooLarge' in sample) return [];
  const k = pattern.key;
  const out: RefTarget[] = [];
  let params: Record<string, string> | null | undefined;
  const add = (f: ValueFormat, value: Buffer, site: RefSite): void => {
    if (out.length >= MAX_REFS_PER_KEY) return;
    const ref = refOf(f);
    if (!ref || judgeValue(ref, value) !== undefined) return;
    const target = db.keys.find((c) => c.id === ref.key);
    if (!target) return;
    const text = value.toString('utf8');
    if (ref.by === '') {
      out.push({ value, site, keyId: ref.key, target: text });
      return;
    }
    if (params === undefined) params = matchPattern(k.pattern, name.slice(pattern.namePrefix.length));
    if (!params) return;
    try {
      out.push({
        value,
        site,
        keyId: ref.key,
        target: target.namePrefix + buildFromPattern(target.key.pattern, { ...params, [ref.by]: text }),
      });
    } catch {
      // a bound placeholder's value does not fit the referenced pattern's type: no key to look up
    }
  };
  switch (sample.type) {
    case 'string':
      if (k.type === 'string') add(k.value, sample.value, { kind: 'value' });
      break;
    case 'list':
    case 'set':
    case 'zset':
      if (k.type === 'list' || k.type === 'set' || k.type === 'zset')
        for (const m of sample.members) add(k.member, m, { kind: 'member', type: sample.type });
      break;
    case 'hash':
      for (const [field, value] of sample.fields) {
        const cf = matchField(pattern.fields, field);
        if (cf) add(cf.field.value, value, { kind: 'field', field });
      }
      break;
    case 'stream':
      for (const entry of sample.entries) {
        const decider = pattern.entryCases;
        const value = decider && entry.fields.find(([f]) => f === decider.field)?.[1].toString('utf8');
        const fields = (value !== undefined && decider?.byValue.get(value)) || pattern.fields;
        for (const [field, v] of entry.fields) {
          const cf = matchField(fields, field);
          if (cf) add(cf.field.value, v, { kind: 'entry', id: entry.id, field });
        }
      }
      break;
  }
  return out;
}

/** Does a key pattern declare a reference (`ref:`) in a value, member, score or field? */
export function keyHasRefs(k: KeyPattern): boolean {
  const fields = k.type === 'hash' || k.type === 'stream' ? k.fields : [];
  const cases = k.type === 'stream' ? (k.entryCases?.cases ?? []).flatMap((c) => c.fields) : [];
  const formats: ValueFormat[] =
    k.type === 'string' ? [k.value] : k.type === 'list' || k.type === 'set' ? [k.member] : k.type === 'zset' ? [k.member, k.score] : [];
  return [...formats, ...fields.map((f) => f.value), ...cases.map((f) => f.value)].some((f) => refOf(f) !== undefined);
}

/** Does any key of the spec have a reference (so the scan looks references up at all)? */
export function hasRefs(db: CompiledDb): boolean {
  const formats = (ck: CompiledKey): ValueFormat[] => {
    const k = ck.key;
    if (k.type === 'string') return [k.value];
    if (k.type === 'hash' || k.type === 'stream')
      return [
        ...ck.fields.all.map((f) => f.field.value),
        ...[...(ck.entryCases?.byValue.values() ?? [])].flatMap((c) => c.all.map((f) => f.field.value)),
      ];
    if (k.type === 'module') return [];
    return k.type === 'zset' ? [k.member, k.score] : [k.member];
  };
  return db.keys.some((ck) => formats(ck).some((f) => refOf(f) !== undefined));
}

/** The redis-cli command that shows the referring value again. */
export function rereadCommand(key: string, t: RefTarget): string[] {
  const v = t.value.toString('utf8');
  switch (t.site.kind) {
    case 'value':
      return ['GET', key];
    case 'member':
      return t.site.type === 'list' ? ['LPOS', key, v] : t.site.type === 'set' ? ['SISMEMBER', key, v] : ['ZSCORE', key, v];
    case 'field':
      return ['HGET', key, t.site.field];
    case 'entry':
      return ['XRANGE', key, t.site.id, t.site.id];
  }
}

/** Is the referring value still there (the reply of rereadCommand)? */
export function stillThere(t: RefTarget, reply: unknown): boolean {
  const v = t.value.toString('utf8');
  switch (t.site.kind) {
    case 'value':
      return reply !== null && String(reply) === v;
    case 'member':
      return t.site.type === 'set' ? Number(reply) === 1 : reply !== null && reply !== undefined;
    case 'field':
      return reply !== null && String(reply) === v;
    case 'entry': {
      const entries = reply as [string, string[]][] | null;
      const flat = entries?.[0]?.[1] ?? [];
      for (let i = 0; i + 1 < flat.length; i += 2) if (flat[i] === (t.site as { field: string }).field && flat[i + 1] === v) return true;
      return false;
    }
  }
}

/** The finding for a referring value whose key does not exist. */
export function danglingProblem(pattern: CompiledKey, key: string, t: RefTarget): Problem {
  const where =
    t.site.kind === 'value'
      ? 'value'
      : t.site.kind === 'member'
        ? 'member'
        : t.site.kind === 'field'
          ? `field ${JSON.stringify(t.site.field)}`
          : `entry ${t.site.id} field ${JSON.stringify(t.site.field)}`;
  return {
    id: 'ref.dangling',
    message: `${show(key)} ${where} ${preview(t.value)} refers to ${show(t.target)} (${t.keyId}), which does not exist (${pattern.id})`,
    expected: `an existing ${t.keyId} key`,
    actual: `${show(t.target)} does not exist`,
    reproduce: ['EXISTS', t.target],
    fromSample: true,
  };
}
