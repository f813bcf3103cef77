/**
 * One template in spec terms: its pattern (placeholders typed through the shared types), Redis type
 * (the dominant one; a mixed template is annotated with the proportions), TTL policy, and from its sampled
 * values the hash fields, value, member, score or stream-entry formats; with the evidence and a
 * confidence for the comment above it.
 */
import type { Sample } from '../conformance/judging/classify.ts';
import { MODULE_TYPE_NAMES, type ValueFormat } from '../spec/index.ts';
import { inferFields, type InferredField } from './hash-fields.ts';
import { decidePlaceholder } from './placeholders.ts';
import type { SharedTypes } from './shared-types.ts';
import type { Template } from './template-tree.ts';
import { humanDuration, inferTtl, type InferredTtl } from './ttl-policy.ts';
import { inferScoreFormat, inferValueFormat } from './value-formats.ts';

const isHyperLogLog = (v: unknown): boolean =>
  (Buffer.isBuffer(v) ? v.subarray(0, 4).toString('latin1') : typeof v === 'string' ? v.slice(0, 4) : '') === 'HYLL';

export interface InferredKey {
  db: number;
  name: string;
  pattern: string;
  type: string;
  ttl: InferredTtl;
  value?: ValueFormat;
  member?: ValueFormat;
  score?: ValueFormat;
  fields?: InferredField[];
  additionalFields?: boolean;
  entryFields?: InferredField[];
  examples: string[];
  evidence: string;
  confidence: 'high' | 'medium' | 'low';
  count: number;
  /** Keys the template's sample holds (for library recognition and grouping). */
  sampleKeys: string[];
  shadows?: string[];
  /** Services seen writing the keys (`--observe` with MONITOR). */
  writers?: string[];
  /** The template it was inferred from (not emitted). */
  template?: Template;
}

const pct = (n: number, of: number): string => `${Math.round((100 * n) / Math.max(of, 1))}%`;

function escapeLiteral(s: string): string {
  return s.replace(/[{}]/g, (c) => c + c);
}

/** The pattern text of a template, its placeholders typed and uniquely named. */
export function patternOf(t: Template, types: SharedTypes, closed = false): string {
  const used = new Map<string, number>();
  return t.parts
    .map((p) => {
      if (p.kind === 'literal') return escapeLiteral(p.text);
      let decided = decidePlaceholder(p.values);
      // Closed: every value seen, as an enum (to stay clear of an imported key's pattern).
      if (closed && decided.kind === 'generic' && p.values.values.complete)
        decided = { kind: 'enum', values: [...p.values.values.names()].sort() };
      const { type } = types.typeOf(decided);
      const n = (used.get(type) ?? 0) + 1;
      used.set(type, n);
      return n === 1 ? `{${type}}` : `{${type}_${n}:${type}}`;
    })
    .join(t.delimiter);
}

/** A key name from the literal segments (`readme:lock:{..}` -> `readme_lock`), else from the type. */
export function keyNameOf(t: Template, type: string): string {
  const lit = t.parts
    .filter((p) => p.kind === 'literal')
    .map((p) =>
      (p as { text: string }).text
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '_')
        .replace(/^_+|_+$/g, ''),
    )
    .filter(Boolean)
    .join('_');
  const base = lit || `${type}_keys`;
  return /^[a-z]/.test(base) ? base.slice(0, 60) : `k_${base}`.slice(0, 60);
}

export function inferKey(
  t: Template,
  samples: Map<string, Sample>,
  types: SharedTypes,
  keyName: string,
  pattern = patternOf(t, types),
): InferredKey {
  const s = t.stats;
  const type = s.dominantType;
  // A field holding the ids of a placeholder type (e.g. the run id that is also in the key's name).
  const typeFor = (values: string[]): ValueFormat | undefined => {
    const name = types.typeForValues(values);
    return name ? { kind: 'type', type: { name, kind: 'regex', regex: '', examples: [] } } : undefined;
  };
  const ttl = inferTtl(s);
  const sampled = s.sample.entries().filter((k) => k.type === type);
  const got = sampled.map((k) => samples.get(k.key)).filter((x): x is Sample => x !== undefined && !('tooLarge' in x && x.tooLarge));
  const out: InferredKey = {
    db: t.db,
    name: keyName,
    pattern,
    type,
    ttl,
    examples: s.sample.names().slice(0, 3).sort(),
    evidence: '',
    confidence: 'low',
    count: s.count,
    sampleKeys: s.sample.names(),
    template: t,
  };
  // A module type (`TYPE` says `ReJSON-RL`, ...) is declared by its logical type name (`type: json`).
  const logical = Object.entries(MODULE_TYPE_NAMES).find(([, reported]) => reported === type)?.[0];
  if (logical) out.type = logical;
  switch (type) {
    case 'string': {
      const values = got.flatMap((g) => (g.type === 'string' && 'value' in g ? [g.value] : []));
      // HyperLogLogs are strings that start with the HYLL header: declared as such, with no value format.
      if (values.length > 0 && values.every((v) => isHyperLogLog(v))) out.type = 'hyperloglog';
      else out.value = inferValueFormat(values);
      break;
    }
    case 'list':
    case 'set':
      out.member = inferValueFormat(got.flatMap((g) => (g.type === type && 'members' in g ? g.members : [])));
      break;
    case 'zset':
      out.member = inferValueFormat(got.flatMap((g) => (g.type === 'zset' && 'members' in g ? g.members : [])));
      out.score = inferScoreFormat(got.flatMap((g) => (g.type === 'zset' && 'scores' in g ? g.scores : [])));
      break;
    case 'hash': {
      const r = inferFields(
        got.flatMap((g) => (g.type === 'hash' && 'fields' in g ? [{ fields: g.fields, complete: g.complete }] : [])),
        typeFor,
      );
      out.fields = r.fields;
      if (r.additional || got.length === 0) out.additionalFields = true;
      break;
    }
    case 'stream': {
      const entries = got.flatMap((g) => (g.type === 'stream' && 'entries' in g ? g.entries : []));
      out.entryFields = inferFields(
        entries.map((e) => ({ fields: e.fields, complete: true })),
        typeFor,
      ).fields;
      break;
    }
  }
  const mixed = [...s.types].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const withTtl = s.count - s.noTtl;
  const ttlText =
    withTtl === 0
      ? 'no TTL on any key'
      : `TTL on ${pct(withTtl, s.count)} of keys, ${humanDuration(Math.floor(s.minPttl / 1000))}-${humanDuration(Math.ceil(s.maxPttl / 1000))} left`;
  out.confidence =
    s.count >= 20 && mixed.length === 1 && got.length >= Math.min(10, s.count)
      ? 'high'
      : s.count >= 3 && mixed.length === 1
        ? 'medium'
        : 'low';
  out.evidence = [
    `${s.count.toLocaleString('en-US')} key(s) seen${s.observed ? ` (${s.observed} only in traffic)` : ''}, ${got.length} sampled`,
    `type ${mixed.map(([k, n]) => `${k} ${pct(n, s.count)}`).join(', ')}`,
    ttlText,
    `confidence ${out.confidence}`,
  ].join('; ');
  return out;
}
