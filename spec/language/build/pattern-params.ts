/**
 * Parameters inside pattern text: `'{$prefix}:{$queues}:wait'` in a library. A scalar parameter
 * (string or number) is replaced by its text (braces doubled, so it stays literal); a list parameter
 * becomes a placeholder whose type is an enum over the list: `{$queues}` is the placeholder `{queues}`,
 * `{queue:$queues}` the placeholder `{queue}`, both of the type `queues` that this file gets (one value
 * for a scalar in the `{name:$param}` form). In `examples:` strings, `{$name}` is the parameter's text (a
 * list's first value). In a named type's `regex:`, `{$name}` inserts a scalar as regex text (`(?:...)`) and a
 * list as alternatives of its escaped values. Runs with the `{ $param: name }` substitution, before the structural check.
 */
import type { DataPath } from '../source.ts';

/** Properties whose string value is pattern text (key, field and channel patterns, templates, client names). */
const PATTERN_KEYS = new Set(['pattern', 'template', 'clientName']);

/** A cheap test for `{$name}` or `{placeholder:$name}` anywhere in the text. */
const MAY_REF = /\{(?:[A-Za-z_][A-Za-z0-9_]*:)?\$/;

const REF = /^\{(?:([A-Za-z_][A-Za-z0-9_]*):)?\$([A-Za-z_][A-Za-z0-9_]*)\}/;

export interface PatternParamProblem {
  path: DataPath;
  message: string;
  hint?: string;
}

export interface PatternParamContext {
  values: Readonly<Record<string, unknown>>;
  descriptions: Readonly<Record<string, string | undefined>>;
  /** Types this file declares itself (a list parameter's type may not take one of their names). */
  declaredTypes: ReadonlySet<string>;
  /** Enum types to add to the file's `types:`, by parameter name. */
  types: Map<string, { enum: string[]; description?: string }>;
  problems: PatternParamProblem[];
}

function scalarText(v: unknown): string | undefined {
  return typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)) ? String(v) : undefined;
}

function listValues(v: unknown): string[] | undefined {
  if (!Array.isArray(v) || v.length === 0) return undefined;
  const out = v.map(scalarText);
  return out.every((x): x is string => x !== undefined) ? out : undefined;
}

/** How a string's `{$name}` references are replaced: pattern text, a type's regex, or an example. */
export type ParamTextMode = 'pattern' | 'regex' | 'example';

/** Does this string (at this path) hold parameter references to substitute, and how? */
export function paramTextMode(path: DataPath, text: string): ParamTextMode | undefined {
  if (!MAY_REF.test(text) || path[0] === 'params') return undefined;
  const last = path[path.length - 1];
  const parent = path[path.length - 2];
  if (typeof last === 'number') return parent === 'examples' ? 'example' : undefined;
  if (PATTERN_KEYS.has(last!)) return 'pattern';
  // A named type's regex (`types:` or a `where:` map): `types.<name>.regex`.
  if (last === 'regex' && path.length >= 3 && (path[path.length - 3] === 'types' || path[path.length - 3] === 'where')) return 'regex';
  return undefined;
}

/** `(?:value)` for a scalar (regex text), the escaped values as alternatives for a list. */
function regexText(scalar: string | undefined, list: string[] | undefined): string {
  if (scalar !== undefined) return `(?:${scalar})`;
  return `(?:${list!.map((v) => v.replace(/[\\^$.*+?()[\]{}|/]/g, (c) => `\\${c}`)).join('|')})`;
}

/** The string with its `{$name}` references replaced (problems are collected in `ctx`). */
export function substitutePatternParams(text: string, path: DataPath, ctx: PatternParamContext, mode: ParamTextMode): string {
  const example = mode !== 'pattern';
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (!example && (c === '{' || c === '}') && text[i + 1] === c) {
      out += c + c;
      i += 2;
      continue;
    }
    const m = c === '{' ? REF.exec(text.slice(i)) : null;
    if (!m) {
      out += c;
      i++;
      continue;
    }
    i += m[0].length;
    const [, placeholder, name] = m as unknown as [string, string | undefined, string];
    if (!(name in ctx.values)) {
      ctx.problems.push({
        path,
        message: `'{$${name}}' refers to an undeclared parameter`,
        hint: 'Declare it under `params:` with a default.',
      });
      out += m[0];
      continue;
    }
    const v = ctx.values[name];
    const scalar = scalarText(v);
    const list = listValues(v);
    if (scalar === undefined && list === undefined) {
      ctx.problems.push({
        path,
        message: `parameter '${name}' is ${Array.isArray(v) ? 'an empty or mixed list' : 'not a string, a number or a list of them'}, so '{$${name}}' cannot be written in pattern text`,
      });
      out += m[0];
      continue;
    }
    if (mode === 'example') {
      out += scalar ?? list![0]!;
      continue;
    }
    if (mode === 'regex') {
      out += regexText(scalar, list);
      continue;
    }
    if (scalar !== undefined && placeholder === undefined) {
      out += scalar.replace(/[{}]/g, (b) => b + b);
      continue;
    }
    if (ctx.declaredTypes.has(name)) {
      ctx.problems.push({
        path,
        message: `'{${placeholder ? `${placeholder}:` : ''}$${name}}' needs the type '${name}', but this file declares a type of that name`,
        hint: `Rename the type '${name}', or write the placeholder with it: '{${placeholder ?? name}:${name}}'.`,
      });
      out += m[0];
      continue;
    }
    const description = ctx.descriptions[name];
    ctx.types.set(name, { enum: list ?? [scalar!], ...(description !== undefined ? { description } : {}) });
    out += placeholder !== undefined && placeholder !== name ? `{${placeholder}:${name}}` : `{${name}}`;
  }
  return out;
}
