/**
 * Closes a connection once. `disconnect()` on a connection that is already closed starts ioredis's
 * `disconnectTimeout` timer (2 s) that nothing clears, which kept every check process alive for 2 s
 * after its report.
 */
export function closeConnection(c: { status: string; disconnect(): void } | undefined): void {
  if (!c || c.status === 'end') return;
  c.disconnect();
}
