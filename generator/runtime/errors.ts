/** A param, value or message that does not fit the spec. Nothing was sent to Redis. */
export class KeyspecValueError extends Error {
  override name = 'KeyspecValueError';
}
