/** A param, value or message that does not fit the spec. Nothing was sent to Redis. */
export class KeyspecValueError extends Error {
  override name = 'KeyspecValueError';
}

/** A connection's env var that cannot be used (not a URL, not a port, an unreadable password file). */
export class KeyspecConnectionError extends Error {
  override name = 'KeyspecConnectionError';
}
