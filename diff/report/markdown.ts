/** The Markdown report, for a pull-request comment: a summary table first, then the changes by level. */
import { LEVELS, type Change, type Level } from '../types.ts';
import { describeLive, type DiffDocument } from './document.ts';

const ICON: Record<Level, string> = { breaking: '🔴', dangerous: '🟠', safe: '🟢' };

/** Text safe in a Markdown table cell or list item. */
function md(text: string): string {
  return text.replace(/[|\\`*_<>[\]]/g, (c) => `\\${c}`).replace(/\n/g, ' ');
}

function item(c: Change): string {
  const live = describeLive(c.live);
  const lines = [`- **\`${c.rule}\`** ${md(c.message)}`, `  - hurts ${c.hurts}: ${md(c.hint)}`];
  if (live) lines.push(`  - live: ${md(live)}`);
  if (c.approved) lines.push(`  - approved by ${md(c.approved.by)}: ${md(c.approved.reason)}`);
  lines.push(`  - subject \`${c.subject.replace(/`/g, "'")}\`, fingerprint \`${c.fingerprint}\``);
  return lines.join('\n');
}

export function renderMarkdownReport(doc: DiffDocument): string {
  const verdict = doc.exitCode === 0 ? '✅ nothing unapproved at or above' : '❌ unapproved changes at or above';
  const out = [
    `### keyspec diff: \`${doc.old.replace(/`/g, "'")}\` → \`${doc.new.replace(/`/g, "'")}\``,
    '',
    `${verdict} **${doc.failOn}**`,
    '',
    '| level | changes | approved | live keys affected |',
    '| --- | ---: | ---: | ---: |',
  ];
  for (const level of LEVELS) {
    const all = doc.changes.filter((c) => c.level === level);
    const approved = all.filter((c) => c.approved).length;
    const weighed = all.filter((c) => c.live?.weighed);
    const keys = weighed.reduce((s, c) => s + (c.live?.weighed ? c.live.keys : 0), 0);
    out.push(
      `| ${ICON[level]} ${level} | ${all.length - approved} | ${approved} | ${weighed.length ? keys.toLocaleString('en-US') : '—'} |`,
    );
  }
  if (doc.live)
    out.push(
      '',
      `Live counts from ${md(doc.live.target)}: ${doc.live.scanned.toLocaleString('en-US')} keys scanned${doc.live.complete ? '' : ' (stopped at the key limit)'}.`,
    );
  for (const level of LEVELS) {
    const all = doc.changes.filter((c) => c.level === level);
    if (!all.length) continue;
    out.push('', `#### ${ICON[level]} ${level} (${all.length})`, '', ...all.map(item));
  }
  if (doc.staleApprovals.length) {
    out.push('', '#### Stale approvals', '', 'These approvals match no change any more; remove them from the approvals file:', '');
    for (const a of doc.staleApprovals) out.push(`- \`${a.fingerprint}\` (${md(a.by)}: ${md(a.reason)})`);
  }
  if (!doc.changes.length) out.push('', 'No changes that keyspec judges.');
  return out.join('\n') + '\n';
}
