/**
 * Structural check of a spec against the shipped JSON Schema, with every ajv error mapped back to the
 * exact YAML node (`file:line:col`). Errors on a path are collapsed into one diagnostic; only the deepest
 * failing paths are reported, so a wrong-typed TTL is reported once, at the TTL.
 */
import type { ErrorObject } from 'ajv/dist/2020.js';
import { makeDiagnostic, type Diagnostic } from './diagnostics.ts';
import { keyspecSchemaValidator, KEYSPEC_SCHEMA } from './precompiled-validators.ts';
import type { DataPath, SourceFile } from './source.ts';

export { KEYSPEC_SCHEMA };

const validator = keyspecSchemaValidator;

export function checkSchema(source: SourceFile, data: unknown = source.data): Diagnostic[] {
  const validate = validator();
  if (validate(data)) return [];
  const errors = (validate.errors ?? []).filter((e) => !fromTypeBranch(e));
  if (errors.length === 0) return [];
  const byPath = new Map<string, ErrorObject[]>();
  for (const e of errors) {
    const list = byPath.get(e.instancePath) ?? [];
    list.push(e);
    byPath.set(e.instancePath, list);
  }
  const paths = [...byPath.keys()];
  const diagnostics: Diagnostic[] = [];
  for (const p of paths) {
    let group = byPath.get(p) ?? [];
    const hasDeeper = paths.some((q) => q !== p && q.startsWith(p + '/'));
    if (hasDeeper) {
      // Where a deeper node failed, errors here are usually the other branches of an anyOf failing
      // too; keep only structural errors of a node that is not an anyOf/oneOf alternative.
      if (group.some((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf')) continue;
      group = group.filter((e) => !TYPE_LIKE.has(e.keyword));
      if (group.length === 0) continue;
    }
    diagnostics.push(...describe(source, decodePath(p), group));
  }
  if (diagnostics.length === 0) {
    // ajv said no but nothing was describable: never let an invalid spec pass silently.
    const e = errors[0]!;
    diagnostics.push(
      makeDiagnostic(
        'KS010',
        source.locate(decodePath(e.instancePath)),
        `${label(decodePath(e.instancePath))} ${e.message ?? 'is invalid'}`,
      ),
    );
  }
  return diagnostics;
}

/**
 * A key's schema offers the properties of one Redis type only where `type` says so: an `allOf` of
 * `if`/`then` branches on `type`, each `then` closed (`additionalProperties: false`) over the common
 * properties (`true`) and its type's own, so that editors complete only what fits. A property of another
 * type (`fields` on a string key) is the semantic rule KS180's to report, with its own message, and an `if`
 * that failed is no problem of its own: both are left out here.
 */
function fromTypeBranch(e: ErrorObject): boolean {
  if (e.keyword === 'if') return true;
  if (e.keyword !== 'additionalProperties' || !/\/allOf\/\d+\/then\/additionalProperties$/.test(e.schemaPath)) return false;
  return BRANCH_PROPERTIES.has(String((e.params as { additionalProperty: string }).additionalProperty));
}

/** The properties that `if`/`then` branches of the schema's objects add to their own (a key's per type). */
const BRANCH_PROPERTIES = new Set(
  Object.values(KEYSPEC_SCHEMA.$defs as Record<string, { allOf?: { then?: { properties?: Record<string, unknown> } }[] }>).flatMap((d) =>
    (d.allOf ?? []).flatMap((b) =>
      Object.entries(b.then?.properties ?? {})
        .filter(([, v]) => v !== true)
        .map(([k]) => k),
    ),
  ),
);

function decodePath(pointer: string): DataPath {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function label(path: DataPath): string {
  if (path.length === 0) return 'the spec';
  return path
    .map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`))
    .join('')
    .replace(/^\./, '');
}

const TYPE_LIKE = new Set(['type', 'const', 'enum', 'anyOf', 'oneOf', 'pattern', 'minimum', 'maximum']);

function describe(source: SourceFile, path: DataPath, all: ErrorObject[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  // Invalid names of map entries (type names, env var names): reported at the name itself.
  const badNames = all.filter((e) => e.keyword === 'propertyNames');
  for (const e of badNames) {
    const name = String((e.params as { propertyName: string }).propertyName);
    const pattern = (e.schema as { pattern?: string; $ref?: string } | undefined)?.$ref?.endsWith('identifier')
      ? 'an identifier ([A-Za-z_][A-Za-z0-9_-]*)'
      : 'a valid name';
    out.push(
      makeDiagnostic(
        'KS010',
        source.locate([...path, name], 'key'),
        `'${name}' in ${label(path)} is not ${pattern}`,
        'Rename it: letters, digits, `_` and `-`, not starting with a digit.',
      ),
    );
  }
  const errors = badNames.length
    ? all.filter(
        (e) =>
          e.keyword !== 'propertyNames' &&
          !(
            e.keyword === 'pattern' &&
            badNames.some(
              (b) =>
                (e.params as { pattern: string }).pattern && String((b.params as { propertyName: string }).propertyName) === String(e.data),
            )
          ),
      )
    : all;
  if (errors.length === 0) return out;
  const structural = errors.filter((e) => !TYPE_LIKE.has(e.keyword));
  if (structural.length > 0) {
    for (const e of structural) {
      if (e.keyword === 'additionalProperties') {
        const prop = String((e.params as { additionalProperty: string }).additionalProperty);
        const known = Object.keys((e.parentSchema as { properties?: object })?.properties ?? {});
        const guess = closest(prop, known);
        out.push(
          makeDiagnostic(
            'KS011',
            source.locate([...path, prop], 'key'),
            `unknown property '${prop}' in ${label(path)}`,
            guess ? `Did you mean '${guess}'?` : known.length ? `Allowed here: ${known.join(', ')}.` : undefined,
          ),
        );
      } else if (e.keyword === 'required') {
        const prop = String((e.params as { missingProperty: string }).missingProperty);
        out.push(makeDiagnostic('KS012', source.locate(path), `${label(path)} is missing required property '${prop}'`, `Add '${prop}:'.`));
      } else if (e.keyword === 'propertyNames') {
        continue; // reported through the nested pattern error on the name
      } else {
        out.push(makeDiagnostic('KS010', source.locate(path), `${label(path)} ${e.message ?? 'is invalid'}`));
      }
    }
    return dedupe(out);
  }
  // Only type-like failures: say once what was expected here.
  const anyOf = errors.find((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  const expected = anyOf ? (anyOf.parentSchema as { 'x-expected'?: string } | undefined)?.['x-expected'] : undefined;
  const enumErr = errors.find((e) => e.keyword === 'enum');
  if (!anyOf && enumErr) {
    const allowed = (enumErr.params as { allowedValues: unknown[] }).allowedValues;
    out.push(
      makeDiagnostic(
        'KS013',
        source.locate(path),
        `${label(path)} must be one of: ${allowed.map((v) => JSON.stringify(v)).join(', ')} (got ${JSON.stringify(enumErr.data)})`,
        guessHint(enumErr.data, allowed),
      ),
    );
    return out;
  }
  if (expected) {
    out.push(makeDiagnostic('KS010', source.locate(path), `${label(path)}: expected ${expected}, got ${show(anyOf?.data)}`));
    return out;
  }
  const first = errors.find((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf') ?? errors[0];
  if (first) {
    if (first.keyword === 'pattern' && path[path.length - 1] !== undefined) {
      out.push(makeDiagnostic('KS010', source.locate(path), `${label(path)} ${first.message ?? 'is invalid'} (got ${show(first.data)})`));
    } else {
      out.push(makeDiagnostic('KS010', source.locate(path), `${label(path)} ${first.message ?? 'is invalid'}, got ${show(first.data)}`));
    }
  }
  return out;
}

function show(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return JSON.stringify(v);
}

function guessHint(value: unknown, allowed: unknown[]): string | undefined {
  if (typeof value !== 'string') return undefined;
  const g = closest(
    value,
    allowed.filter((a): a is string => typeof a === 'string'),
  );
  return g ? `Did you mean '${g}'?` : undefined;
}

function dedupe(list: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const k = `${d.id}|${d.line}|${d.column}|${d.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** The closest candidate by edit distance, if it is close enough to be a plausible typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best !== undefined && bestD <= Math.max(1, Math.floor(word.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}
