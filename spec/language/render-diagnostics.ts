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
      const frame = clippedFrame(text, d.line, d.column, d.endLine === d.line ? d.endColumn : undefined);
      const loc = {
        start: { line: frame.line, column: frame.column },
        ...(frame.endColumn !== undefined && frame.endColumn > frame.column ? { end: { line: frame.line, column: frame.endColumn } } : {}),
      };
      out.push(
        codeFrameColumns(frame.text, loc, { highlightCode: false, forceColor: false, linesAbove: 1, linesBelow: 1 }).replace(/^/gm, '  '),
      );
    }
    out.push(`  ${c.cyan('hint:')} ${d.hint}`);
    out.push('');
  }
  return out.join('\n');
}

const FRAME_WIDTH = 120;

/**
 * The lines around a diagnostic, each cut to a window of FRAME_WIDTH characters around the column (a
 * minified or hostile spec can have a line of megabytes), with the position moved into that window.
 */
function clippedFrame(
  text: string,
  line: number,
  column: number,
  endColumn: number | undefined,
): { text: string; line: number; column: number; endColumn?: number } {
  const lines = text.split('\n');
  const near = [line - 2, line - 1, line].filter((i) => i >= 0 && i < lines.length);
  if (!near.some((i) => lines[i]!.length > FRAME_WIDTH)) return { text, line, column, ...(endColumn !== undefined ? { endColumn } : {}) };
  const from = Math.max(0, column - 1 - Math.floor(FRAME_WIDTH / 3));
  // Only the diagnostic's own line decides whether its column moves: a short line keeps its columns.
  const targetClipped = (lines[line - 1] ?? '').length > FRAME_WIDTH;
  for (const i of near) {
    const l = lines[i]!;
    if (l.length > FRAME_WIDTH)
      lines[i] = (from > 0 ? '…' : '') + l.slice(from, from + FRAME_WIDTH) + (from + FRAME_WIDTH < l.length ? '…' : '');
  }
  const shift = (c: number): number => (targetClipped ? c - from + (from > 0 ? 1 : 0) : c);
  const end = endColumn === undefined ? undefined : targetClipped ? Math.min(shift(endColumn), FRAME_WIDTH + 2) : endColumn;
  return { text: lines.join('\n'), line, column: Math.max(1, shift(column)), ...(end !== undefined ? { endColumn: end } : {}) };
}

/** The last line of `validate`: the counts, and under `strict` that warnings fail the run too. */
export function summaryLine(errors: number, warnings: number, files: number, opts: RenderOptions & { strict?: boolean }): string {
  const c = paletteFor(opts);
  const e = `${errors} error${errors === 1 ? '' : 's'}`;
  const w = `${warnings} warning${warnings === 1 ? '' : 's'}`;
  const f = `${files} spec${files === 1 ? '' : 's'}`;
  if (errors === 0 && warnings === 0) return c.green(`✓ ${f} valid: 0 errors, 0 warnings`);
  const counts = `${errors ? c.red(e) : e}, ${warnings ? c.yellow(w) : w} in ${f}`;
  if (errors === 0 && opts.strict) return `${counts}: ${c.red('failed')} (--strict: warnings fail the run)`;
  return counts;
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
