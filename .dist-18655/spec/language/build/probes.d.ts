/**
 * Probe checks, once keys and channels are linked: a probe writes only to probe-safe keys and
 * channels, names a real message or hash field, and gives params that fit every placeholder.
 */
import type { Channel, KeyPattern, Service } from '../model.ts';
import { type Builder } from './builder.ts';
export declare function checkProbes(b: Builder, services: readonly Service[], channels: readonly Channel[], allKeys: readonly KeyPattern[], resolveKey: (name: string) => KeyPattern | undefined): void;
//# sourceMappingURL=probes.d.ts.map