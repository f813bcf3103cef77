/** Text that is safe to show: shell-quoted reproduce arguments, control characters made visible. */
import { keyNameBytes } from './key-bytes.ts';

/**
 * Quotes an argument for a POSIX shell; control and non-ASCII-printable bytes use bash's $'\xHH' form. A key
 * name that is not valid UTF-8 (key-bytes.ts) is quoted as its real bytes.
 */
export function shellQuote(arg: string): string {
  if (/^[A-Za-z0-9_@%+=,./:-]+$/.test(arg)) return arg;
  // eslint-disable-next-line no-control-regex -- control characters are what this looks for
  if (/[\x00-\x1f\x7f\uFFFD]/.test(arg) || new RegExp(UNSAFE.source).test(arg)) {
    const body = [...keyNameBytes(arg)]
      .map((b) => (b >= 0x20 && b < 0x7f && b !== 0x27 && b !== 0x5c ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`))
      .join('');
    return `$'${body}'`;
  }
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * What can forge or hide text on a terminal or in a Markdown/XML file: C0 controls (newline and carriage
 * return included: a report line must stay one line), DEL, C1 controls, lone UTF-16 surrogates, the
 * line/paragraph separators and the bidi overrides/isolates.
 */
/* eslint-disable no-control-regex -- control characters are what this looks for */
const UNSAFE =
  /[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/* eslint-enable no-control-regex */

function escapeChar(c: string): string {
  if (c === '\n') return '\\n';
  if (c === '\r') return '\\r';
  const code = c.charCodeAt(0);
  // A byte of a key name that is not valid UTF-8 (key-bytes.ts): `\xNN`, as redis-cli and bash write it.
  if (code >= 0xdc80 && code <= 0xdcff) return `\\x${(code - 0xdc00).toString(16)}`;
  // `\xNN` is a byte: a C1 control character (two bytes in UTF-8) is `\u00NN`.
  return code < 0x80 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** Makes text safe for a terminal or a Markdown file: control characters become visible escapes. */
export function printable(text: string): string {
  return text.replace(UNSAFE, escapeChar);
}

/**
 * A key, field, channel or member name as shown in a report, unambiguously: `\` and `"` escaped too,
 * so the text between the quotes spells the real name (`\n`, `\xNN` for a byte that is not valid UTF-8 or a
 * C0 control, `\uXXXX` for the rest).
 */
export function escapeName(name: string): string {
  return name.replace(/[\\"]/g, (c) => `\\${c}`).replace(UNSAFE, escapeChar);
}

/** Report fields that hold names (keys, channels), escaped with `escapeName` rather than `printable`. */
const NAME_FIELDS = new Set(['key', 'channel', 'examples', 'keys']);

/**
 * A copy of a report whose every string is safe to show (for terminal, Markdown and JUnit output): names
 * (keys, channels, unmatched examples) through `escapeName`, every other string through `printable`.
 */
export function printableReport<T>(value: T): T {
  const walk = (v: unknown, name: boolean): unknown => {
    if (typeof v === 'string') return name ? escapeName(v) : printable(v);
    if (Array.isArray(v)) return v.map((x) => walk(x, name));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, NAME_FIELDS.has(k))]));
    return v;
  };
  return walk(value, false) as T;
}
