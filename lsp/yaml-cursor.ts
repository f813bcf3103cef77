/**
 * Where a cursor is in a spec's YAML: the data path of the node under it, and whether it is on a mapping's
 * key or on a value. For completion the text is usually incomplete (`    ty` on a new line), so a marker is
 * written at the cursor first (`    ty<marker>:`), which makes the line parse as what the user is typing.
 */
import { isMap, isPair, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import type { DataPath } from '../spec/language/source.ts';

export interface Place {
  /** For 'key': the path of the property whose key is under the cursor; for 'value': of the value. */
  path: DataPath;
  role: 'key' | 'value';
  /** The scalar's text before the cursor (what is being typed), and where that scalar starts. */
  prefix: string;
  /** The scalar's offsets in the original text [start, end). */
  range: [number, number];
  /** The scalar's whole value. */
  value: string;
  /** The document's data (for completion: with the typed entry in place). */
  data: unknown;
}

const MARK = 'KsCuRsOr';

/** The node under `offset` in a complete document, or undefined between nodes. */
export function placeAt(text: string, offset: number): Place | undefined {
  const doc = parseDocument(text, { uniqueKeys: false, strict: false });
  const data = safeJs(doc);
  const hit = find(doc.contents as Node | null, [], (n) => {
    const r = n.range;
    return !!r && r[0] <= offset && offset <= r[1];
  });
  if (!hit) return undefined;
  const r = hit.node.range!;
  const value = String((hit.node as { value?: unknown }).value ?? '');
  const prefix = text.slice(r[0], offset).replace(/^['"]/, '');
  return { path: hit.path, role: hit.role, prefix, range: [r[0], r[1]], value, data };
}

/** What is being typed at `offset`: the place of a marker written there (see the module comment). */
export function typingAt(text: string, offset: number): Place | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const nl = text.indexOf('\n', offset);
  const lineEnd = nl < 0 ? text.length : nl;
  const before = text.slice(lineStart, offset);
  const after = text.slice(offset, lineEnd);
  // A bare word on a line of its own is a key being typed: give it a colon so the line is a mapping entry.
  const bare = /^\s*[\w$.-]*$/.test(before) && /^[\w$.-]*\s*$/.test(after);
  const patched = text.slice(0, offset) + MARK + (bare ? after.trimEnd() + ':' : after) + text.slice(lineEnd);
  const doc = parseDocument(patched, { uniqueKeys: false, strict: false });
  const hit = find(doc.contents as Node | null, [], (n) => isScalar(n) && String(n.value).includes(MARK));
  if (!hit) return undefined;
  const raw = String((hit.node as { value?: unknown }).value);
  const prefix = raw.slice(0, raw.indexOf(MARK));
  const start = hit.node.range![0];
  const quoted = /^['"]/.test(patched.slice(start));
  const from = start + (quoted ? 1 : 0);
  const data = safeJs(doc);
  return {
    path: hit.path,
    role: hit.role,
    prefix,
    range: [from, from + prefix.length + (raw.length - raw.indexOf(MARK) - MARK.length)],
    value: raw.replace(MARK, ''),
    data,
  };
}

function safeJs(doc: ReturnType<typeof parseDocument>): unknown {
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch {
    return undefined;
  }
}

interface Hit {
  node: Node;
  path: DataPath;
  role: 'key' | 'value';
}

/** The innermost scalar satisfying `test`, with its data path. */
function find(node: Node | null | undefined, path: DataPath, test: (n: Node) => boolean): Hit | undefined {
  if (!node) return undefined;
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = pair.key as Node | null;
      const name = isScalar(key) ? String(key.value) : undefined;
      if (name === undefined) continue;
      if (key && isScalar(key) && test(key)) return { node: key, path: [...path, name.replace(MARK, '')], role: 'key' };
      const deeper = find(pair.value as Node | null, [...path, name], test);
      if (deeper) return deeper;
    }
    return undefined;
  }
  if (isSeq(node)) {
    for (let i = 0; i < node.items.length; i++) {
      const deeper = find(node.items[i] as Node | null, [...path, i], test);
      if (deeper) return deeper;
    }
    return undefined;
  }
  if (isScalar(node) && test(node)) return { node, path, role: 'value' };
  return undefined;
}
