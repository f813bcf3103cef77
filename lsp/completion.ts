/**
 * Completion: the schema's property names that fit the mapping under the cursor (a key's by its `type`),
 * the values a property allows, and the declared names a reference takes (a type inside a pattern's
 * `{...}`, a service in `writers`, a key in `shadows`, a channel in `publishes`, ...).
 */
import { CompletionItemKind, type CompletionItem } from 'vscode-languageserver/node.js';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Spec } from '../spec/language/model.ts';
import type { DataPath } from '../spec/language/source.ts';
import { declaredNames, refersTo } from './declared-names.ts';
import { describeSchema } from './hover.ts';
import { deref, enumValues, isObjectSchema, propertiesOf, schemaAt, type Schema } from './schema-walk.ts';
import { typingAt } from './yaml-cursor.ts';
import { KEYSPEC_SCHEMA } from '../spec/language/precompiled-validators.ts';

function dataAt(data: unknown, path: DataPath): unknown {
  let at = data;
  for (const seg of path) at = at && typeof at === 'object' ? (at as Record<string | number, unknown>)[seg] : undefined;
  return at;
}

export function completionsAt(doc: TextDocument, offset: number, model?: Spec): CompletionItem[] {
  const text = doc.getText();
  const t = typingAt(text, offset);
  if (!t) return [];
  // The whole word under the cursor is replaced (`ty|pe` -> `type`), not only what is before it.
  const end = offset + /^[\w.$-]*/.exec(text.slice(offset))![0].length;
  const edit = (label: string, from: number, insert = label) => ({
    range: { start: doc.positionAt(from), end: doc.positionAt(end) },
    newText: insert,
  });
  // A key that already has its colon (`ty|pe: hash`) gets only its name.
  const keyText = (name: string): string => (/^\s*:/.test(text.slice(end)) ? name : `${name}: `);
  const propertyItems = (mapPath: DataPath, schema: Schema, typed: string, from: number): CompletionItem[] => {
    const here = dataAt(t.data, mapPath);
    const present = new Set(here && typeof here === 'object' ? Object.keys(here) : []);
    return Object.entries(propertiesOf(deref(schema).node, here))
      .filter(([name]) => !present.has(name) || name === typed)
      .map(([name, s]) => ({
        label: name,
        kind: CompletionItemKind.Property,
        documentation: { kind: 'markdown', value: describeSchema(name, s) },
        textEdit: edit(name, from, keyText(name)),
        filterText: name,
      }));
  };

  if (t.role === 'key') {
    const mapPath = t.path.slice(0, -1);
    const schema = mapPath.length === 0 ? (KEYSPEC_SCHEMA as Schema) : schemaAt(mapPath, t.data)?.schema;
    return schema ? propertyItems(mapPath, schema, String(t.path[t.path.length - 1]), t.range[0]) : [];
  }

  const place = schemaAt(t.path, t.data);
  if (!place) return [];
  const items: CompletionItem[] = [];
  // `- na|` in a list of mappings: the first property of a new item.
  if (typeof t.path[t.path.length - 1] === 'number' && isObjectSchema(place.schema) && /^[\w$-]*$/.test(t.prefix)) {
    items.push(...propertyItems(t.path, place.schema, '', t.range[0]));
  }
  const kind = refersTo(place);
  if (kind === 'pattern') {
    // Inside `{...}` of a pattern or template: a type name (after `{name:`, or the name itself).
    const open = t.prefix.lastIndexOf('{');
    if (open >= 0 && open > t.prefix.lastIndexOf('}')) {
      const inner = t.prefix.slice(open + 1);
      const colon = inner.indexOf(':');
      const from = t.range[0] + open + 1 + (colon >= 0 ? colon + 1 : 0);
      for (const name of declaredNames('type', t.data, t.path, model))
        items.push({ label: name, kind: CompletionItemKind.TypeParameter, textEdit: edit(name, from), filterText: name });
    }
    return items;
  }
  if (kind && kind !== 'import') {
    const itemKind =
      kind === 'type' ? CompletionItemKind.TypeParameter : kind === 'env' ? CompletionItemKind.Variable : CompletionItemKind.Reference;
    for (const name of declaredNames(kind, t.data, t.path, model))
      items.push({
        label: name,
        kind: itemKind,
        detail: kind === 'dbKey' ? 'key' : kind,
        textEdit: edit(name, t.range[0]),
        filterText: name,
      });
  }
  for (const v of enumValues(place.schema)) {
    const label = String(v);
    items.push({ label, kind: CompletionItemKind.EnumMember, textEdit: edit(label, t.range[0]), filterText: label });
  }
  return items;
}
