/** `keyspec diff` end to end through the in-process CLI: two files, --against a git ref, approvals, errors. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BASE, edit } from '../../diff/testing/specs.ts';
import { io } from '../../testing/cli/io.ts';
import { runCli } from '../run-cli.ts';

const LIB_OLD = `keyspec: 1
kind: library
name: q
keys:
  - name: job
    pattern: 'job:{id:segment}'
    type: hash
    ttl: { max: 86400 }
    fields:
      - name: state
        value: { enum: [queued, done] }
`;

/** The base spec importing the library into database 'jobs'. */
const withImport = (text: string): string =>
  text.replace('databases:\n', 'imports:\n  - spec: lib/q.yaml\n    as: q\n    database: jobs\ndatabases:\n');

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-C', dir, ...args], {
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' },
  });
}

describe('keyspec diff --against <git ref>', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keyspec-diff-git-'));
  beforeAll(() => {
    mkdirSync(join(dir, 'specs', 'lib'), { recursive: true });
    git(dir, 'init', '-q');
    writeFileSync(join(dir, 'specs', 'app.yaml'), withImport(BASE));
    writeFileSync(join(dir, 'specs', 'lib', 'q.yaml'), LIB_OLD);
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'v1');
    // v2: a shorter cache TTL in the app, and the library's job TTL shortened too (an import read at the ref).
    writeFileSync(join(dir, 'specs', 'app.yaml'), withImport(edit(['ttl: { max: 3600 }', 'ttl: { max: 600 }'])));
    writeFileSync(join(dir, 'specs', 'lib', 'q.yaml'), LIB_OLD.replace('ttl: { max: 86400 }', 'ttl: { max: 3600 }'));
    writeFileSync(join(dir, 'specs', 'added.yaml'), BASE);
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'v2');
  });

  it('reads the old spec and its imports at the ref; the working tree is the new side', async () => {
    const x = io({ cwd: dir });
    const code = await runCli(['diff', 'specs/app.yaml', '--against', 'HEAD~1', '--format', 'json'], x);
    expect(x.err).toBe('');
    const doc = JSON.parse(x.out) as {
      old: string;
      changes: { rule: string; subject: string; location?: { file: string } }[];
      exitCode: number;
    };
    expect(doc.old).toBe('specs/app.yaml at HEAD~1');
    expect(doc.changes.map((c) => `${c.rule} ${c.subject}`).sort()).toEqual([
      'ttl.shortened db:jobs/key:q.job/ttl',
      'ttl.shortened db:main/key:cache/ttl',
    ]);
    expect(doc.changes.find((c) => c.subject.includes('q.job'))?.location?.file).toBe(join('specs', 'lib', 'q.yaml'));
    // Dangerous only: passes at the default --fail-on breaking, fails at --fail-on dangerous.
    expect(code).toBe(0);
    expect(await runCli(['diff', 'specs/app.yaml', '--against', 'HEAD~1', '--fail-on', 'dangerous'], io({ cwd: dir }))).toBe(1);
    // Against HEAD itself: nothing changed.
    const same = io({ cwd: dir });
    expect(await runCli(['diff', 'specs/app.yaml', '--against', 'HEAD'], same)).toBe(0);
    expect(same.out).toContain('No changes that keyspec judges.');
  });

  it('a spec file that did not exist at the ref is a spec error naming the file at the ref', async () => {
    const x = io({ cwd: dir });
    expect(await runCli(['diff', 'specs/added.yaml', '--against', 'HEAD~1'], x)).toBe(2);
    expect(x.err).toContain('HEAD~1:specs/added.yaml');
    expect(x.err).toContain(
      'keyspec diff: the old spec (specs/added.yaml at HEAD~1) has errors: nothing was compared (a file added after HEAD~1 has no old version to compare)',
    );
  });

  it('an unknown ref, or a spec outside a repository, is a usage error with a hint', async () => {
    const x = io({ cwd: dir });
    expect(await runCli(['diff', 'specs/app.yaml', '--against', 'no-such-ref'], x)).toBe(2);
    expect(x.err).toMatch(/'no-such-ref' names no commit .*try HEAD~1/);
    const outside = mkdtempSync(join(tmpdir(), 'keyspec-diff-nogit-'));
    writeFileSync(join(outside, 'a.yaml'), BASE);
    const y = io({ cwd: outside });
    expect(await runCli(['diff', 'a.yaml', '--against', 'HEAD'], y)).toBe(2);
    expect(y.err).toContain('is not inside a git repository');
  });
});

describe('keyspec diff <old> <new>', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keyspec-diff-'));
  writeFileSync(join(dir, 'old.yaml'), BASE);
  writeFileSync(join(dir, 'new.yaml'), edit(['          - name: owner\n            value: raw\n', '']));
  writeFileSync(join(dir, 'broken.yaml'), BASE.replace("pattern: 'run:{runid}'", "pattern: 'run:{runid'"));

  it('fails on a breaking change until it is approved; stale approvals are reported', async () => {
    const x = io({ cwd: dir });
    expect(await runCli(['diff', 'old.yaml', 'new.yaml', '--format', 'json'], x)).toBe(1);
    const [change] = (JSON.parse(x.out) as { changes: { rule: string; fingerprint: string }[] }).changes;
    expect(change?.rule).toBe('field.removed');
    writeFileSync(
      join(dir, 'approvals.json'),
      JSON.stringify([
        { fingerprint: change!.fingerprint, reason: 'nobody reads owner', by: 'ana' },
        { fingerprint: 'ffffffffffffffff', reason: 'old', by: 'bo' },
      ]),
    );
    const y = io({ cwd: dir });
    expect(await runCli(['diff', 'old.yaml', 'new.yaml', '--approvals', 'approvals.json'], y)).toBe(0);
    expect(y.out).toContain('breaking (approved)');
    expect(y.out).toContain('stale approval ffffffffffffffff');
  });

  it('writes Markdown to --output', async () => {
    const x = io({ cwd: dir });
    expect(await runCli(['diff', 'old.yaml', 'new.yaml', '--format', 'markdown', '--output', 'diff.md'], x)).toBe(1);
    expect(x.out).toBe('');
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(join(dir, 'diff.md'), 'utf8')).toMatch(/^### keyspec diff: `old.yaml` → `new.yaml`\n/);
  });

  it('spec errors, a wrong number of files, bad approvals and a bad --url are usage errors (exit 2)', async () => {
    const cases: [string[], RegExp][] = [
      [['diff', 'old.yaml', 'broken.yaml'], /the new spec \(broken.yaml\) has errors/],
      [['diff', 'old.yaml'], /give the old and the new spec file/],
      [['diff', 'old.yaml', 'new.yaml', '--against', 'HEAD'], /with --against give one spec file, got 2/],
      [['diff', 'old.yaml', 'new.yaml', '--approvals', 'missing.json'], /--approvals: cannot read missing.json \(ENOENT\)/],
      [['diff', 'old.yaml', 'new.yaml', '--url', ''], /--url is empty/],
      [['diff', 'old.yaml', 'new.yaml', '--fail-on', 'safe'], /invalid/],
    ];
    for (const [argv, message] of cases) {
      const x = io({ cwd: dir });
      expect(await runCli(argv, x), argv.join(' ')).toBe(2);
      expect(x.err).toMatch(message);
    }
  });
});
