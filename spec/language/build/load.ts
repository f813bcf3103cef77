/**
 * Loading one spec file: read it through the host, parse the YAML with positions, substitute
 * `{ $param: name }` nodes, and check the structure against the JSON Schema.
 */
import { makeDiagnostic } from '../diagnostics.ts';
import { checkSchema } from '../schema-check.ts';
import { parseSource, type DataPath, type SourceFile } from '../source.ts';
import { parseSeconds } from '../ttl-policy.ts';
import type { Builder, Site } from './builder.ts';
import { recoverStructure } from './structural-recovery.ts';
import type { RawSpec } from './raw.ts';
import { paramTextMode, substitutePatternParams, type PatternParamContext } from './pattern-params.ts';

/** Parameter values an importer passes to a library, and where it wrote them. */
export interface GivenParams extends Site {
  values: Record<string, unknown>;
}

/** Parses and structurally checks a file; undefined when it cannot be used. */
export function loadFile(b: Builder, path: string, params?: GivenParams): { file: SourceFile; raw: RawSpec } | undefined {
  const display = b.display(path);
  const read = b.host.read ? b.host.read(path) : { text: b.host.readFile(path) };
  if ('error' in read || read.text === undefined) {
    const why = 'error' in read ? read.error : undefined;
    const at = { file: display, line: ('error' in read && read.line) || 1, column: ('error' in read && read.column) || 1 };
    b.diagnostics.push(makeDiagnostic('KS003', at, `cannot read ${display}${why ? `: ${why}` : ''}`));
    return undefined;
  }
  const text = read.text;
  b.sources[display] = text;
  let parsed: ReturnType<typeof parseSource>;
  try {
    parsed = parseSource(display, text);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    const message = 'the YAML nests too deeply to be read';
    b.diagnostics.push(
      makeDiagnostic('KS001', { file: display, line: 1, column: 1 }, message, 'A spec nests a few levels deep; flatten it.'),
    );
    return undefined;
  }
  b.files.push(display);
  b.diagnostics.push(...parsed.diagnostics);
  if (parsed.diagnostics.some((d) => d.severity === 'error')) return undefined;
  const file = parsed.source;
  let data = file.data;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    b.report('KS010', file, [], 'a spec must be a YAML mapping', 'Start with `keyspec: 1` and `name: ...`.');
    return undefined;
  }
  const before = b.diagnostics.length;
  if (params && differsFromDefaults(data as RawSpec, params.values)) b.underImporterParams.add(file);
  data = substituteParams(b, file, data, params);
  if (b.diagnostics.slice(before).some((d) => d.severity === 'error' && d.file === file.file)) return undefined;
  let schemaDiags: ReturnType<typeof checkSchema>;
  try {
    schemaDiags = checkSchema(file, data);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    b.report('KS010', file, [], 'the spec nests too deeply to be checked', 'A spec nests a few levels deep; flatten it.');
    return undefined;
  }
  b.diagnostics.push(...schemaDiags);
  for (const d of schemaDiags) b.structural.add(d);
  if (schemaDiags.length > 0) {
    // Build what is well formed too, so semantic problems are reported in the same run.
    const recovered = recoverStructure(file, data);
    if (!recovered) return undefined;
    data = recovered.data;
    b.damaged.push(...recovered.damaged);
    for (const n of recovered.removedNames) b.removedNames.add(n);
  }
  const raw = data as RawSpec;
  if (raw.keyspec !== 1) {
    b.report('KS014', file, ['keyspec'], `unsupported keyspec language version ${raw.keyspec}`);
    return undefined;
  }
  return { file, raw };
}

/** Whether an importer passes a parameter value other than the library's declared default. */
function differsFromDefaults(raw: RawSpec, given: Record<string, unknown>): boolean {
  const declared = (raw.params ?? {}) as Record<string, { default?: unknown } | undefined>;
  return Object.entries(given).some(([k, v]) => JSON.stringify(declared[k]?.default) !== JSON.stringify(v));
}

/** Replaces `{ $param: name }` nodes with the importer's values or the declared defaults. */
function substituteParams(b: Builder, file: SourceFile, data: object, given?: GivenParams): unknown {
  const declared = ((data as RawSpec).params ?? {}) as Record<string, { default: unknown }>;
  const values: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(declared)) if (v && typeof v === 'object' && 'default' in v) values[k] = v.default;
  if (given) {
    for (const [k, v] of Object.entries(given.values)) {
      if (!(k in declared)) {
        b.report(
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
        b.report('KS162', given.file, [...given.path, k], `parameter '${k}' must be ${want} (like its default), got ${jsonKind(v)}`);
        continue;
      }
      values[k] = v;
    }
  }
  const rawTypes = (data as RawSpec).types;
  const ctx: PatternParamContext = {
    values,
    descriptions: Object.fromEntries(
      Object.entries(declared).map(([k, v]) => [k, (v as { description?: unknown } | null)?.description as string | undefined]),
    ),
    declaredTypes: new Set(rawTypes && typeof rawTypes === 'object' ? Object.keys(rawTypes) : []),
    types: new Map(),
    problems: [],
  };
  const walk = (node: unknown, path: DataPath): unknown => {
    const mode = typeof node === 'string' ? paramTextMode(path, node) : undefined;
    if (mode) return substitutePatternParams(node as string, path, ctx, mode);
    if (Array.isArray(node)) return node.map((x, i) => walk(x, [...path, i]));
    if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      const keys = Object.keys(o);
      if (keys.length === 1 && keys[0] === '$param' && path[0] !== 'params') {
        const name = String(o.$param);
        if (!(name in values)) {
          b.report(
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
  const out = walk(data, []) as Record<string, unknown>;
  for (const p of ctx.problems) b.report('KS162', file, p.path, p.message, p.hint);
  if (ctx.types.size > 0) {
    const types = out.types && typeof out.types === 'object' ? (out.types as Record<string, unknown>) : {};
    out.types = { ...types, ...Object.fromEntries(ctx.types) };
  }
  return out;
}

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  if (v === null) return 'null';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'number') return Number.isInteger(v) ? 'an integer' : 'a number';
  return `a ${typeof v}`;
}
