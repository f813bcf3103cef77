/** Report renderers, pure: JSON against report.schema.json, JUnit against the JUnit structure (and XSD), Markdown, text. */
import { describe, expect, it } from 'vitest';
import { redactReport } from '../findings/redact.ts';
import { renderJsonReport } from './json.ts';
import { renderJunitReport, xmlEscape } from './junit.ts';
import { renderMarkdownReport } from './markdown.ts';
import { renderTextReport } from './text.ts';
import { syntheticReport, validateJsonReport, validateJunit } from '../../testing/reports/report-fixtures.ts';
import { junitProblems, parseXml } from '../../testing/reports/xml.ts';

describe('JSON report', () => {
  it('validates against report.schema.json', () => {
    const r = syntheticReport();
    expect(validateJsonReport(renderJsonReport(r))).toEqual([]);
    expect(r.findings.filter((f) => f.id === 'key.ttl.missing')).toHaveLength(5);
    expect(r.summary.checks.find((c) => c.id === 'key.ttl.missing')).toMatchObject({ count: 12, reported: 5 });
  });

  it('rejects reports that break the schema', () => {
    const r = syntheticReport() as unknown as { findings: Record<string, unknown>[] };
    delete r.findings[0]!.reproduce;
    expect(validateJsonReport(JSON.stringify(r)).join('\n')).toMatch(/reproduce/);
    const leaky = { ...syntheticReport(), target: { url: 'redis://:hunter22@h:1', cluster: false, nodes: [] } };
    expect(validateJsonReport(JSON.stringify(leaky))).not.toEqual([]);
  });

  it('has a finding with exactly the documented top-level fields', () => {
    const f = syntheticReport().findings[0]!;
    expect(Object.keys(f).sort()).toEqual([
      'actual',
      'channel',
      'db',
      'expected',
      'id',
      'key',
      'message',
      'pattern',
      'reproduce',
      'severity',
    ]);
  });

  it('redacts passwords and credentials in any redis URL', () => {
    const r = syntheticReport();
    r.findings[0]!.actual = 'value "redis://app:hunter22@cache:6379/0" and hunter22';
    const safe = redactReport(r, ['hunter22']);
    expect(JSON.stringify(safe)).not.toContain('hunter22');
    expect(safe.findings[0]!.actual).toContain('redis://app:***@cache:6379/0');
  });
});

describe('JUnit report', () => {
  it('is well-formed and has the JUnit structure (one testcase per check x pattern)', () => {
    const xml = renderJunitReport(syntheticReport());
    expect(validateJunit(xml)).toEqual([]);
    const tree = parseXml(xml);
    const cases = tree.children.flatMap((s) => s.children);
    const job = cases.filter((c) => c.attrs.classname?.endsWith('.rq.rq.job'));
    expect(job.map((c) => c.attrs.name)).toEqual([
      'key.type rq.rq.job',
      'key.ttl.missing rq.rq.job',
      'key.ttl.too-long rq.rq.job',
      'key.ttl.forbidden rq.rq.job',
      'hash.field.unknown rq.rq.job',
      'hash.field.missing rq.rq.job',
      'hash.field.value rq.rq.job',
      'value.too-large rq.rq.job',
    ]);
    const missing = job.find((c) => c.attrs.name === 'key.ttl.missing rq.rq.job')!;
    expect(missing.children[0]!.name).toBe('failure');
    expect(missing.children[0]!.attrs.message).toMatch(/^12 findings/);
    const unverifiable = cases.find((c) => c.attrs.name === 'server.config config maxmemory-policy')!;
    expect(unverifiable.children[0]!.name).toBe('skipped');
    expect(cases.find((c) => c.attrs.name === 'db.undeclared')!.children[0]!.name).toBe('failure');
    // Text with control characters and markup survives escaping.
    const lockValue = cases.find((c) => c.attrs.name === 'value.format readme.editor_lock')!;
    // A control character is shown escaped (never dropped as U+FFFD): the reader sees the real byte.
    expect(lockValue.children[0]!.text).toContain('bad \\x01 value ]]> "q"');
  });

  it('the structural check catches broken JUnit', () => {
    expect(
      junitProblems(
        parseXml(
          '<testsuites><testsuite name="a" tests="2" failures="0" errors="0"><testcase name="x" classname="c"/></testsuite></testsuites>',
        ),
      ),
    ).toEqual(['testsuite a: tests=2 but 1 testcases']);
    expect(() => parseXml('<a><b></a>')).toThrow();
    expect(() => parseXml('<a>&nope;</a>')).toThrow();
    expect(xmlEscape('<&>"\'\u0000')).toBe('&lt;&amp;&gt;&quot;&apos;\uFFFD');
  });
});

describe('Markdown report', () => {
  it('renders tables with escaped cells for a CI step summary', () => {
    const md = renderMarkdownReport(syntheticReport());
    expect(md).toMatch(/^## ❌ keyspec check: `weppcloud` — VIOLATIONS/);
    expect(md).toContain('| severity | check | db | pattern | keys | example | reproduce |');
    expect(md).toContain('`key.ttl.missing`');
    expect(md).toContain('\\|');
    for (const line of md.split('\n').filter((l) => l.startsWith('| '))) {
      // Every table row has the column count of its header: no unescaped pipes.
      expect(line.replace(/\\\|/g, '').split('|').length).toBeGreaterThan(3);
    }
    expect(md).not.toMatch(/<&>/);
  });
});

describe('text report', () => {
  it('aggregates a check x pattern into one entry with a count and examples', () => {
    const text = renderTextReport(syntheticReport());
    expect(text).toContain('error key.ttl.missing  db 9 rq.rq.job  12 keys');
    expect(text.match(/e\.g\. "rq:job:/g)).toHaveLength(3);
    expect(text).toContain('… and 9 more');
    expect(text).toContain('? UNVERIFIABLE  config maxmemory-policy');
    expect(text).toMatch(/VIOLATIONS \(exit 1\)\n$/);
    const tag = (name: string) => (t: string) => `<${name}>${t}</${name}>`;
    const palette = { red: tag('r'), green: tag('g'), yellow: tag('y'), cyan: tag('c'), bold: tag('b'), dim: tag('d') };
    expect(renderTextReport(syntheticReport(), { color: true, palette })).toContain('<r>');
    expect(renderTextReport(syntheticReport(), { color: false, palette })).toBe(text);
  });
});
