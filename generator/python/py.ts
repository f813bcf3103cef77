/**
 * Python source text: identifiers (snake_case, PascalCase, keywords avoided), string literals, docstrings
 * with links to the spec lines, and calls laid out on one line or one argument per line.
 */
import type { Spec } from '../../spec/index.ts';
import { originOf } from '../../spec/index.ts';
import { pascalCase, words } from '../names.ts';

export const WIDTH = 110;

const KEYWORDS = new Set([
  'False',
  'None',
  'True',
  'and',
  'as',
  'assert',
  'async',
  'await',
  'break',
  'class',
  'continue',
  'def',
  'del',
  'elif',
  'else',
  'except',
  'finally',
  'for',
  'from',
  'global',
  'if',
  'import',
  'in',
  'is',
  'lambda',
  'nonlocal',
  'not',
  'or',
  'pass',
  'raise',
  'return',
  'try',
  'while',
  'with',
  'yield',
  'match',
  'case',
  'type',
  'id',
  'set',
  'get',
  'key',
  'self',
  'desc',
  'redis',
  'ctx',
]);

export function snake(name: string): string {
  const s = words(name).join('_');
  const id = /^[0-9]/.test(s) ? `_${s}` : s || '_';
  return KEYWORDS.has(id) ? `${id}_` : id;
}

export function pascal(name: string): string {
  return pascalCase(name);
}

/** A Python string literal (JSON's escapes are Python's). */
export function str(text: string): string {
  return JSON.stringify(text);
}

/** A tuple literal (one member gets its trailing comma). */
export function tuple(items: readonly string[]): string {
  return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
}

/** A JSON value as a Python literal. */
export function pyJson(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(v);
  if (typeof v === 'string') return str(v);
  if (Array.isArray(v)) return `[${v.map(pyJson).join(', ')}]`;
  return `{${Object.entries(v as Record<string, unknown>)
    .map(([k, x]) => `${str(k)}: ${pyJson(x)}`)
    .join(', ')}}`;
}

/** A value of a call's layout: text, or a call whose arguments may go one per line. */
export type Expr = string | { call: string; args: [string | undefined, Expr][]; trailer?: string };

export function call(name: string, args: Record<string, Expr | undefined> | Expr[]): Expr {
  const list: [string | undefined, Expr][] = Array.isArray(args)
    ? args.map((a) => [undefined, a])
    : Object.entries(args).flatMap(([k, v]) => (v === undefined ? [] : [[k, v] as [string, Expr]]));
  return { call: name, args: list };
}

/** A tuple of expressions (laid out like a call). */
export function tupleOf(items: Expr[]): Expr {
  if (items.length === 1) return { call: '', args: [[undefined, items[0]!]], trailer: ',' };
  return { call: '', args: items.map((x) => [undefined, x]) };
}

function flat(e: Expr): string {
  if (typeof e === 'string') return e;
  const inner = e.args.map(([k, v]) => (k === undefined ? flat(v) : `${k}=${flat(v)}`)).join(', ');
  return `${e.call}(${inner}${e.trailer ?? ''})`;
}

/** An expression laid out from column `indent`: on one line when it fits, else one argument per line. */
export function render(e: Expr, indent: number, reserved = 0): string {
  const one = flat(e);
  if (typeof e === 'string' || indent + one.length + reserved <= WIDTH || e.args.length === 0) return one;
  const pad = ' '.repeat(indent + 4);
  const lines = e.args.map(([k, v]) => {
    const head = k === undefined ? '' : `${k}=`;
    return `${pad}${head}${render(v, indent + 4, head.length + 1)},`;
  });
  return `${e.call}(\n${lines.join('\n')}\n${' '.repeat(indent)})`;
}

/** Where a declaration is in the spec, as `file:line`. */
export function specLine(spec: Spec, id: string): string {
  const at = originOf(spec, id);
  return `${at.file}:${at.line}`;
}

/** The first paragraph of a Markdown description, on one line. */
export function firstParagraph(md: string | undefined): string | undefined {
  if (!md) return undefined;
  return md
    .trim()
    .split(/\n\s*\n/)[0]!
    .replace(/\s+/g, ' ');
}

/** Words of `text` in lines of at most `width` characters (a longer word gets a line of its own). */
export function wrapText(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const w of text.split(' ')) {
    if (line && line.length + 1 + w.length > width) {
      out.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) out.push(line);
  return out;
}

/** A docstring at `indent` columns: paragraphs wrapped, backslashes and quotes made safe. */
export function docstring(paragraphs: readonly (string | undefined)[], indent: number): string {
  const pad = ' '.repeat(indent);
  const safe = paragraphs
    .filter((p): p is string => p !== undefined && p !== '')
    .map((p) => p.replace(/\\/g, '\\\\').replace(/"""/g, '\\"\\"\\"'));
  if (safe.length === 0) return '';
  const lines = safe.flatMap((p, i) => [...(i ? [''] : []), ...wrapText(p, WIDTH - indent - 4)]);
  if (lines.length === 1 && lines[0]!.length + indent + 6 <= WIDTH && !lines[0]!.endsWith('"')) return `${pad}"""${lines[0]}"""\n`;
  return `${pad}"""${lines[0]}\n${lines
    .slice(1)
    .map((l) => (l ? `${pad}${l}` : ''))
    .join('\n')}${lines.length > 1 ? '\n' : ''}${pad}"""\n`;
}

/** A `def` line at `indent` columns: its parameters on one line when it fits, else one per line. */
export function defLine(indent: number, head: string, params: readonly string[], ret: string): string {
  const pad = ' '.repeat(indent);
  const one = `${pad}${head}(${params.join(', ')}) -> ${ret}:`;
  if (one.length <= WIDTH || params.length === 0) return one;
  return `${pad}${head}(\n${params.map((p) => `${pad}    ${p},`).join('\n')}\n${pad}) -> ${ret}:`;
}
