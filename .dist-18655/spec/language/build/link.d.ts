/**
 * Linking: every name used (services, keys, channels, connections, env vars) must be declared, key
 * references become key ids, and readers/writers are merged both ways (key.writers <-> service.writes,
 * channel.publishers <-> service.publishes).
 */
import type { Channel, Connection, EnvVar, KeyPattern, Service } from '../model.ts';
import { type Builder, type FilePart } from './builder.ts';
import type { SourceFile } from '../source.ts';
/** A key by its unique name, or by its id (`<database>.<key>`). */
export declare function keyResolver(allKeys: readonly KeyPattern[]): (name: string) => KeyPattern | undefined;
export declare function checkRefs(b: Builder, part: FilePart, file: SourceFile, model: {
    services: readonly Service[];
    allKeys: readonly KeyPattern[];
    channels: readonly Channel[];
    connections: readonly Connection[];
    env: readonly EnvVar[];
}): void;
/** Key references by id, and readers/writers/publishers/subscribers the same from both sides. */
export declare function mergeUsers(services: readonly Service[], allKeys: readonly KeyPattern[], channels: readonly Channel[]): void;
/** A service of this file that touches nothing is probably unfinished (KS172). */
export declare function checkIdleServices(b: Builder, part: FilePart, file: SourceFile): void;
//# sourceMappingURL=link.d.ts.map