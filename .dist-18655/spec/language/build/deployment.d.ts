/**
 * The deployment (`deployment:`): engine, version, standalone or cluster, provider, and where each
 * logical database lives. A Redis Cluster has only DB 0, so a spec with several databases (or one that
 * is not DB 0) must say how they are placed (KS210): `per-endpoint` (each its own connection, KS215),
 * `prefixed` (all in DB 0 under non-overlapping prefixes, KS212-KS214) or `native` (Valkey 9+, KS211).
 * The provider's documented limits (providers.ts) and the spec's `forbids` become `Deployment.limits`.
 */
import type { Connection, Database, Deployment } from '../model.ts';
import type { SourceFile } from '../source.ts';
import { type Builder } from './builder.ts';
import type { RawSpec } from './raw.ts';
export declare function buildDeployment(b: Builder, file: SourceFile, raw: RawSpec, databases: readonly Database[], connections: readonly Connection[]): Deployment;
//# sourceMappingURL=deployment.d.ts.map