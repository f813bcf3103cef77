/** Doc comments of the generated client: first sentences of spec descriptions, wrapped to fit. */
import type { KeyPattern, Spec } from '../../spec/index.ts';
import { describeTtl, originId, originOf } from '../../spec/index.ts';
import { WIDTH, wrap } from './layout.ts';

/** Non-empty lines joined. */
export function docLines(...lines: (string | undefined)[]): string {
  return lines.filter((l): l is string => l !== undefined && l !== '').join('\n');
}

/** The first paragraph of a Markdown description, on one line, safe inside a comment. */
export function firstSentence(md: string | undefined): string | undefined {
  if (!md) return undefined;
  const para = md
    .trim()
    .split(/\n\s*\n/)[0]!
    .replace(/\s+/g, ' ');
  return para.replace(/\*\//g, '*\\/');
}

/** A doc comment's text wrapped for a declaration indented by `indent` columns. */
export function doc(text: string, indent = 0): string {
  return wrap(text, WIDTH - indent - 8);
}

/** Where a declaration is in the spec, as `file:line`, from the model's side table of origins. */
export function specLocation(spec: Spec, originId: string): string {
  const at = originOf(spec, originId);
  return `${at.file}:${at.line}`;
}

/** The doc comment of a key accessor: pattern, type, database, description, TTL and spec location. */
/**
 * The key's slot group: which other keys share its hash slot (for the same tag value), so that multi-key
 * commands, MULTI and scripts over them stay on one node of a cluster. The client itself never sends a
 * command over several keys (each accessor's MULTI is over its own key), so none can cross groups.
 */
function slotGroupDoc(spec: Spec, key: KeyPattern): string[] {
  if (!key.slotGroup) return [];
  const db = spec.databases.find((d) => d.keys.includes(key));
  const group = db?.slotGroups.find((g) => g.name === key.slotGroup);
  if (!group) return [];
  const others = group.keys.filter((k) => k !== key.id);
  return [
    `Slot group \`${group.name}\` (hash tag: the value of \`${group.tag}\`)${others.length ? `, with ${others.map((k) => `\`${k}\``).join(', ')}` : ''}: keys of the group with the same \`${group.tag}\` share one hash slot.`,
  ];
}

export function keyDoc(spec: Spec, key: KeyPattern, dbIndex: number): string {
  return docLines(
    `\`${key.pattern.text}\` (${key.type}, DB ${dbIndex}): ${firstSentence(key.description) ?? key.id}`,
    `TTL: ${describeTtl(key.ttl)}.`,
    ...slotGroupDoc(spec, key),
    `Spec: ${specLocation(spec, originId.key(key.id))}`,
  );
}
