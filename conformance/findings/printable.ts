/** Text that is safe to show: shell-quoted reproduce arguments, control characters made visible. */

/** Quotes an argument for a POSIX shell; control and non-ASCII-printable bytes use bash's $'\xHH' form. */
export function shellQuote(arg: string): string {
  if (/^[A-Za-z0-9_@%+=,./:-]+$/.test(arg)) return arg;
  // eslint-disable-next-line no-control-regex -- control characters are what this looks for
  if (/[\x00-\x1f\x7f\uFFFD]/.test(arg)) {
    const body = [...Buffer.from(arg, 'utf8')]
      .map((b) => (b >= 0x20 && b < 0x7f && b !== 0x27 && b !== 0x5c ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`))
      .join('');
    return `$'${body}'`;
  }
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** Makes text safe for a terminal or a Markdown file: control characters become visible escapes. */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what this looks for
  return text.replace(/[\x00-\x08\x0b-\x1f\x7f\x9b]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** A copy of a report whose every string went through `printable` (for terminal and Markdown output). */
export function printableReport<T>(value: T): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return printable(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}
