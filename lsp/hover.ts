/** Hover: the language schema's description of the property under the cursor, with its default and examples. */
import type { MarkupContent } from 'vscode-languageserver/node.js';
import { descriptionOf, deref, enumValues, schemaAt, type Schema } from './schema-walk.ts';
import { placeAt } from './yaml-cursor.ts';

const code = (v: unknown): string => '`' + (typeof v === 'string' ? v : JSON.stringify(v)) + '`';

/** Markdown for one schema node: description, allowed values, default, examples. */
export function describeSchema(name: string, node: Schema, list?: Schema): string {
  const own = descriptionOf(node) ?? (list ? descriptionOf(list) : undefined);
  const target = deref(node).node;
  const lines = [`**${name}**${own ? ': ' + own : ''}`];
  const allowed = enumValues(node).filter((v) => typeof v !== 'boolean');
  if (allowed.length > 0 && allowed.length <= 20) lines.push(`Allowed: ${allowed.map(code).join(', ')}`);
  const dflt = 'default' in node ? node.default : target.default;
  if (dflt !== undefined) lines.push(`Default: ${code(dflt)}`);
  const examples = (node.examples ?? target.examples) as unknown[] | undefined;
  if (Array.isArray(examples) && examples.length) lines.push(`Examples: ${examples.map(code).join(', ')}`);
  return lines.join('\n\n');
}

export function hoverAt(text: string, offset: number): MarkupContent | undefined {
  const p = placeAt(text, offset);
  if (!p || p.path.length === 0) return undefined;
  // On a list item, describe the list's property (`writers`, not one writer).
  let path = p.path;
  while (path.length > 0 && typeof path[path.length - 1] === 'number') path = path.slice(0, -1);
  // A property of another key type (`fields` on a string key, KS180) is still described.
  const place = schemaAt(path, p.data) ?? schemaAt(path, undefined);
  if (!place) return undefined;
  return { kind: 'markdown', value: describeSchema(String(path[path.length - 1]), place.schema, place.list) };
}
