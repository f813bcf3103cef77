/**
 * The files of the generated Python package besides the client modules: `values.py` (enum `Literal`s,
 * value types and `TypedDict`s), `__init__.py` (the public names), `py.typed`, and the runtime copied from
 * generator/python/runtime (its accessor template twice: as `aio.py` and, made synchronous, as `sync.py`).
 */
import type { Spec } from '../../spec/index.ts';
import { listAssets, readAsset } from '../assets.ts';
import type { GeneratedFile } from '../emitter.ts';
import { unasync } from './unasync.ts';
import { enumDeclarations, type PyTypes } from './types.ts';

/** The package name of a spec: `weppcloud` -> `weppcloud_keyspace`. */
export function packageName(spec: Spec): string {
  const s = spec.name.replace(/[^A-Za-z0-9]+/g, '_').toLowerCase();
  return `${/^[0-9]/.test(s) ? `_${s}` : s}_keyspace`;
}

export function emitValues(spec: Spec, types: PyTypes): string {
  const body = [...enumDeclarations(types.names), ...types.declarations].join('\n\n');
  const typing = ['Dict', 'List', 'Literal', 'NoReturn', 'Tuple', 'TypedDict', 'Union'].filter((n) => new RegExp(`\\b${n}\\b`).test(body));
  return `"""Value types of the ${spec.name} keyspace: enums as \`\`Literal\`\` aliases, JSON documents and hash fields as TypedDicts."""

from __future__ import annotations

from typing import ${typing.join(', ')}


${body}`;
}

export function emitInit(spec: Spec, types: PyTypes): string {
  const values = types.exportedNames();
  const modules: [string, string[]][] = [
    ['._runtime.errors', ['KeyspecConnectionError', 'KeyspecValueError']],
    ['._runtime.codecs', ['jsonpickle_class', 'pickle_dumps', 'pickle_loads']],
    ['._runtime.connection', ['ResolvedConnection', 'redact_credentials', 'resolve_connection']],
    ['._runtime.aio', ['ChannelMessage', 'KeyspaceEvent', 'ParsedMessage', 'Subscription']],
    ['.aio', ['Keyspace as AsyncKeyspace']],
    ['.databases', ['RedisDB']],
    ['.keys', ['ParsedKey', 'parse_key']],
    ['.sync', ['Keyspace']],
    ['.values', values],
  ];
  const names = modules.flatMap(([, xs]) => xs.map((x) => x.split(' as ').pop()!)).sort();
  return `"""The typed Redis client of the ${spec.name} keyspace (redis-py >= 4.3: \`\`Keyspace\`\` for \`\`redis.Redis\`\`,
\`\`AsyncKeyspace\`\` for \`\`redis.asyncio\`\`). Key builders and globs are in \`\`keys\`\`."""

from __future__ import annotations

${modules
  .filter(([, xs]) => xs.length)
  .map(([m, xs]) => `from ${m} import (\n${xs.map((x) => `    ${x},\n`).join('')})`)
  .join('\n')}

__all__ = [
${names.map((n) => `    ${JSON.stringify(n)},\n`).join('')}]
`;
}

/** The runtime's files, copied; the accessor template as `aio.py` and `sync.py`. */
export function runtimeFiles(root: string): GeneratedFile[] {
  const files = listAssets('python/runtime').filter((f) => f.endsWith('.py'));
  return files.flatMap((f) => {
    const text = readAsset(`python/runtime/${f}`);
    if (f === 'accessors.py')
      return [
        { path: `${root}/_runtime/aio.py`, contents: text },
        { path: `${root}/_runtime/sync.py`, contents: unasync(text) },
      ];
    return [{ path: `${root}/_runtime/${f}`, contents: text }];
  });
}
