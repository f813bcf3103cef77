/**
 * Approvals: reviewed changes, by fingerprint, with why and by whom. An approved change is reported as a
 * note and no longer fails the run; an approval that matches no change is reported as stale.
 */
import { parse } from 'yaml';
import type { Approval, Change } from './types.ts';

export class ApprovalsError extends Error {}

/** Parses an approvals file (JSON or YAML: a list of { fingerprint, reason, by }). */
export function parseApprovals(text: string, file: string): Approval[] {
  let data: unknown;
  try {
    data = parse(text);
  } catch (e) {
    throw new ApprovalsError(`${file}: not JSON or YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  if (data === null || data === undefined) return [];
  if (!Array.isArray(data)) throw new ApprovalsError(`${file}: expected a list of { fingerprint, reason, by } entries`);
  return data.map((entry: unknown, i): Approval => {
    const e = entry as Record<string, unknown>;
    const where = `${file}: entry ${i + 1}`;
    if (typeof e !== 'object' || e === null) throw new ApprovalsError(`${where}: expected { fingerprint, reason, by }`);
    for (const k of ['fingerprint', 'reason', 'by'])
      if (typeof e[k] !== 'string' || (e[k] as string).trim() === '')
        throw new ApprovalsError(`${where}: '${k}' must be a non-empty string (copy the fingerprint from the diff report)`);
    const extra = Object.keys(e).filter((k) => !['fingerprint', 'reason', 'by'].includes(k));
    if (extra.length) throw new ApprovalsError(`${where}: unknown propert${extra.length > 1 ? 'ies' : 'y'} ${extra.join(', ')}`);
    return { fingerprint: e.fingerprint as string, reason: e.reason as string, by: e.by as string };
  });
}

/** Marks approved changes; returns the approvals that matched nothing. */
export function applyApprovals(changes: Change[], approvals: readonly Approval[]): Approval[] {
  const byFp = new Map(approvals.map((a) => [a.fingerprint, a]));
  const used = new Set<string>();
  for (const c of changes) {
    const a = byFp.get(c.fingerprint);
    if (a) {
      c.approved = { reason: a.reason, by: a.by };
      used.add(a.fingerprint);
    }
  }
  return approvals.filter((a) => !used.has(a.fingerprint));
}
