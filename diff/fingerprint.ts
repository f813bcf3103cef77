/**
 * A change's fingerprint: a hash of its rule id and its subject path (database, key, field, channel ...
 * names), never of line numbers or messages, so an approval keeps matching while the spec file around the
 * change is edited, and stops matching when the change itself is another one.
 */
import { createHash } from 'node:crypto';

export function fingerprintOf(rule: string, subject: string): string {
  return createHash('sha256').update(`${rule}\u0000${subject}`).digest('hex').slice(0, 16);
}
