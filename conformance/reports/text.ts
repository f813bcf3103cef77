/**
 * The text report (pure): server checks, findings aggregated per check x db x pattern (count and a few
 * examples, never one line per key), coverage per pattern, unmatched keys by prefix, and a verdict.
 */
import { printableReport } from '../findings/printable.ts';
import type { FindingGroup, Report } from '../findings/report.ts';
import { CHECKS, type CheckId } from '../findings/ids.ts';
import { paletteFor, type Palette } from '../../spec/palette.ts';

export interface TextOptions {
  /** Colour wanted; takes effect with a `palette` (the CLI passes picocolors). */
  color?: boolean;
  palette?: Palette;
  /** Example keys shown per finding group (default 3). */
  examples?: number;
}

export function groupFindings(report: Report): FindingGroup[] {
  const byKey = new Map<string, FindingGroup>();
  for (const c of report.summary.checks)
    byKey.set(`${c.id}|${c.db}|${c.pattern}`, {
      id: c.id,
      severity: c.severity,
      db: c.db,
      pattern: c.pattern,
      count: c.count,
      findings: [],
    });
  for (const f of report.findings) {
    const k = `${f.id}|${f.db}|${f.pattern}`;
    let g = byKey.get(k);
    if (!g) byKey.set(k, (g = { id: f.id, severity: f.severity, db: f.db, pattern: f.pattern, count: 0, findings: [] }));
    g.findings.push(f);
  }
  const order = { error: 0, warning: 1, info: 2 } as const;
  return [...byKey.values()].sort(
    (a, b) =>
      order[a.severity] - order[b.severity] ||
      (a.db ?? -1) - (b.db ?? -1) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) ||
      ((a.pattern ?? '') < (b.pattern ?? '') ? -1 : 1),
  );
}

const n = (x: number): string => x.toLocaleString('en-US');
/** Quotes a name that `printableReport` already escaped (`escapeName`: quotes and backslashes included). */
const q = (s: string): string => `"${s}"`;

/** What a finding group counts, by check: keys, channels, databases or errors. */
export function unitOf(g: FindingGroup): [string, string] {
  if (g.id.startsWith('channel.')) return g.id === 'channel.undeclared' ? ['channel', 'channels'] : ['message', 'messages'];
  if (g.findings.some((f) => f.key !== null)) return ['key', 'keys'];
  if (g.id === 'check.error')
    return g.findings.length > 0 && g.findings.every((f) => /^(the scan stopped early: db \d+|db \d+ was not scanned)/.test(f.message))
      ? ['database', 'databases']
      : ['error', 'errors'];
  if (g.id === 'db.undeclared') return ['database', 'databases'];
  return ['finding', 'findings'];
}

/** A reproduce line that shows the problem: an undeclared channel is seen by subscribing to it. */
export function reproduceOf(f: { id: string; reproduce: string | null }): string | null {
  return f.reproduce;
}

export function renderTextReport(raw: Report, options: TextOptions = {}): string {
  const report = printableReport(raw);
  const c = paletteFor({ color: options.color ?? false, palette: options.palette });
  const ex = options.examples ?? 3;
  const s = report.summary;
  const lines: string[] = [];
  const sev = (x: string): string => (x === 'error' ? c.red(x) : x === 'warning' ? c.yellow(x) : c.cyan(x));
  const mode = report.mode ?? 'check';
  lines.push(
    c.bold(
      `keyspec ${mode}: ${report.spec.name} against ${report.target.url}${s.server.version ? ` (Redis ${s.server.version}${s.server.cluster ? ', cluster' : ''})` : ''}`,
    ),
  );
  lines.push('');
  if (s.observe) {
    const o = s.observe;
    lines.push(
      c.bold('Observed') +
        `  ${(o.durationMs / 1000).toFixed(1)} s: ${n(o.events)} key events, ${o.commands !== undefined ? `${n(o.commands)} commands (MONITOR), ` : ''}${n(o.messages)} pub/sub messages, ${n(o.keysJudged ?? 0)} key TTLs judged`,
    );
    if (o.missedEventClasses.length)
      lines.push(c.yellow(`  not published by the server (so not observed): ${o.missedEventClasses.join(' ')}`));
    for (const g of o.gaps) lines.push(c.yellow(`  gap: ${g.from} → ${g.to}`));
    lines.push('');
  }
  if (s.probes) {
    lines.push(c.bold('Probes'));
    if (s.probes.length === 0) lines.push('  none run');
    for (const p of s.probes) {
      const mark = p.state === 'pass' ? c.green('✓ pass') : p.state === 'fail' ? c.red('✗ FAIL') : c.yellow('? UNVERIFIABLE');
      lines.push(
        `  ${mark}  ${p.service}: ${p.probe}${p.url ? `  ${c.dim(p.url)}` : ''}${p.durationMs !== undefined ? c.dim(` (${p.durationMs} ms)`) : ''}`,
      );
    }
    lines.push('');
  }
  if (mode !== 'check') return renderFindings(report, lines, c, sev, ex, options);
  lines.push(c.bold('Server'));
  if (s.server.checks.length === 0) lines.push('  (the spec sets no server requirements)');
  for (const chk of s.server.checks) {
    const mark = chk.state === 'pass' ? c.green('✓ pass') : chk.state === 'fail' ? c.red('✗ FAIL') : c.yellow('? UNVERIFIABLE');
    lines.push(`  ${mark}  ${chk.name}: expected ${chk.expected}; actual ${chk.actual}`);
  }
  lines.push('');
  const dbs = s.databases
    .map((d) => `${d.db}${d.name ? ` (${d.name})` : ''}: ${n(d.scanned || d.size)}${d.declared ? '' : ' undeclared'}`)
    .join(', ');
  lines.push(
    c.bold('Keyspace') +
      `  ${n(s.keys.scanned)} keys scanned in ${(s.durationMs / 1000).toFixed(1)} s (${n(s.keysPerSecond)} keys/s); ${n(s.keys.sampled)} values sampled (rate ${s.sampleRate}); ${n(s.keys.vanished)} vanished during the scan`,
  );
  if (dbs) lines.push(`  databases: ${dbs}`);
  for (const nd of s.nodes ?? []) {
    const bad = nd.checks.filter((x) => x.state !== 'pass');
    lines.push(
      `  node ${nd.address} (${nd.role}${nd.master ? ` of ${nd.master}` : ''}, ${n(nd.slots)} slots): ${n(nd.scanned)} scanned of ${n(nd.size)} (DBSIZE), ${n(nd.unmatched)} unmatched` +
        `${nd.version ? `; Redis ${nd.version}` : ''}${nd.notify !== null ? `; notify-keyspace-events ${JSON.stringify(nd.notify)}` : ''}` +
        (bad.length ? `; ${bad.map((x) => `${x.state === 'fail' ? c.red('✗') : c.yellow('?')} ${x.name}`).join(', ')}` : ''),
    );
  }
  lines.push('');

  renderFindings(report, lines, c, sev, ex, null);

  lines.push(c.bold('Coverage'));
  const rows = s.patterns.filter((p) => p.seen > 0);
  if (rows.length) {
    const w = Math.max(...rows.map((p) => p.pattern.length), 7);
    lines.push(
      c.dim(
        `  ${'pattern'.padEnd(w)}  ${'db'.padStart(3)}  ${'keys'.padStart(10)}  ${'conforming'.padStart(10)}  ${'sampled'.padStart(8)}`,
      ),
    );
    for (const p of rows) {
      const pct = p.percent === null ? '-' : `${p.percent}%`;
      lines.push(
        `  ${p.pattern.padEnd(w)}  ${String(p.db).padStart(3)}  ${n(p.seen).padStart(10)}  ${p.percent === 100 ? c.green(pct.padStart(10)) : c.red(pct.padStart(10))}  ${n(p.sampled).padStart(8)}`,
      );
    }
  }
  if (s.unseenPatterns.length) lines.push(`  never seen: ${s.unseenPatterns.join(', ')}`);
  if (s.unmatchedPrefixes.length) {
    lines.push('  unmatched keys by prefix:');
    for (const u of s.unmatchedPrefixes.slice(0, 20)) {
      const why = new Map((u.nearest ?? []).map((x) => [x.key, x]));
      lines.push(`    db ${u.db}  ${u.prefix}  ${n(u.count)} key${u.count === 1 ? '' : 's'}`);
      for (const e of u.examples) {
        const x = why.get(e);
        lines.push(`      ${q(e)}${x ? `: nearest \`${x.pattern}\`: ${x.differs}` : ''}`);
      }
    }
    if (s.unmatchedPrefixes.length > 20) lines.push(c.dim(`    … ${s.unmatchedPrefixes.length - 20} more prefixes`));
  }
  lines.push('');
  lines.push(verdictLine(report, options));
  return lines.join('\n') + '\n';
}

export function verdictLine(report: Report, options: TextOptions = {}): string {
  const c = paletteFor({ color: options.color ?? false, palette: options.palette });
  const s = report.summary;
  const parts = [
    `${n(s.counts.error)} error${s.counts.error === 1 ? '' : 's'}`,
    `${n(s.counts.warning)} warning${s.counts.warning === 1 ? '' : 's'}`,
    `${n(s.counts.info)} info`,
  ];
  if (s.counts.suppressed) parts.push(`${n(s.counts.suppressed)} suppressed by the baseline`);
  const word = s.status === 'conforms' ? c.green('CONFORMS') : s.status === 'violations' ? c.red('VIOLATIONS') : c.yellow('UNVERIFIABLE');
  return `${parts.join(', ')}: ${word} (exit ${s.exitCode})`;
}

function renderFindings(
  report: Report,
  lines: string[],
  c: Palette,
  sev: (x: string) => string,
  ex: number,
  finish: TextOptions | null,
): string {
  const groups = groupFindings(report).filter((g) => g.id !== 'pattern.unseen');
  lines.push(c.bold('Findings'));
  if (groups.length === 0) lines.push(c.green('  none'));
  for (const g of groups) {
    const title = CHECKS[g.id as CheckId]?.title ?? '';
    const where = [g.db !== null ? `db ${g.db}` : null, g.pattern].filter(Boolean).join(' ');
    const count = g.count || g.findings.length;
    const [one, many] = unitOf(g);
    const named = (f: (typeof g.findings)[number]): string | null => f.key ?? f.channel;
    lines.push(
      `  ${sev(g.severity)} ${c.bold(g.id)}${where ? `  ${where}` : ''}  ${count > 1 || (g.findings[0] && named(g.findings[0])) ? `${n(count)} ${count === 1 ? one : many}` : ''}`.trimEnd(),
    );
    const first = g.findings[0];
    if (first) {
      const firstName = named(first);
      if (count === 1 || !firstName) lines.push(`      ${first.message}`);
      else lines.push(`      ${c.dim(title)}`);
      if (first.expected !== null || first.actual !== null)
        lines.push(`      expected ${first.expected ?? '-'}; actual ${first.actual ?? '-'}`);
      if (count > 1 && firstName) {
        for (const f of g.findings.slice(0, ex)) {
          const name = named(f) ?? '';
          // The actual value only when it says more than the name itself (never `"k": "k"`).
          const more = f.actual !== null && f.actual !== name && f.actual !== q(name) ? `: ${f.actual}` : '';
          lines.push(`      e.g. ${q(name)}${more}`);
        }
        if (count > ex) lines.push(c.dim(`      … and ${n(count - Math.min(ex, g.findings.length))} more`));
      }
      const repro = reproduceOf(first);
      if (repro) lines.push(c.dim(`      reproduce: ${repro}`));
    }
  }
  lines.push('');
  if (finish === null) return '';
  lines.push(verdictLine(report, finish));
  return lines.join('\n') + '\n';
}
