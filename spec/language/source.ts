/**
 * A spec file parsed with positions: the YAML document, its plain data, and a way to map a data path
 * (e.g. ['databases', 0, 'keys', 2, 'ttl']) back to `line:column` of the node in the file.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';
import { makeDiagnostic, type Diagnostic, type SourcePos } from './diagnostics.ts';
import { explainYamlError } from './yaml-errors.ts';

export type DataPath = readonly (string | number)[];

export interface SourceFile {
  /** The file name as given (used in diagnostics). */
  file: string;
  text: string;
  /** Plain data (undefined if the YAML could not be parsed at all). */
  data: unknown;
  /** Position of the value at `path` (or of its key when `part` is 'key'); the closest existing ancestor if absent. */
  locate(path: DataPath, part?: 'value' | 'key'): SourcePos;
}

export interface ParsedSource {
  source: SourceFile;
  diagnostics: Diagnostic[];
}

export function parseSource(file: string, text: string): ParsedSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true });
  const diagnostics: Diagnostic[] = [];
  const toPos = (start: number, end?: number): SourcePos => {
    const a = lineCounter.linePos(start);
    const b = end === undefined ? undefined : lineCounter.linePos(end);
    return { file, line: a.line, column: a.col, ...(b ? { endLine: b.line, endColumn: b.col } : {}) };
  };
  for (const err of doc.errors) {
    const start = openingOf(text, err.message, err.pos[0]);
    const pos = start === err.pos[0] ? toPos(err.pos[0], err.pos[1]) : toPos(start, start + 1);
    const raw = /call stack/i.test(err.message) ? 'the YAML nests too deeply to be read' : firstLine(err.message);
    if (err.code === 'DUPLICATE_KEY') diagnostics.push(makeDiagnostic('KS002', pos, raw));
    else {
      const lineText = text.split('\n')[pos.line - 1] ?? '';
      const { message, hint } = explainYamlError(err.code, raw, lineText);
      diagnostics.push(makeDiagnostic('KS001', pos, message, hint));
    }
  }
  if (doc.errors.length === 0) {
    // Aliases to undefined anchors make toJS throw; report each at the alias.
    visit(doc, {
      Alias(_key, node) {
        if (node.resolve(doc) === undefined && node.range)
          diagnostics.push(
            makeDiagnostic(
              'KS001',
              toPos(node.range[0], node.range[1]),
              `unknown alias *${node.source}`,
              'Define the anchor (&name) before using it.',
            ),
          );
      },
    });
  }
  let data: unknown;
  if (doc.errors.length === 0 && diagnostics.length === 0) {
    try {
      data = doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      diagnostics.push(makeDiagnostic('KS001', toPos(0), `cannot load YAML: ${firstLine(String((e as Error).message ?? e))}`));
    }
  }
  const locate = (path: DataPath, part: 'value' | 'key' = 'value'): SourcePos => {
    const found = walk(doc, path);
    const node = part === 'key' && found.keyNode ? found.keyNode : found.node;
    const range = node?.range;
    if (!range) return { file, line: 1, column: 1 };
    return toPos(range[0], range[1]);
  };
  return { source: { file, text, data, locate }, diagnostics };
}

/**
 * Unterminated quotes and flow collections are noticed where the parser gives up (often at the end
 * of the file); point at where they were opened instead.
 */
function openingOf(text: string, message: string, pos: number): number {
  const at = Math.min(pos, text.length);
  const quote = /Missing closing ("|')quote/.exec(message)?.[1];
  if (quote) {
    for (let i = at - 1; i >= 0; i--) {
      if (text[i] === quote && (i === 0 || /[\s:[,{-]/.test(text[i - 1]!))) return i;
    }
    return pos;
  }
  const flow = /^Flow (sequence|mapping)/.exec(message)?.[1];
  if (flow) {
    const [open, close] = flow === 'sequence' ? ['[', ']'] : ['{', '}'];
    let depth = 0;
    for (let i = at - 1; i >= 0; i--) {
      if (text[i] === close) depth++;
      else if (text[i] === open) {
        if (depth === 0) return i;
        depth--;
      }
    }
  }
  return pos;
}

function firstLine(s: string): string {
  const line = s.split('\n')[0] ?? s;
  // yaml appends " at line L, column C" to some messages; the position is reported separately.
  return line.replace(/ at line \d+, column \d+:?$/, '');
}

interface WalkResult {
  node: Node | undefined;
  keyNode: Node | undefined;
}

function walk(doc: Document, path: DataPath): WalkResult {
  let node: Node | undefined = (doc.contents ?? undefined) as Node | undefined;
  let keyNode: Node | undefined;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && keyValue(p.key) === String(seg));
      if (!pair) return { node, keyNode: undefined };
      keyNode = pair.key as Node;
      const value = pair.value as Node | null;
      if (!value) return { node: keyNode, keyNode };
      node = value;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg] as Node | undefined;
      if (!item) return { node, keyNode: undefined };
      keyNode = undefined;
      node = item;
    } else {
      return { node, keyNode: undefined };
    }
  }
  return { node, keyNode };
}

function keyValue(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return undefined;
}
