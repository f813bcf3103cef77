/** The Markdown report (pure), for a CI step summary (`$GITHUB_STEP_SUMMARY`). */
import { printableReport } from '../findings/printable.ts';
import type { Report } from '../findings/report.ts';
import { groupFindings, reproduceOf } from './text.ts';

const n = (x: number): string => x.toLocaleString('en-US');

/** Escapes text for a Markdown table cell. */
export function cell(text: string | null | undefined): string {
  if (text === null || text === undefined || text === '') return '';
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, ' ')
    .replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;'));
}

/** Inline code inside a table cell: backticks cannot be escaped, pipes must be. */
const code = (text: string): string => '`' + text.replace(/`/g, "'").replace(/\|/g, '\\|').replace(/\r?\n/g, ' ') + '`';

export function renderMarkdownReport(raw: Report): string {
  const report = printableReport(raw);
  const s = report.summary;
  const icon = s.status === 'conforms' ? '✅' : s.status === 'violations' ? '❌' : '⚠️';
  const out: string[] = [];
  out.push(`## ${icon} keyspec ${report.mode ?? 'check'}: \`${report.spec.name}\` — ${s.status.toUpperCase()}`);
  out.push('');
  const what = s.observe
    ? `${n(s.observe.events)} key events, ${n(s.observe.messages)} pub/sub messages${s.observe.commands !== undefined ? `, ${n(s.observe.commands)} commands (MONITOR)` : ''} observed`
    : `${n(s.keys.scanned)} keys`;
  out.push(
    `${n(s.counts.error)} error${s.counts.error === 1 ? '' : 's'}, ${n(s.counts.warning)} warning${s.counts.warning === 1 ? '' : 's'}, ${n(s.counts.info)} info${s.counts.suppressed ? `, ${n(s.counts.suppressed)} suppressed by the baseline` : ''}. ` +
      `${what} in ${(s.durationMs / 1000).toFixed(1)} s against ${code(report.target.url)}${s.server.version ? ` (Redis ${s.server.version})` : ''}; exit code ${s.exitCode}.`,
  );
  out.push('');
  if (s.server.checks.length) {
    out.push('### Server', '', '| check | state | expected | actual |', '| --- | --- | --- | --- |');
    for (const c of s.server.checks)
      out.push(
        `| ${cell(c.name)} | ${c.state === 'pass' ? '✅ pass' : c.state === 'fail' ? '❌ fail' : '⚠️ unverifiable'} | ${cell(c.expected)} | ${cell(c.actual)} |`,
      );
    out.push('');
  }
  if (s.nodes?.length) {
    out.push(
      '### Cluster nodes',
      '',
      '| node | role | slots | DBSIZE | scanned | unmatched | version | notify-keyspace-events | server checks |',
      '| --- | --- | ---: | ---: | ---: | ---: | --- | --- | --- |',
    );
    for (const nd of s.nodes) {
      const bad = nd.checks.filter((x) => x.state !== 'pass');
      out.push(
        `| ${code(nd.address)} | ${nd.role}${nd.master ? ` of ${code(nd.master)}` : ''} | ${n(nd.slots)} | ${n(nd.size)} | ${n(nd.scanned)} | ${n(nd.unmatched)} | ${cell(nd.version ?? '')} | ${nd.notify !== null ? code(nd.notify || '""') : ''} | ${bad.length ? cell(bad.map((x) => `${x.state}: ${x.name}`).join(', ')) : 'pass'} |`,
      );
    }
    out.push('');
  }
  const groups = groupFindings(report).filter((g) => g.id !== 'pattern.unseen');
  out.push('### Findings', '');
  if (!groups.length) out.push('None.');
  else {
    out.push('| severity | check | db | pattern | keys | example | reproduce |', '| --- | --- | --- | --- | ---: | --- | --- |');
    for (const g of groups) {
      const f = g.findings[0];
      out.push(
        `| ${g.severity} | ${code(g.id)} | ${g.db ?? ''} | ${g.pattern ? code(g.pattern) : ''} | ${n(g.count || g.findings.length)} | ${cell(f?.message)} | ${f && reproduceOf(f) ? code(reproduceOf(f)!) : ''} |`,
      );
    }
  }
  out.push('');
  const seen = s.patterns.filter((p) => p.seen > 0);
  out.push('### Coverage', '');
  if (seen.length) {
    out.push('| pattern | db | keys | conforming | sampled |', '| --- | ---: | ---: | ---: | ---: |');
    for (const p of seen) out.push(`| ${code(p.pattern)} | ${p.db} | ${n(p.seen)} | ${p.percent}% | ${n(p.sampled)} |`);
    out.push('');
  }
  if (s.unseenPatterns.length) out.push(`Never seen: ${s.unseenPatterns.map(code).join(', ')}`, '');
  if (s.unmatchedPrefixes.length) {
    out.push('**Unmatched keys by prefix**', '', '| db | prefix | keys | examples |', '| ---: | --- | ---: | --- |');
    for (const u of s.unmatchedPrefixes.slice(0, 50)) {
      const why = new Map((u.nearest ?? []).map((x) => [x.key, x]));
      const ex = u.examples.map((e) => {
        const x = why.get(e);
        return `${code(`"${e}"`)}${x ? ` (nearest ${code(x.pattern)}: ${cell(x.differs)})` : ''}`;
      });
      out.push(`| ${u.db} | ${code(u.prefix)} | ${n(u.count)} | ${ex.join(', ')} |`);
    }
    out.push('');
  }
  return out.join('\n') + '\n';
}
