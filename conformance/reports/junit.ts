/**
 * The JUnit XML report (pure): one testcase per check x pattern, grouped in one testsuite per database
 * plus `server` and `check`. A failed check carries a `<failure>` with the count and examples; an
 * unverifiable one a `<skipped>` with the reason (never a silent pass); checks on a pattern without
 * keys are skipped too.
 */
import type { Finding, Report } from '../findings/report.ts';
import { checksForType, type CheckId } from '../findings/ids.ts';
import { printableReport } from '../findings/printable.ts';

/** XML 1.0 text: escapes markup and drops characters XML cannot carry. */
export function xmlEscape(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex -- control characters are what this looks for
      .replace(/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}

interface Case {
  classname: string;
  name: string;
  failure?: { message: string; type: string; body: string };
  skipped?: string;
}

interface Suite {
  name: string;
  cases: Case[];
}

function failureOf(id: string, findings: Finding[], count: number, examples = 5): Case['failure'] {
  const first = findings[0]!;
  const body = [
    `${count} finding${count === 1 ? '' : 's'}`,
    ...findings
      .slice(0, examples)
      .map(
        (f) =>
          `- ${f.message}${f.expected !== null ? `\n  expected: ${f.expected}` : ''}${f.actual !== null ? `\n  actual: ${f.actual}` : ''}${f.reproduce ? `\n  reproduce: ${f.id === 'channel.undeclared' ? f.reproduce.replace(/ PUBSUB NUMSUB /, ' SUBSCRIBE ') : f.reproduce}` : ''}`,
      ),
    ...(count > examples ? [`… and ${count - Math.min(examples, findings.length)} more`] : []),
  ].join('\n');
  return { message: count === 1 ? first.message : `${count} findings, e.g. ${first.message}`, type: id, body };
}

/** The checks `keyspec observe` runs: one JUnit test case each (failing groups get their own). */
const OBSERVE_CHECKS = [
  'db.undeclared',
  'key.unmatched',
  'key.type',
  'key.ttl.missing',
  'key.ttl.too-long',
  'key.ttl.forbidden',
  'key.writer',
  'channel.undeclared',
  'channel.message',
  'channel.subscribers',
  'observe.events.unverifiable',
  'observe.gap',
] as const;

/**
 * The cases of a pattern: the checks of its Redis type, and any other check that found something there
 * (the report does not carry the model: field TTLs and logical types show up by their findings).
 */
function casesOf(type: string, db: number, pattern: string, byGroup: ReadonlyMap<string, Finding[]>): CheckId[] {
  const ids = checksForType(type);
  for (const k of byGroup.keys()) {
    const [id, d, p] = k.split('|');
    if (d === String(db) && p === pattern && (id!.startsWith('hash.field.ttl.') || id === 'key.logical') && !ids.includes(id as CheckId))
      ids.push(id as CheckId);
  }
  return ids;
}

export function renderJunitReport(raw: Report): string {
  // Names and values escaped (never dropped as U+FFFD by xmlEscape): a key's real bytes stay readable.
  const report = printableReport(raw);
  const s = report.summary;
  const base = `keyspec.${report.spec.name}`;
  if (report.mode === 'observe') return renderSuites(report, [observeSuite(report, base)]);
  const byGroup = new Map<string, Finding[]>();
  for (const f of report.findings) {
    const k = `${f.id}|${f.db}|${f.pattern}`;
    const list = byGroup.get(k) ?? [];
    list.push(f);
    byGroup.set(k, list);
  }
  const countOf = new Map(s.checks.map((c) => [`${c.id}|${c.db}|${c.pattern}`, c.count]));
  const suites: Suite[] = [];

  const server: Suite = { name: 'server', cases: [] };
  // A cluster: every scanned node's server checks, one case each (named by the node).
  for (const nd of s.nodes ?? []) {
    for (const c of nd.checks) {
      const baseId = c.id.replace(/\.unverifiable$/, '');
      const kase: Case = { classname: `${base}.server.${nd.address}`, name: `${baseId} ${c.name} on ${nd.address}` };
      const f = report.findings.find(
        (x) => x.id === c.id && x.expected === c.expected && (x.actual === c.actual || x.actual === `${nd.address}: ${c.actual}`),
      );
      if (c.state === 'fail' && !f) kase.skipped = `suppressed by the baseline: expected ${c.expected}, actual ${c.actual}`;
      else if (c.state === 'fail') kase.failure = failureOf(c.id, [f!], 1);
      else if (c.state === 'unverifiable') kase.skipped = f?.message ?? `UNVERIFIABLE: expected ${c.expected}; actual ${c.actual}`;
      server.cases.push(kase);
    }
  }
  for (const c of s.nodes ? [] : s.server.checks) {
    const baseId = c.id.replace(/\.unverifiable$/, '');
    const kase: Case = { classname: `${base}.server`, name: `${baseId} ${c.name}` };
    const f = report.findings.find((x) => x.id === c.id && x.expected === c.expected && x.actual === c.actual);
    if (c.state === 'fail' && !f) kase.skipped = `suppressed by the baseline: expected ${c.expected}, actual ${c.actual}`;
    else if (c.state === 'fail') kase.failure = failureOf(c.id, [f!], 1);
    else if (c.state === 'unverifiable') kase.skipped = f?.message ?? `UNVERIFIABLE: expected ${c.expected}; actual ${c.actual}`;
    server.cases.push(kase);
  }
  if (server.cases.length) suites.push(server);

  const patternsByDb = new Map<number, typeof s.patterns>();
  for (const p of s.patterns) {
    const list = patternsByDb.get(p.db) ?? [];
    list.push(p);
    patternsByDb.set(p.db, list);
  }
  for (const d of s.databases) {
    const suite: Suite = { name: `db ${d.db}${d.name ? ` (${d.name})` : ''}`, cases: [] };
    const cls = `${base}.db${d.db}`;
    if (!d.declared) {
      const k = `db.undeclared|${d.db}|null`;
      const fs = byGroup.get(k) ?? [];
      suite.cases.push({
        classname: cls,
        name: 'db.undeclared',
        ...(fs.length ? { failure: failureOf('db.undeclared', fs, countOf.get(k) ?? fs.length) } : {}),
      });
      suites.push(suite);
      continue;
    }
    {
      const k = `key.unmatched|${d.db}|null`;
      const fs = byGroup.get(k) ?? [];
      suite.cases.push({
        classname: cls,
        name: 'key.unmatched',
        ...(fs.length ? { failure: failureOf('key.unmatched', fs, countOf.get(k) ?? fs.length) } : {}),
      });
    }
    for (const p of patternsByDb.get(d.db) ?? []) {
      const pc = `${cls}.${p.pattern}`;
      for (const id of casesOf(p.type, p.db, p.pattern, byGroup)) {
        const k = `${id}|${d.db}|${p.pattern}`;
        const fs = byGroup.get(k) ?? [];
        const kase: Case = { classname: pc, name: `${id} ${p.pattern}` };
        if (fs.length) {
          if (id === 'value.too-large') kase.skipped = `${countOf.get(k) ?? fs.length} value(s) above the size guard were not checked`;
          else kase.failure = failureOf(id, fs, countOf.get(k) ?? fs.length);
        } else if (p.seen === 0) kase.skipped = `no key of ${p.pattern} was found`;
        suite.cases.push(kase);
      }
    }
    suites.push(suite);
  }
  // Declared databases with no keys at all still get their pattern cases (skipped).
  for (const [db, patterns] of patternsByDb) {
    if (s.databases.some((d) => d.db === db)) continue;
    const suite: Suite = { name: `db ${db}`, cases: [] };
    for (const p of patterns)
      for (const id of checksForType(p.type))
        suite.cases.push({ classname: `${base}.db${db}.${p.pattern}`, name: `${id} ${p.pattern}`, skipped: 'database not checked' });
    if (suite.cases.length) suites.push(suite);
  }
  const other = report.findings.filter(
    (f) =>
      f.id === 'baseline.stale' ||
      f.id === 'check.error' ||
      f.id === 'cluster.databases' ||
      f.id === 'cluster.migrating' ||
      // Per-pattern, but only for keys with references (not a case of every pattern of the type).
      f.id === 'ref.dangling',
  );
  if (other.length) {
    suites.push({
      name: 'check',
      cases: other.map((f, i) => ({ classname: `${base}.check`, name: `${f.id} ${i + 1}`, failure: failureOf(f.id, [f], 1) })),
    });
  }

  return renderSuites(report, suites);
}

function observeSuite(report: Report, base: string): Suite {
  const suite: Suite = { name: 'traffic', cases: [] };
  const byGroup = new Map<string, Finding[]>();
  for (const f of report.findings) {
    const k = `${f.id}|${f.db}|${f.pattern}`;
    byGroup.set(k, [...(byGroup.get(k) ?? []), f]);
  }
  for (const id of OBSERVE_CHECKS) {
    const groups = report.summary.checks.filter((c) => c.id === id);
    if (groups.length === 0) {
      suite.cases.push({ classname: `${base}.observe`, name: id });
      continue;
    }
    for (const g of groups) {
      const fs = byGroup.get(`${g.id}|${g.db}|${g.pattern}`) ?? [];
      const name = `${id}${g.pattern ? ` ${g.pattern}` : g.db !== null ? ` db ${g.db}` : ''}`;
      if (isUnverifiableId(id)) suite.cases.push({ classname: `${base}.observe`, name, skipped: fs[0]?.message ?? id });
      else suite.cases.push({ classname: `${base}.observe`, name, ...(fs.length ? { failure: failureOf(id, fs, g.count) } : {}) });
    }
  }
  return suite;
}

function isUnverifiableId(id: string): boolean {
  return id.endsWith('.unverifiable') || id === 'observe.gap';
}

function renderSuites(report: Report, suites: Suite[]): string {
  const s = report.summary;
  const time = (s.durationMs / 1000).toFixed(3);
  const totals = suites.reduce(
    (t, su) => ({
      tests: t.tests + su.cases.length,
      failures: t.failures + su.cases.filter((c) => c.failure).length,
      skipped: t.skipped + su.cases.filter((c) => c.skipped !== undefined).length,
    }),
    { tests: 0, failures: 0, skipped: 0 },
  );
  const a = (v: string | number): string => `"${xmlEscape(String(v))}"`;
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(
    `<testsuites name=${a(`keyspec ${report.mode ?? 'check'} ${report.spec.name}`)} tests=${a(totals.tests)} failures=${a(totals.failures)} errors="0" skipped=${a(totals.skipped)} time=${a(time)}>`,
  );
  suites.forEach((su, i) => {
    const failures = su.cases.filter((c) => c.failure).length;
    const skipped = su.cases.filter((c) => c.skipped !== undefined).length;
    out.push(
      `  <testsuite name=${a(su.name)} id=${a(i)} tests=${a(su.cases.length)} failures=${a(failures)} errors="0" skipped=${a(skipped)} time="0" timestamp=${a(report.startedAt.replace(/\.[0-9]+Z$/, ''))} hostname=${a(report.target.url.replace(/^rediss?:\/\/(?:[^@]*@)?/, ''))}>`,
    );
    for (const c of su.cases) {
      const head = `    <testcase classname=${a(c.classname)} name=${a(c.name)} time="0"`;
      if (c.failure)
        out.push(
          `${head}>`,
          `      <failure message=${a(c.failure.message)} type=${a(c.failure.type)}>${xmlEscape(c.failure.body)}</failure>`,
          '    </testcase>',
        );
      else if (c.skipped !== undefined) out.push(`${head}>`, `      <skipped message=${a(c.skipped)}/>`, '    </testcase>');
      else out.push(`${head}/>`);
    }
    out.push('  </testsuite>');
  });
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}
