/** Renders diagnostics for people (code frames, colours) and for machines (JSON). */
import { createRequire } from 'node:module';
import { paletteFor, type Palette } from '../palette.ts';
import type { Diagnostic } from './diagnostics.ts';

export interface RenderOptions {
  /** Colour wanted (e.g. stdout is a terminal); takes effect with a `palette`. */
  color: boolean;
  palette?: Palette;
}

type CodeFrame = typeof import('@babel/code-frame').codeFrameColumns;
let codeFrame: CodeFrame | undefined;

/** @babel/code-frame, loaded the first time a frame is drawn (a valid spec never needs it). */
function codeFrameColumns(...args: Parameters<CodeFrame>): string {
  codeFrame ??= (createRequire(import.meta.url)('@babel/code-frame') as typeof import('@babel/code-frame')).codeFrameColumns;
  return codeFrame(...args);
}

export function renderText(diagnostics: readonly Diagnostic[], sources: Record<string, string>, opts: RenderOptions): string {
  const c = paletteFor(opts);
  const out: string[] = [];
  for (const d of diagnostics) {
    const sev = d.severity === 'error' ? c.red('error') : c.yellow('warning');
    out.push(`${c.bold(`${d.file}:${d.line}:${d.column}`)} ${c.dim(d.id)} ${sev} ${d.message}`);
    const text = sources[d.file];
    if (text !== undefined) {
      const loc = {
        start: { line: d.line, column: d.column },
        ...(d.endLine !== undefined && d.endLine === d.line && d.endColumn !== undefined && d.endColumn > d.column
          ? { end: { line: d.endLine, column: d.endColumn } }
          : {}),
      };
      out.push(codeFrameColumns(text, loc, { highlightCode: false, forceColor: false, linesAbove: 1, linesBelow: 1 }).replace(/^/gm, '  '));
    }
    out.push(`  ${c.cyan('hint:')} ${d.hint}`);
    out.push('');
  }
  return out.join('\n');
}

export function summaryLine(errors: number, warnings: number, files: number, opts: RenderOptions): string {
  const c = paletteFor(opts);
  const e = `${errors} error${errors === 1 ? '' : 's'}`;
  const w = `${warnings} warning${warnings === 1 ? '' : 's'}`;
  const f = `${files} spec${files === 1 ? '' : 's'}`;
  if (errors === 0 && warnings === 0) return c.green(`✓ ${f} valid: 0 errors, 0 warnings`);
  return `${errors ? c.red(e) : e}, ${warnings ? c.yellow(w) : w} in ${f}`;
}

export function renderJson(diagnostics: readonly Diagnostic[]): string {
  return JSON.stringify(
    {
      diagnostics: diagnostics.map((d) => ({
        id: d.id,
        severity: d.severity,
        file: d.file,
        line: d.line,
        column: d.column,
        message: d.message,
        hint: d.hint,
      })),
    },
    null,
    2,
  );
}
