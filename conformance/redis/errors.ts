/** How Redis errors are read where the check falls back rather than fails. */

/** The first line of an error's message. */
export function errText(e: unknown): string {
  return String((e as Error)?.message ?? e).split('\n')[0]!;
}

/** Errors that mean "scripts (or this script) are not available here": fall back, don't fail. */
export function scriptRefused(msg: string): boolean {
  return /NOPERM|unknown command|NOSCRIPT|not allowed|disabled|CROSSSLOT|MOVED|no permissions|Lua|script/i.test(msg);
}
