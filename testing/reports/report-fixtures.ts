/** Shared report fixtures for tests: a synthetic report with awkward content, and validators for the JSON and JUnit outputs. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { loadSpec, nodeHost } from '../../spec/index.ts';
import { compileSpec } from '../../conformance/judging/compile.ts';
import { Collector } from '../../conformance/findings/collector.ts';
import type { Report } from '../../conformance/findings/report.ts';
import { sortFindings, verdict } from '../../conformance/findings/verdict.ts';
import { junitProblems, parseXml } from './xml.ts';

const root = join(import.meta.dirname, '..', '..');
const spec = loadSpec(join(root, 'spec', 'weppcloud.yaml'), nodeHost(root)).spec!;
const compiled = compileSpec(spec);
const schema = JSON.parse(readFileSync(join(root, 'conformance', 'reports', 'report.schema.json'), 'utf8')) as object;

/** A report with awkward content: control characters, quotes, markup, pipes, binary previews. */
export function syntheticReport(): Report {
  const c = new Collector(compiled, (db, args) => `redis-cli${db ? ` -n ${db}` : ''} ${args.join(' ')}`, { maxFindingsPerCheck: 5 });
  const job = compiled.keys.find((k) => k.id === 'rq.rq.job')!;
  const lock = compiled.keys.find((k) => k.id === 'readme.editor_lock')!;
  for (let i = 0; i < 12; i++) {
    c.matched(job, `rq:job:${i}`, false, [
      {
        id: 'key.ttl.missing',
        message: `"rq:job:${i}" has no TTL <&> | x`,
        expected: 'at most 604800s',
        actual: 'no TTL',
        reproduce: ['PTTL', `rq:job:${i}`],
      },
    ]);
  }
  c.matched(lock, 'readme:lock:a:b', true, [
    {
      id: 'value.format',
      message: 'bad \u0001 value ]]> "q" \'a\'',
      expected: '32 hex digits',
      actual: '<3 bytes: 0x800400>',
      reproduce: ['GET', "readme:lock:it's"],
    },
  ]);
  c.matched(lock, 'readme:lock:ok:b', true, []);
  c.unmatched(0, 'legacy:\u0007bell', {
    id: 'key.unmatched',
    message: 'unmatched',
    expected: 'a pattern',
    actual: 'legacy',
    reproduce: ['TYPE', 'legacy:\u0007bell'],
  });
  c.add(
    c.finding('server.notify', null, null, null, 'notify-keyspace-events is "": missing K, h', 'at least Kh', '"" (disabled)', [
      'CONFIG',
      'GET',
      'notify-keyspace-events',
    ]),
  );
  c.add(
    c.finding('server.config.unverifiable', null, null, null, 'UNVERIFIABLE: maxmemory-policy', 'noeviction', 'unknown', [
      'CONFIG',
      'GET',
      'maxmemory-policy',
    ]),
  );
  c.add(c.finding('db.undeclared', 5, null, null, 'database 5 holds 3 keys', 'no keys', '3 keys', ['DBSIZE']));
  const groups = c.allGroups();
  const v = verdict(groups);
  const coverage = c.coverage();
  return {
    schemaVersion: 1,
    tool: { name: 'keyspec', version: '0.1.0' },
    spec: { name: spec.name, files: spec.files },
    target: { url: 'redis://:***@127.0.0.1:6380', cluster: false, nodes: ['127.0.0.1:6380'] },
    startedAt: '2026-01-02T03:04:05.678Z',
    findings: sortFindings(groups.flatMap((g) => g.findings)),
    summary: {
      ...v,
      counts: { error: 15, warning: 1, info: 0, unverifiable: 1, suppressed: 0 },
      keys: { scanned: 15, matched: 14, unmatched: 1, vanished: 0, sampled: 2, undeclaredDb: 3 },
      durationMs: 12,
      keysPerSecond: 1250,
      server: {
        version: '7.0.15',
        cluster: false,
        checks: [
          { id: 'server.version', name: 'version', state: 'pass', expected: 'Redis ≥ 7.0', actual: '7.0.15' },
          { id: 'server.notify', name: 'notify-keyspace-events', state: 'fail', expected: 'at least Kh', actual: '"" (disabled)' },
          {
            id: 'server.config.unverifiable',
            name: 'config maxmemory-policy',
            state: 'unverifiable',
            expected: 'noeviction',
            actual: 'unknown',
          },
        ],
      },
      databases: [
        { db: 0, name: 'lock', declared: true, size: 1, scanned: 1, vanished: 0, unmatched: 1 },
        { db: 5, name: null, declared: false, size: 3, scanned: 0, vanished: 0, unmatched: 0 },
        { db: 9, name: 'rq', declared: true, size: 12, scanned: 12, vanished: 0, unmatched: 0 },
        { db: 14, name: 'readme', declared: true, size: 2, scanned: 2, vanished: 0, unmatched: 0 },
      ],
      patterns: coverage,
      unseenPatterns: [],
      unmatchedPrefixes: c.unmatchedPrefixes(),
      checks: groups.map((g) => ({
        id: g.id,
        severity: g.severity,
        db: g.db,
        pattern: g.pattern,
        count: g.count,
        reported: g.findings.length,
      })),
      sampleRate: 1,
      maxFindingsPerCheck: 5,
      baseline: null,
    },
  };
}

export function validateJsonReport(text: string): string[] {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  const validate = ajv.compile(schema);
  return validate(JSON.parse(text)) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

export function validateJunit(xml: string): string[] {
  const problems = junitProblems(parseXml(xml));
  if (spawnSync('xmllint', ['--version']).status === 0) {
    const dir = mkdtempSync(join(tmpdir(), 'keyspec-junit-'));
    try {
      writeFileSync(join(dir, 'r.xml'), xml);
      const r = spawnSync('xmllint', ['--noout', '--schema', join(import.meta.dirname, 'junit.xsd'), join(dir, 'r.xml')], {
        encoding: 'utf8',
      });
      if (r.status !== 0) problems.push(`xmllint: ${r.stderr}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return problems;
}
