/**
 * Renderers of a probe report (pure): JUnit with one testsuite per service and one testcase per probe,
 * and Markdown for a CI step summary. Text and JSON are the shared renderers.
 */
import { printableReport } from '../findings/printable.ts';
import type { Finding, ProbeSummary, Report } from '../findings/report.ts';
import { xmlEscape } from './junit.ts';
import { cell } from './markdown.ts';

/** The findings that belong to one probe (their `pattern` is `<service>.<probe>`). */
function findingsOf(report: Report, p: ProbeSummary): Finding[] {
  return report.findings.filter((f) => f.pattern === `${p.service}.${p.probe}`);
}

/** JUnit XML of a probe run (pure): one testsuite per service, one testcase per probe. */
export function renderProbeJunit(report: Report): string {
  const probes = report.summary.probes ?? [];
  const base = `keyspec.${report.spec.name}.probe`;
  const a = (v: string | number): string => `"${xmlEscape(String(v))}"`;
  const services = [...new Set(probes.map((p) => p.service))];
  const body = (fs: Finding[]): string =>
    fs
      .map(
        (f) =>
          `${f.id}: ${f.message}${f.expected !== null ? `\nexpected: ${f.expected}` : ''}${f.actual !== null ? `\nactual: ${f.actual}` : ''}${f.reproduce ? `\nreproduce: ${f.reproduce}` : ''}`,
      )
      .join('\n\n');
  const suites = services.map((name) => {
    const cases = probes
      .filter((p) => p.service === name)
      .map((p) => {
        const fs = findingsOf(report, p);
        const head = `    <testcase classname=${a(`${base}.${p.service}`)} name=${a(p.probe)} time=${a(((p.durationMs ?? 0) / 1000).toFixed(3))}`;
        if (p.state === 'fail') {
          const first = fs.find((f) => f.severity === 'error') ?? fs[0];
          return [
            `${head}>`,
            `      <failure message=${a(first?.message ?? 'the probe failed')} type=${a(first?.id ?? 'probe')}>${xmlEscape(body(fs))}</failure>`,
            '    </testcase>',
          ];
        }
        if (p.state === 'unverifiable')
          return [`${head}>`, `      <skipped message=${a(fs[0]?.message ?? 'unverifiable')}/>`, '    </testcase>'];
        return [`${head}/>`];
      });
    return {
      name,
      cases,
      failures: probes.filter((p) => p.service === name && p.state === 'fail').length,
      skipped: probes.filter((p) => p.service === name && p.state === 'unverifiable').length,
    };
  });
  const failures = suites.reduce((n, s) => n + s.failures, 0);
  const skipped = suites.reduce((n, s) => n + s.skipped, 0);
  const time = (report.summary.durationMs / 1000).toFixed(3);
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(
    `<testsuites name=${a(`keyspec probe ${report.spec.name}`)} tests=${a(probes.length)} failures=${a(failures)} errors="0" skipped=${a(skipped)} time=${a(time)}>`,
  );
  suites.forEach((s, i) => {
    out.push(
      `  <testsuite name=${a(`service ${s.name}`)} id=${a(i)} tests=${a(s.cases.length)} failures=${a(s.failures)} errors="0" skipped=${a(s.skipped)} time="0" timestamp=${a(report.startedAt.replace(/\.[0-9]+Z$/, ''))} hostname=${a(report.target.url.replace(/^rediss?:\/\/(?:[^@]*@)?/, ''))}>`,
    );
    for (const c of s.cases) out.push(...c);
    out.push('  </testsuite>');
  });
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}

/** Markdown of a probe run (pure), for `$GITHUB_STEP_SUMMARY`. */
export function renderProbeMarkdown(raw: Report): string {
  const report = printableReport(raw);
  const s = report.summary;
  const probes = s.probes ?? [];
  const code = (text: string): string => '`' + text.replace(/`/g, "'").replace(/\|/g, '\\|').replace(/\r?\n/g, ' ') + '`';
  const icon = s.status === 'conforms' ? '✅' : s.status === 'violations' ? '❌' : '⚠️';
  const out: string[] = [`## ${icon} keyspec probe: \`${report.spec.name}\` — ${s.status.toUpperCase()}`, ''];
  out.push(
    `${probes.filter((p) => p.state === 'pass').length} of ${probes.length} probe${probes.length === 1 ? '' : 's'} passed through ${code(report.target.url)} in ${(s.durationMs / 1000).toFixed(1)} s; exit code ${s.exitCode}.`,
    '',
  );
  out.push('| probe | url | state | finding | expected | actual | reproduce |', '| --- | --- | --- | --- | --- | --- | --- |');
  for (const p of probes) {
    const f = findingsOf(report, p)[0];
    const state = p.state === 'pass' ? '✅ pass' : p.state === 'fail' ? '❌ fail' : '⚠️ unverifiable';
    out.push(
      `| ${code(`${p.service}.${p.probe}`)} | ${p.url ? code(p.url) : ''} | ${state} | ${f ? `${code(f.id)} ${cell(f.message)}` : ''} | ${cell(f?.expected)} | ${cell(f?.actual)} | ${f?.reproduce ? code(f.reproduce) : ''} |`,
    );
  }
  out.push('');
  return out.join('\n') + '\n';
}
