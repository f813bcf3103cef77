/**
 * The generated `connections.py`: where each database is reached, resolved from the env vars of the
 * spec's connections in their declared precedence (the runtime's copy of spec/language/connection-resolution.ts).
 */
import type { Spec } from '../../spec/index.ts';
import { originId } from '../../spec/index.ts';
import { docstring, specLine, wrapText } from './py.ts';

export function emitConnections(spec: Spec): string {
  const lines = spec.connections.map(
    (c) =>
      `- \`\`${c.name}\`\`: url ${c.url.join(' > ') || '(none)'}${c.host ? `, host ${c.host}` : ''}${c.port ? `, port ${c.port}` : ''}${c.db?.env ? `, db ${c.db.env}` : ''} (${specLine(spec, originId.connection(c.name))})`,
  );
  const wrapped = lines.map((l) => wrapText(l, 106).join('\n  '));
  return `"""Connections of the ${spec.name} keyspace, resolved from the env in the spec's declared precedence.

${wrapped.join('\n')}
"""

from __future__ import annotations

import os
from typing import Mapping, Optional, Union

from . import descriptors as d
from ._runtime.connection import ResolvedConnection, resolve_connection
from .databases import RedisDB


def resolve(db: Union[RedisDB, str], env: Optional[Mapping[str, str]] = None) -> ResolvedConnection:
${docstring(['The server and database a database (by enum member or name) is reached at, from ``env`` (default: os.environ). The URL holds the password: never print it (see ``redact_credentials``).'], 4)}    name = db.name.lower() if isinstance(db, RedisDB) else db
    by_index = isinstance(db, RedisDB)
    desc = next((v for k, v in d.DATABASES.items() if k == name or (by_index and v.index == int(db))), None)
    if desc is None:
        raise KeyError(f"no database {db!r} in the spec")
    return resolve_connection(desc.connection, desc.index, dict(os.environ) if env is None else env, d.ENV_DEFAULTS)
`;
}
