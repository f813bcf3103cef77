/**
 * `--against SPEC`: the inferred keys (only those the spec does not match were mined) as additions to that
 * spec, inserted as text into its own file (after the last key of their database, or as a new database at
 * the end of `databases:`; new types after the last of `types:`), so the rest of the file stays byte for
 * byte, validated in-process with overlaps resolved, and shown as a unified diff to review.
 */
import { relative } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { Document, isMap, isSeq, parseDocument, type Node as YamlNode } from 'yaml';
import { loadSpec, type Diagnostic } from '../spec/index.ts';
import { keyToRaw, typeToRaw } from './emit-spec.ts';
import type { InferredKey } from './key-inference.ts';
import { resolveOverlaps } from './overlaps.ts';
import type { SharedTypes } from './shared-types.ts';
import { draftHost } from './spec-host.ts';

interface Insert {
  at: number;
  text: string;
  /** Characters replaced at `at` (0: a pure insertion). */
  del?: number;
}

function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf('\n', Math.max(0, offset - 1));
  return nl < 0 ? text.length : nl + 1;
}

/** A YAML block of seq items, each with its evidence comment, indented so that `-` is at `indent`. */
function seqBlock(items: { raw: unknown; comment?: string }[], indent: number): string {
  const doc = new Document(items.map((i) => i.raw));
  items.forEach((item, n) => {
    const node = doc.getIn([n], true);
    if (item.comment && isMap(node)) node.commentBefore = ` ${item.comment}`;
  });
  const pad = ' '.repeat(indent);
  return doc
    .toString({ lineWidth: 0, flowCollectionPadding: true })
    .split('\n')
    .filter((l, i, all) => !(i === all.length - 1 && l === ''))
    .map((l) => (l ? pad + l : l))
    .join('\n')
    .concat('\n');
}

function mapBlock(entries: Record<string, unknown>, indent: number): string {
  const pad = ' '.repeat(indent);
  return new Document(entries)
    .toString({ lineWidth: 0, flowCollectionPadding: true })
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => pad + l)
    .join('\n')
    .concat('\n');
}

function applyInserts(text: string, inserts: Insert[]): string {
  let out = text;
  for (const i of [...inserts].sort((a, b) => b.at - a.at)) out = out.slice(0, i.at) + i.text + out.slice(i.at + (i.del ?? 0));
  return out;
}

/** The spec text with the additions. */
function withAdditions(text: string, databases: { index: number; keys: InferredKey[] }[], types: SharedTypes): string {
  const doc = parseDocument(text, { keepSourceTokens: false });
  const inserts: Insert[] = [];
  const dbSeq = doc.get('databases', true);
  const newDbs: { index: number; keys: InferredKey[] }[] = [];
  for (const db of databases) {
    if (!db.keys.length) continue;
    const items = db.keys.map((k) => ({ raw: keyToRaw(k, types), comment: k.evidence }));
    const dbNode = isSeq(dbSeq) ? dbSeq.items.find((n) => isMap(n) && Number(n.get('index')) === db.index) : undefined;
    if (!isMap(dbNode)) {
      newDbs.push(db);
      continue;
    }
    const keys = dbNode.get('keys', true) as YamlNode | undefined;
    if (isSeq(keys) && keys.items.length && !keys.flow) {
      const first = keys.items[0] as YamlNode;
      const last = keys.items[keys.items.length - 1] as YamlNode;
      const indent = columnOf(text, first.range![0]) - 2;
      inserts.push({ at: lineEnd(text, last.range![2]), text: seqBlock(items, indent) });
    } else {
      // No keys yet (`keys: []` or none): a `keys:` block after the database's last entry.
      const pair = dbNode.items.find((p) => (p.key as { value?: unknown })?.value === 'keys');
      const indent = columnOf(text, (dbNode.items[0]!.key as YamlNode).range![0]);
      const block = `${' '.repeat(indent)}keys:\n${seqBlock(items, indent + 2)}`;
      if (pair && keys) {
        // Drop the empty flow list: `keys: []` -> the block.
        const keyStart = (pair.key as YamlNode).range![0];
        const start = text.lastIndexOf('\n', keyStart) + 1;
        inserts.push({ at: start, del: lineEnd(text, keys.range![2]) - start, text: block });
      } else inserts.push({ at: lineEnd(text, dbNode.range![2]), text: block });
    }
  }
  if (newDbs.length && isSeq(dbSeq)) {
    const last = dbSeq.items[dbSeq.items.length - 1] as YamlNode;
    const indent = columnOf(text, (dbSeq.items[0] as YamlNode).range![0]) - 2;
    const raws = newDbs.map((db) => ({
      raw: { index: db.index, name: `db${db.index}`, keys: db.keys.map((k) => keyToRaw(k, types)) },
      comment: `db ${db.index}: not in the spec; inferred by keyspec infer`,
    }));
    inserts.push({ at: lineEnd(text, last.range![2]), text: seqBlock(raws, indent) });
  }
  const newTypes = types.types();
  if (newTypes.length) {
    const typesNode = doc.get('types', true);
    const entries = Object.fromEntries(newTypes.map((t) => [t.name, typeToRaw(t)]));
    if (isMap(typesNode) && typesNode.items.length && !typesNode.flow) {
      const first = typesNode.items[0]!.key as YamlNode;
      const lastPair = typesNode.items[typesNode.items.length - 1]!;
      const end = ((lastPair.value as YamlNode | null) ?? (lastPair.key as YamlNode)).range![2];
      inserts.push({ at: lineEnd(text, end), text: mapBlock(entries, columnOf(text, first.range![0])) });
    } else {
      const dbKey = isMap(doc.contents) ? doc.contents.items.find((p) => (p.key as { value?: unknown })?.value === 'databases') : undefined;
      const at = dbKey ? text.lastIndexOf('\n', (dbKey.key as YamlNode).range![0]) + 1 : text.length;
      inserts.push({ at, text: `types:\n${mapBlock(entries, 2)}\n` });
    }
  }
  const out = applyInserts(text, inserts);
  return out;
}

export function additionsPatch(
  file: string,
  text: string,
  databases: { index: number; keys: InferredKey[] }[],
  types: SharedTypes,
  cwd: string,
): { text: string; draft: string; diagnostics: Diagnostic[] } {
  const byDb = new Map(databases.map((d) => [d.index, d.keys]));
  let patched = text;
  let diagnostics: Diagnostic[] = [];
  for (let round = 0; round < 4; round++) {
    patched = withAdditions(text, databases, types);
    diagnostics = loadSpec(file, draftHost(new Map([[file, patched]]), cwd)).diagnostics;
    if (resolveOverlaps(diagnostics, byDb) === 0) break;
  }
  const name = relative(cwd, file) || file;
  const patch = patched === text ? '' : createTwoFilesPatch(`a/${name}`, `b/${name}`, text, patched, undefined, undefined, { context: 3 });
  return { text: patch, draft: patched, diagnostics };
}
