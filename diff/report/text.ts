/** The text report: one block per change, worst first, then the verdict. */
import type { Palette } from '../../spec/index.ts';
import { PLAIN } from '../../spec/index.ts';
import type { Level } from '../types.ts';
import { describeLive, type DiffDocument } from './document.ts';

export function renderTextReport(doc: DiffDocument, palette: Palette = PLAIN): string {
  const p = palette;
  const paint: Record<Level, (s: string) => string> = { breaking: p.red, dangerous: p.yellow, safe: p.green };
  const out: string[] = [`keyspec diff ${doc.old} -> ${doc.new}`];
  if (doc.changes.length === 0) out.push('', 'No changes that keyspec judges.');
  for (const c of doc.changes) {
    const level = c.approved ? `${c.level} (approved)` : c.level;
    out.push('', `${paint[c.level](level)}  ${p.bold(c.rule)}  ${c.message}`);
    out.push(`  subject ${c.subject}  fingerprint ${c.fingerprint}${c.location ? `  at ${c.location.file}:${c.location.line}` : ''}`);
    out.push(`  hurts ${c.hurts}; ${c.hint}`);
    const live = describeLive(c.live);
    if (live) out.push(`  live: ${live}`);
    if (c.approved) out.push(`  approved by ${c.approved.by}: ${c.approved.reason}`);
  }
  for (const a of doc.staleApprovals)
    out.push('', p.yellow(`stale approval ${a.fingerprint} (${a.by}: ${a.reason}): it matches no change any more; remove it`));
  const { breaking, dangerous, safe } = doc.counts;
  const verdict = doc.exitCode === 0 ? p.green('ok') : p.red('FAIL');
  out.push(
    '',
    `${breaking} breaking, ${dangerous} dangerous, ${safe} safe${doc.approved ? `, ${doc.approved} approved` : ''}; fails on ${doc.failOn} or worse: ${verdict}`,
  );
  return out.join('\n');
}
