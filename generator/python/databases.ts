/**
 * The generated `databases.py`: the spec's databases as an `IntEnum`. A database's aliases are members of
 * the same value, so every name is kept (`SESSION` and `WD_CACHE` both 11; the spec's own name comes first
 * and is the canonical one, `RedisDB(11).name`).
 */
import type { Spec } from '../../spec/index.ts';
import { originId } from '../../spec/index.ts';
import { docstring, specLine } from './py.ts';

function member(name: string): string {
  const s = name.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase();
  return /^[0-9]/.test(s) ? `_${s}` : s;
}

export function emitDatabases(spec: Spec): string {
  const lines: string[] = [];
  for (const db of spec.databases) {
    const what = `DB ${db.index} \`${db.name}\`${db.purpose ? `: ${db.purpose}` : ''}. Spec: ${specLine(spec, originId.database(db.index))}.`;
    lines.push(`    ${member(db.name)} = ${db.index}\n${docstring([what], 4)}`);
    for (const a of db.aliases)
      lines.push(`    ${member(a)} = ${db.index}\n${docstring([`Alias of ${member(db.name)} (DB ${db.index}).`], 4)}`);
  }
  return `"""The databases of the ${spec.name} keyspace."""

from __future__ import annotations

from enum import IntEnum


class RedisDB(IntEnum):
    """The logical databases by name; aliases are kept as members of the same value."""

${lines.join('')}`;
}
