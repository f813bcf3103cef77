/**
 * References between keys (`member: { ref: job }`, a hash field whose value names a job): once every key
 * is bound to its database, each `ref` format is resolved to the referenced key's id, the placeholder the
 * value fills (`by`) and the format the value itself has. The referenced key must be in the same
 * database, and each of its other placeholders must be a placeholder of the referencing key (check
 * builds the referenced name from the referencing key's values), else KS231.
 */
import type { HashField, KeyPattern, ValueFormat } from '../model.ts';
import type { DataPath, SourceFile } from '../source.ts';
import { closestHint, type Builder, type Site } from './builder.ts';

type RefFormat = Extract<ValueFormat, { kind: 'ref' }>;

/** Where each `ref` format was written (formats are resolved after linking). */
const sites = new WeakMap<Builder, WeakMap<object, Site>>();

/** Records the `ref` formats of a key just built, their key names qualified with the file's namespace. */
export function noteKeyRefs(b: Builder, key: KeyPattern, file: SourceFile, kpath: DataPath, q: (n: string) => string): void {
  let m = sites.get(b);
  if (!m) sites.set(b, (m = new WeakMap()));
  const at = m;
  for (const { format, path } of refFormats(key, kpath)) {
    format.key = q(format.key);
    at.set(format, { file, path });
  }
}

/** Every `ref` format of a key (also inside `anyOf`), with the data path it was written at. */
function refFormats(key: KeyPattern, kpath: DataPath): { format: RefFormat; path: DataPath }[] {
  const out: { format: RefFormat; path: DataPath }[] = [];
  const walk = (f: ValueFormat, path: DataPath): void => {
    if (f.kind === 'ref') out.push({ format: f, path: [...path, 'ref'] });
    else if (f.kind === 'anyOf') f.formats.forEach((x, i) => walk(x, [...path, 'anyOf', i]));
  };
  if (key.type === 'string') walk(key.value, [...kpath, 'value']);
  else if (key.type === 'hash' || key.type === 'stream') {
    const prop = key.type === 'hash' ? 'fields' : 'entryFields';
    key.fields.forEach((f, i) => walk(f.value, [...kpath, prop, i, 'value']));
    if (key.type === 'stream')
      key.entryCases?.cases.forEach((c, ci) =>
        c.fields.forEach((f, i) => walk(f.value, [...kpath, 'entryCases', 'cases', ci, 'fields', i, 'value'])),
      );
  } else if (key.type !== 'module') {
    walk(key.member, [...kpath, 'member']);
    if (key.type === 'zset') walk(key.score, [...kpath, 'score']);
  }
  return out;
}

/** Resolves every `ref` format of the keys (bound copies share formats: each key gets its own resolved copy). */
export function resolveKeyRefs(b: Builder, allKeys: readonly KeyPattern[]): void {
  const at = sites.get(b);
  if (!at) return;
  const reported = new Set<object>();
  const resolveIn = (key: KeyPattern, f: ValueFormat): ValueFormat => {
    if (f.kind === 'anyOf') return { ...f, formats: f.formats.map((x) => resolveIn(key, x)) };
    if (f.kind !== 'ref') return f;
    const site = at.get(f);
    const report = (message: string, hint?: string): void => {
      if (!site || reported.has(f)) return;
      reported.add(f);
      b.report('KS231', site.file, site.path, message, hint);
    };
    const sameDb = allKeys.filter((k) => k.db === key.db);
    const target =
      sameDb.find((k) => k.name === f.key) ?? sameDb.find((k) => k.id === f.key) ?? sameDb.find((k) => k.name.endsWith(`.${f.key}`));
    if (!target) {
      const elsewhere = allKeys.find((k) => k.name === f.key || k.id === f.key);
      report(
        elsewhere
          ? `key ${key.id} refers to ${elsewhere.id}, which is in another database: check could not look it up`
          : `key ${key.id} refers to '${f.key}', which is no key pattern of its database`,
        elsewhere
          ? undefined
          : closestHint(
              f.key,
              sameDb.map((k) => k.name),
            ),
      );
      return f;
    }
    if (f.by === '') return { ...f, key: target.id, format: { kind: 'template', pattern: target.pattern } };
    const own = new Set(key.pattern.placeholders);
    const free = target.pattern.placeholders.filter((p) => !own.has(p));
    let by = f.by;
    if (by === '?') {
      if (free.length !== 1) {
        report(
          free.length === 0
            ? `every placeholder of ${target.id} (\`${target.pattern.text}\`) is bound by ${key.id}: say which one the value fills with \`by:\``
            : `the value of ${key.id} would have to fill ${free.map((p) => `{${p}}`).join(' and ')} of ${target.id} (\`${target.pattern.text}\`); ${key.id} binds none of them`,
        );
        return f;
      }
      by = free[0]!;
    } else if (!target.pattern.placeholders.includes(by)) {
      report(`${target.id} (\`${target.pattern.text}\`) has no placeholder {${by}}`, closestHint(by, target.pattern.placeholders));
      return f;
    } else {
      const unbound = free.filter((p) => p !== by);
      if (unbound.length) {
        report(
          `${key.id} (\`${key.pattern.text}\`) has no ${unbound.map((p) => `{${p}}`).join(', ')}, so the referenced ${target.id} key name cannot be built`,
        );
        return f;
      }
    }
    const part = target.pattern.parts.find((p) => p.kind === 'placeholder' && p.name === by);
    const type = part && part.kind === 'placeholder' ? part.type : undefined;
    return { ...f, key: target.id, by, format: type ? { kind: 'type', type } : { kind: 'raw' } };
  };
  for (const k of allKeys) {
    const resolveFields = (fields: HashField[]): HashField[] =>
      fields.map((fd) => {
        const value = resolveIn(k, fd.value);
        if (value === fd.value) return fd;
        const copy = { ...fd, value };
        const pos = b.at.get(fd);
        if (pos) b.at.set(copy, pos);
        return copy;
      });
    if (k.type === 'string') k.value = resolveIn(k, k.value);
    else if (k.type === 'hash' || k.type === 'stream') {
      k.fields = resolveFields(k.fields);
      if (k.type === 'stream' && k.entryCases)
        k.entryCases = { ...k.entryCases, cases: k.entryCases.cases.map((c) => ({ ...c, fields: resolveFields(c.fields) })) };
    } else if (k.type !== 'module') {
      k.member = resolveIn(k, k.member);
      if (k.type === 'zset') k.score = resolveIn(k, k.score);
    }
  }
}
