/**
 * Patterns and value formats as written in a spec, compiled against a type scope: every placeholder
 * must resolve to a type, appear once, not touch another placeholder, and (outside templates) not
 * match the empty string.
 */
import type { Pattern, PatternPart, ValueFormat } from '../model.ts';
import { compilePattern, parsePatternText } from '../pattern.ts';
import { backtrackingProblem, BUILTIN_TYPES, matchesEmpty, regexProblem } from '../placeholder-types.ts';
import type { DataPath, SourceFile } from '../source.ts';
import { parseFormat, type FormatContext, type FormatProblem } from '../value-format.ts';
import { closestHint, type Builder } from './builder.ts';
import type { TypeScope } from './type-scope.ts';

export type PatternUse = 'key' | 'field' | 'channel' | 'template';

export function compileIn(
  b: Builder,
  text: string,
  scope: TypeScope,
  file: SourceFile,
  path: DataPath,
  what: PatternUse,
): Pattern | undefined {
  const { parts: rawParts, errors } = parsePatternText(text);
  for (const e of errors) b.report('KS113', file, path, e.message);
  if (errors.length) return undefined;
  const seen = new Set<string>();
  const parts: PatternPart[] = [];
  let ok = true;
  rawParts.forEach((p, i) => {
    if (p.kind === 'literal') {
      parts.push(p);
      return;
    }
    if (seen.has(p.name)) {
      b.report('KS112', file, path, `placeholder {${p.name}} appears twice in '${text}'`);
      ok = false;
    }
    seen.add(p.name);
    const typeName = p.typeRef ?? p.name;
    const type = scope.resolve(typeName);
    if (!type) {
      // A declared type that failed to build was reported where it is declared.
      if (!scope.isDeclared(typeName))
        b.report(
          'KS110',
          file,
          path,
          `placeholder {${p.name}${p.typeRef ? `:${p.typeRef}` : ''}} in '${text}' has no type '${typeName}'`,
          closestHint(typeName, scope.visibleNames()) ??
            `Declare it under \`types:\`, or use a built-in type (${Object.keys(BUILTIN_TYPES).join(', ')}).`,
        );
      ok = false;
      return;
    }
    if (i > 0 && rawParts[i - 1]?.kind === 'placeholder') {
      b.report(
        'KS115',
        file,
        path,
        `placeholders {${(rawParts[i - 1] as { name: string }).name}} and {${p.name}} are adjacent in '${text}'`,
      );
    }
    if (what !== 'template' && matchesEmpty(type)) {
      b.report('KS118', file, path, `placeholder {${p.name}} has type '${type.name}', which matches the empty string`);
    }
    parts.push({ kind: 'placeholder', name: p.name, type });
  });
  if (!ok) return undefined;
  return compilePattern(text, parts);
}

/** How value formats resolve placeholder types and compile templates in this scope. */
export function formatContext(b: Builder, scope: TypeScope, file: SourceFile, base: DataPath = []): FormatContext {
  return {
    resolveType: (n) => scope.resolve(n),
    isDeclared: (n) => scope.isDeclared(n),
    compileTemplate: (text, path) => compileIn(b, text, scope, file, [...base, ...path], 'template'),
  };
}

export function formatIn(b: Builder, raw: unknown, scope: TypeScope, file: SourceFile, path: DataPath): ValueFormat {
  const problems: FormatProblem[] = [];
  const f = parseFormat(raw, formatContext(b, scope, file, path), problems);
  for (const p of problems) b.report(p.rule, file, [...path, ...p.path.filter((x) => x !== '')], p.message);
  reportSlowRegexes(b, raw, file, path);
  return f;
}

/** KS119 for each `regex:` format (also inside `anyOf`) that is valid but backtracks super-linearly. */
function reportSlowRegexes(b: Builder, raw: unknown, file: SourceFile, path: DataPath): void {
  if (!raw || typeof raw !== 'object') return;
  const o = raw as Record<string, unknown>;
  if (typeof o['regex'] === 'string' && regexProblem(o['regex']) === undefined) {
    const slow = backtrackingProblem(o['regex']);
    if (slow) b.report('KS119', file, [...path, 'regex'], `format: ${slow.message}`, slow.hint);
  }
  if (Array.isArray(o['anyOf'])) o['anyOf'].forEach((x, i) => reportSlowRegexes(b, x, file, [...path, 'anyOf', i]));
}
