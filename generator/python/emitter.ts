/**
 * The Python client emitter: a typed package for redis-py >= 4.3 (sync and redis.asyncio) named after the
 * spec (`weppcloud_keyspace`), from the same model facts as the TypeScript client: one naming pass
 * (client/naming.ts), the same descriptor values (client/descriptor-values.ts), the runtime's copies of the
 * codecs, TTL rules and connection resolution. Its files go under `<package>/` of the output folder, with a
 * `pyproject.toml` beside it.
 */
import { ClientNames, type KeyNames } from '../client/naming.ts';
import type { EmitContext, Emitter, GeneratedFile } from '../emitter.ts';
import { emitAsyncClient, emitSyncClient } from './accessors.ts';
import { emitConnections } from './connections.ts';
import { emitDatabases } from './databases.ts';
import { emitDescriptors } from './descriptors.ts';
import { emitKeys } from './keys.ts';
import { emitPyproject } from './pyproject.ts';
import { emitInit, emitValues, packageName, runtimeFiles } from './package.ts';
import { keyPyTypes, PyTypes, type KeyPyTypes } from './types.ts';

export const pythonEmitter: Emitter = {
  name: 'python',
  emit(ctx: EmitContext): GeneratedFile[] {
    const { spec } = ctx;
    const names = new ClientNames(spec);
    const types = new PyTypes(names);
    const keyTypes = new Map<KeyNames, KeyPyTypes>(names.keys.map((k) => [k, keyPyTypes(spec, types, k)]));
    const root = packageName(spec);
    const keys = emitKeys(spec, names, types);
    const aio = emitAsyncClient(spec, names, types, keyTypes);
    return [
      ...runtimeFiles(root),
      { path: `${root}/py.typed`, contents: '' },
      { path: `${root}/__init__.py`, contents: emitInit(spec, types) },
      { path: `${root}/aio.py`, contents: aio },
      { path: `${root}/sync.py`, contents: emitSyncClient(aio) },
      { path: `${root}/connections.py`, contents: emitConnections(spec) },
      { path: `${root}/databases.py`, contents: emitDatabases(spec) },
      { path: `${root}/descriptors.py`, contents: emitDescriptors(spec, names) },
      { path: `${root}/keys.py`, contents: keys },
      { path: `${root}/values.py`, contents: emitValues(spec, types) },
      { path: 'pyproject.toml', contents: emitPyproject(spec, root) },
    ];
  },
};
