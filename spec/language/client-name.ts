/**
 * Connection names (CLIENT SETNAME) of services, as `keyspec observe` attributes writes by them: a
 * service's name pattern, with some placeholders written encoded (BullMQ names its connections
 * `<prefix>:<base64(queue name)>`). An encoded placeholder matches the encoding's alphabet; its decoded
 * text must have the placeholder's declared type.
 */
import type { NameEncoding, PlaceholderType, Service } from './model.ts';
import { matchPattern } from './pattern.ts';
import { matchesType } from './placeholder-types.ts';

export const NAME_ENCODINGS: readonly NameEncoding[] = ['base64', 'base64url', 'hex'];

/** Whole-match regex of each encoding's text (never empty: an encoded placeholder holds at least one byte). */
export const ENCODING_REGEX: Record<NameEncoding, string> = {
  base64: '(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})',
  base64url: '[A-Za-z0-9_-]+',
  hex: '(?:[0-9a-fA-F]{2})+',
};

/** The placeholder type of an encoded placeholder's text. */
export function encodingType(encoding: NameEncoding): PlaceholderType {
  return { name: encoding, kind: 'regex', regex: ENCODING_REGEX[encoding], examples: [] };
}

/** The decoded text, or undefined when the text is not a canonical encoding (or not UTF-8). */
export function decodeName(encoding: NameEncoding, text: string): string | undefined {
  const bytes = Buffer.from(text, encoding);
  // Buffer's decoders skip what they cannot read: only a text that encodes back the same is one.
  if (bytes.toString(encoding) !== (encoding === 'hex' ? text.toLowerCase() : text)) return undefined;
  const decoded = bytes.toString('utf8');
  return decoded.includes('\uFFFD') ? undefined : decoded;
}

/** Encodes a placeholder value as the service writes it into its connection name. */
export function encodeName(encoding: NameEncoding, value: string): string {
  return Buffer.from(value, 'utf8').toString(encoding);
}

/** The placeholder values of a client name of the service (decoded), or null when it is not one. */
export function matchClientName(
  service: Pick<Service, 'clientNamePattern' | 'clientNameEncodings'>,
  name: string,
): Record<string, string> | null {
  if (!service.clientNamePattern) return null;
  const params = matchPattern(service.clientNamePattern, name);
  if (!params) return null;
  for (const e of service.clientNameEncodings ?? []) {
    const raw = params[e.placeholder];
    if (raw === undefined) continue;
    const decoded = decodeName(e.encoding, raw);
    if (decoded === undefined || !matchesType(e.type, decoded)) return null;
    params[e.placeholder] = decoded;
  }
  return params;
}
