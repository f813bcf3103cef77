/**
 * Channels: a pub/sub channel pattern and the message formats published on it. Channels are
 * server-wide; a channel declared under a database keeps that database as its connection's DB.
 */
import type { Channel } from '../model.ts';
import type { DataPath } from '../source.ts';
import type { FileContext } from './builder.ts';
import type { RawChannel } from './raw.ts';
/** Top-level channels. */
export declare function buildChannels(ctx: FileContext): void;
export declare function buildChannel(ctx: FileContext, rc: RawChannel, path: DataPath): Channel | undefined;
//# sourceMappingURL=channels.d.ts.map