/**
 * Hover: the language schema's description of the property under the cursor, with its default and
 * examples; on a reference (a service in `writers`, a type in a pattern, ...), also what it names and where
 * that is declared.
 */
import { relative } from 'node:path';
import type { MarkupContent } from 'vscode-languageserver/node.js';
import type { SpecHost } from '../spec/language/build/builder.ts';
import type { Spec } from '../spec/language/model.ts';
import { refersTo } from './declared-names.ts';
import { definitionAt, placeholderTypeAt } from './definition.ts';
import { descriptionOf, deref, enumValues, schemaAt, type Schema } from './schema-walk.ts';
import { placeAt } from './yaml-cursor.ts';

/** What hover needs to say where a referenced name is declared. */
export interface HoverContext {
  file: string;
  host: SpecHost;
  model?: Spec;
}

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

/** The description the model has for a declared service, channel, type or key. */
function declaredDescription(model: Spec | undefined, kind: string, name: string): string | undefined {
  if (!model) return undefined;
  if (kind === 'service') return model.services.find((s) => s.name === name)?.description;
  if (kind === 'channel') return model.channels.find((c) => c.name === name)?.description;
  if (kind === 'type' || kind === 'pattern') return model.types.find((t) => t.name === name)?.description;
  if (kind === 'dbKey') return model.databases.flatMap((d) => d.keys).find((k) => k.id === name)?.description;
  return undefined;
}

function referenceNote(text: string, offset: number, ctx: HoverContext): string | undefined {
  const p = placeAt(text, offset);
  if (!p || p.role !== 'value') return undefined;
  const place = schemaAt(p.path, p.data);
  const kind = place && refersTo(place);
  if (!kind || kind === 'import') return undefined;
  const at = definitionAt(text, offset, ctx.file, ctx.host, ctx.model);
  if (!at) return undefined;
  let name = p.value;
  if (kind === 'pattern') {
    const quoted = /^['"]/.test(text.slice(p.range[0]));
    name = placeholderTypeAt(p.value, offset - p.range[0] - (quoted ? 1 : 0)) ?? name;
  }
  const where = at.file === ctx.file ? `line ${at.line}` : `${relative(process.cwd(), at.file)}:${at.line}`;
  const what = kind === 'dbKey' ? 'key' : kind === 'pattern' ? 'type' : kind;
  const description = declaredDescription(ctx.model, kind, name);
  return `\`${name}\`: the ${what} declared at ${where}${description ? ': ' + description : ''}`;
}

export function hoverAt(text: string, offset: number, ctx?: HoverContext): MarkupContent | undefined {
  const p = placeAt(text, offset);
  if (!p || p.path.length === 0) return undefined;
  // On a list item, describe the list's property (`writers`, not one writer).
  let path = p.path;
  while (path.length > 0 && typeof path[path.length - 1] === 'number') path = path.slice(0, -1);
  // A property of another key type (`fields` on a string key, KS180) is still described.
  const place = schemaAt(path, p.data) ?? schemaAt(path, undefined);
  if (!place) return undefined;
  const note = ctx ? referenceNote(text, offset, ctx) : undefined;
  const value = describeSchema(String(path[path.length - 1]), place.schema, place.list);
  return { kind: 'markdown', value: note ? `${note}\n\n---\n\n${value}` : value };
}
