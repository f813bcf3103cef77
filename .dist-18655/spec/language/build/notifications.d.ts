/**
 * Notification consumers: who listens to keyspace or keyevent notifications of which database (and
 * key pattern), and whether `server.notifyKeyspaceEvents` enables the events they need.
 */
import type { Database, NotificationConsumer, ServerRequirements } from '../model.ts';
import type { Builder, FileContext } from './builder.ts';
export declare function buildNotifications(ctx: FileContext): void;
/** Resolves each consumer's database and key, and checks the server flags enable what it needs. */
export declare function resolveNotifications(b: Builder, ctx: Pick<FileContext, 'file' | 'part'>, databases: readonly Database[], server: ServerRequirements): NotificationConsumer[];
//# sourceMappingURL=notifications.d.ts.map