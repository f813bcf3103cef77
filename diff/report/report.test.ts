/** The reports: JSON valid against the published schema, fingerprints stable, approvals, Markdown layout. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { ApprovalsError, parseApprovals } from '../approvals.ts';
import { diffModels } from '../diff-models.ts';
import { edit, specOf, BASE } from '../testing/specs.ts';
import { diffDocument, renderJsonReport } from './document.ts';
import { validateJunit } from '../../testing/reports/report-fixtures.ts';
import { renderGithubReport } from './github.ts';
import { renderJunitReport } from './junit.ts';
import { renderMarkdownReport } from './markdown.ts';
import { renderTextReport } from './text.ts';

const schema = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'diff-report.schema.json'), 'utf8')) as object;
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);

const OLD = specOf(BASE);
const NEW = specOf(
  edit(
    ['ttl: { max: 3600 }', 'ttl: { max: 600 }'],
    ['          - name: owner\n            value: raw\n', ''],
    ['member: uuid', 'member: hex32'],
  ),
);

describe('keyspec diff reports', () => {
  it('JSON validates against diff/diff-report.schema.json, with and without approvals and live counts', () => {
    const plain = diffModels(OLD, NEW);
    const docs = [diffDocument(plain, { old: 'a', new: 'b' })];
    const approved = diffModels(OLD, NEW, {
      approvals: [
        { fingerprint: plain.changes[0]!.fingerprint, reason: 'migrated', by: 'ops' },
        { fingerprint: '0000000000000000', reason: 'old', by: 'ops' },
      ],
    });
    approved.changes[0]!.live = { weighed: true, keys: 2, scanned: 10, complete: true, samples: ['x'], what: 'keys' };
    approved.changes[1]!.live = { weighed: false, reason: 'no live measure for this rule' };
    approved.live = { target: 'redis://127.0.0.1:1', scanned: 10, complete: true };
    docs.push(diffDocument(approved, { old: 'a', new: 'b' }));
    for (const doc of docs) {
      const ok = validate(JSON.parse(renderJsonReport(doc)));
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    }
    // The schema rejects what it should: an unknown level.
    expect(validate({ ...docs[0], changes: [{ ...docs[0]!.changes[0], level: 'fatal' }] })).toBe(false);
  });

  it('fingerprints hash rule and subject only: the same change elsewhere in the file keeps its fingerprint', () => {
    const a = diffModels(OLD, NEW).changes.map((c) => c.fingerprint);
    // Move the changed key to the end of its database and add comments: other lines, same subjects.
    const moved = (text: string): string => `# reordered\n${text.replace('types:', '# a comment\n\ntypes:')}`;
    const b = diffModels(
      specOf(moved(BASE)),
      specOf(
        moved(
          edit(
            ['ttl: { max: 3600 }', 'ttl: { max: 600 }'],
            ['          - name: owner\n            value: raw\n', ''],
            ['member: uuid', 'member: hex32'],
          ),
        ),
      ),
    );
    expect(b.changes.map((c) => c.fingerprint)).toEqual(a);
    expect(b.changes.map((c) => c.location?.line)).not.toEqual(diffModels(OLD, NEW).changes.map((c) => c.location?.line));
    expect(new Set(a).size).toBe(a.length);
  });

  it('approvals turn changes into notes, change the exit code, and report stale entries', () => {
    const plain = diffModels(OLD, NEW);
    expect(plain.exitCode).toBe(1);
    const breaking = plain.changes.filter((c) => c.level === 'breaking');
    const approvals = parseApprovals(
      breaking.map((c) => `- fingerprint: ${c.fingerprint}\n  reason: backfilled\n  by: ana\n`).join('') +
        '- { fingerprint: deadbeefdeadbeef, reason: gone, by: bo }\n',
      'approvals.yaml',
    );
    const result = diffModels(OLD, NEW, { approvals });
    expect(result.exitCode).toBe(0);
    expect(result.counts.breaking).toBe(0);
    expect(result.staleApprovals.map((a) => a.fingerprint)).toEqual(['deadbeefdeadbeef']);
    expect(diffModels(OLD, NEW, { approvals, failOn: 'dangerous' }).exitCode).toBe(1);
    const text = renderTextReport(diffDocument(result, { old: 'a', new: 'b' }));
    expect(text).toContain('breaking (approved)');
    expect(text).toContain('approved by ana: backfilled');
    expect(text).toContain('stale approval deadbeefdeadbeef');
  });

  it('approvals files: JSON works, bad entries are usage errors naming the entry', () => {
    expect(parseApprovals('[{"fingerprint":"a","reason":"r","by":"b"}]', 'x.json')).toEqual([{ fingerprint: 'a', reason: 'r', by: 'b' }]);
    expect(() => parseApprovals('[{"fingerprint":"a","by":"b"}]', 'x.json')).toThrow(ApprovalsError);
    expect(() => parseApprovals('[{"fingerprint":"a","by":"b"}]', 'x.json')).toThrow(/x.json: entry 1: 'reason'/);
    expect(() => parseApprovals('{a: 1}', 'x.yaml')).toThrow(/a list/);
  });

  it('Markdown: the summary table first, then the changes by level', () => {
    const md = renderMarkdownReport(diffDocument(diffModels(OLD, NEW), { old: 'old.yaml', new: 'new.yaml' }));
    const lines = md.split('\n');
    expect(lines[0]).toBe('### keyspec diff: `old.yaml` → `new.yaml`');
    const table = lines.indexOf('| level | changes | approved | live keys affected |');
    const breaking = lines.findIndex((l) => l.startsWith('#### 🔴 breaking'));
    const dangerous = lines.findIndex((l) => l.startsWith('#### 🟠 dangerous'));
    expect(table).toBeGreaterThan(0);
    expect(breaking).toBeGreaterThan(table);
    expect(dangerous).toBeGreaterThan(breaking);
    expect(md).toContain('| 🔴 breaking | 2 | 0 | — |');
    expect(md).toContain('| 🟠 dangerous | 1 | 0 | — |');
    expect(md).toContain('**`field.removed`**');
  });

  it('GitHub annotations: one per change on its spec line, escaped, error/warning/notice by level and approval', () => {
    const result = diffModels(OLD, NEW);
    const fieldRemoved = result.changes.find((c) => c.rule === 'field.removed')!;
    fieldRemoved.approved = { reason: 'ok', by: 'ana' };
    const lines = renderGithubReport(diffDocument(result, { old: 'a', new: 'b' })).split('\n');
    expect(lines).toHaveLength(result.changes.length);
    const ttl = lines.find((l) => l.includes('ttl.shortened'))!;
    expect(ttl).toMatch(/^::warning file=spec.yaml,line=\d+,col=\d+,title=keyspec diff ttl.shortened \(dangerous\)::key 'cache'/);
    expect(lines.find((l) => l.includes('format.changed'))).toMatch(/^::error /);
    expect(lines.find((l) => l.includes('field.removed'))).toMatch(/^::notice .*\(approved\)::/);
    expect(lines.every((l) => !l.slice(2).includes('\n'))).toBe(true);
  });

  it('JUnit: a valid report with one failure per change that fails the run', () => {
    const result = diffModels(OLD, NEW);
    result.changes.find((c) => c.level === 'breaking')!.approved = { reason: 'ok <&> "quoted"', by: 'ana' };
    const xml = renderJunitReport(diffDocument(result, { old: 'a', new: 'b' }));
    expect(validateJunit(xml)).toEqual([]);
    expect(xml.match(/<failure /g)).toHaveLength(1);
    expect(xml).toContain('<testsuites name="keyspec diff" tests="3" failures="1" errors="0">');
    const dangerous = renderJunitReport(diffDocument(diffModels(OLD, NEW, { failOn: 'dangerous' }), { old: 'a', new: 'b' }));
    expect(dangerous.match(/<failure /g)).toHaveLength(3);
  });
});
