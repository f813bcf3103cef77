/**
 * The server requirements (version, notify-keyspace-events, config), the env vars a deployment sets,
 * and the named connections built from them.
 */
import type { Connection, EnvVar, ServerRequirements } from '../model.ts';
import type { SourceFile } from '../source.ts';
import type { Builder } from './builder.ts';
import type { RawSpec } from './raw.ts';
export declare function buildServer(b: Builder, file: SourceFile, raw: RawSpec): ServerRequirements;
export declare function buildEnv(b: Builder, file: SourceFile, raw: RawSpec): EnvVar[];
/** Connections; every env var they name must be declared. */
export declare function buildConnections(b: Builder, file: SourceFile, raw: RawSpec, env: readonly EnvVar[]): Connection[];
//# sourceMappingURL=server.d.ts.map