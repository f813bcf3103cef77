/**
 * The generated `keys.py`: a builder per key pattern (typed params in, the concrete key out, every param
 * checked against its placeholder type), a glob per pattern for `SCAN MATCH`, and `parse_key` (patterns in
 * the spec index's match order, a pattern before the ones it shadows, so the first match wins).
 */
import type { Pattern, Spec } from '../../spec/index.ts';
import { indexSpec, originId } from '../../spec/index.ts';
import type { ClientNames, KeyNames } from '../client/naming.ts';
import { call, defLine, docstring, firstParagraph, render, snake, specLine, str } from './py.ts';
import type { PyTypes } from './types.ts';

/** The Python parameters of a pattern's placeholders: (python name, placeholder name, type). */
export function patternParams(p: Pattern, types: PyTypes): { arg: string; name: string; type: string }[] {
  return p.parts.flatMap((x) => (x.kind === 'placeholder' ? [{ arg: snake(x.name), name: x.name, type: types.placeholder(x.type) }] : []));
}

export function paramsDict(params: { arg: string; name: string }[]): string {
  return `{${params.map((p) => `${str(p.name)}: ${p.arg}`).join(', ')}}`;
}

export function builderName(k: KeyNames): string {
  return `${snake(k.base)}_key`;
}

export function globName(k: KeyNames): string {
  return `${snake(k.base).toUpperCase()}_GLOB`;
}

/** The SCAN MATCH glob of a key pattern (placeholders as `*`). */
export function globOf(k: KeyNames): string {
  return glob(k.key.pattern);
}

function glob(p: Pattern): string {
  return p.parts.map((x) => (x.kind === 'literal' ? x.text.replace(/[*?[\]\\]/g, (c) => `\\${c}`) : '*')).join('');
}

export function emitKeys(spec: Spec, names: ClientNames, types: PyTypes): string {
  const used = new Set<string>();
  const out: string[] = [
    '"""Key builders (params checked against their placeholder types), SCAN MATCH globs and ``parse_key``."""\n',
    'from __future__ import annotations\n',
    'from dataclasses import dataclass\nfrom typing import Dict, Optional, Union\n',
  ];
  const imports = [`from . import descriptors as d\nfrom ._runtime.names import build_name, parse_name\n`];
  const typeNames = new Set<string>();
  const fns: string[] = [];
  for (const k of names.keys) {
    const params = patternParams(k.key.pattern, types);
    for (const p of params) if (!['str', 'int'].includes(p.type)) typeNames.add(p.type);
    const sig = params.map((p) => `${p.arg}: ${p.type}`).join(', ');
    const doc = docstring(
      [
        `\`${k.key.pattern.text}\` (${k.key.id}, DB ${k.db.index}): ${firstParagraph(k.key.description) ?? k.key.id}`,
        `Spec: ${specLine(spec, originId.key(k.key.id))}. Raises KeyspecValueError when a param does not fit its type.`,
      ],
      4,
    );
    const name = builderName(k);
    used.add(name);
    const body = render(call('build_name', [`d.${k.descriptor}.parts`, paramsDict(params), str(k.key.id)]), 4, 'return '.length);
    fns.push(`${defLine(0, `def ${name}`, sig ? sig.split(', ') : [], 'str')}\n${doc}    return ${body}\n`);
  }
  if (typeNames.size) imports.push(`from .values import ${[...typeNames].sort().join(', ')}\n`);
  out.push(imports.join(''), '', fns.join('\n\n'), '');
  out.push(
    names.keys
      .map(
        (k) =>
          `${globName(k)} = ${str(glob(k.key.pattern))}\n${docstring([`SCAN MATCH glob of \`${k.key.pattern.text}\` (${k.key.id}).`], 0)}`,
      )
      .join(''),
  );
  out.push(
    '',
    `@dataclass(frozen=True)
class ParsedKey:
    """A key parsed by \`\`parse_key\`\`: its database, key pattern and typed params."""

    db: int
    db_name: str
    name: str
    id: str
    params: Dict[str, Union[str, int]]
`,
  );
  const index = indexSpec(spec);
  const cases: string[] = [];
  for (const db of names.databases) {
    if (!db.keys.length) continue;
    const byKey = new Map(db.keys.map((k) => [k.key, k]));
    const ordered = index.keysInMatchOrder(db.db.index).map((key) => byKey.get(key)!);
    const lines = ordered.flatMap((k) => [
      `        params = parse_name(d.${k.descriptor}.parts, key)`,
      `        if params is not None:`,
      `            return ParsedKey(${db.db.index}, ${str(db.db.name)}, ${str(k.key.name)}, ${str(k.key.id)}, params)`,
    ]);
    cases.push(`    if db == ${db.db.index}:\n${lines.join('\n')}`);
  }
  out.push(
    '',
    `def parse_key(db: int, key: str) -> Optional[ParsedKey]:
    """The key pattern a key of database \`\`db\`\` belongs to, with its typed params; None when it fits none."""
${cases.join('\n')}
    return None
`,
  );
  return out.join('\n');
}
