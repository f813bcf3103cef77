/** The September-2025 WEPPcloud keyspace (the developer note's view) diffed against spec/weppcloud.yaml. */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpec, nodeHost } from '../spec/index.ts';
import { diffModels } from './diff-models.ts';
import { diffDocument } from './report/document.ts';
import { renderMarkdownReport } from './report/markdown.ts';
import { WEPPCLOUD_SPEC, weppcloud202509 } from './testing/weppcloud-2025-09.ts';

describe('keyspec diff: WEPPcloud, September 2025 note -> spec/weppcloud.yaml', () => {
  const noteFile = join(dirname(WEPPCLOUD_SPEC), 'weppcloud-2025-09.yaml');
  const disk = nodeHost();
  const host = { ...disk, readFile: (f: string) => (f === noteFile ? weppcloud202509() : disk.readFile(f)) };
  delete (host as { read?: unknown }).read;

  it('names each difference between the note and the real keyspace by its rule', () => {
    const old = loadSpec(noteFile, host);
    expect(old.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const now = loadSpec(WEPPCLOUD_SPEC, nodeHost());
    const changes = diffModels(old.spec!, now.spec!).changes;
    const got = changes.map((c) => `${c.level} ${c.rule} ${c.subject}`);
    expect(got).toEqual(
      expect.arrayContaining([
        // The NoDb cache moved from `<runid>:<relpath>` to the file's absolute path: disjoint languages.
        'breaking key.pattern.changed db:nodb_cache/key:nodb/pattern',
        'breaking client.accessor.signature.changed client:ks.nodbCache.nodb',
        // Loads no longer refresh its TTL.
        'dangerous ttl.shortened db:nodb_cache/key:nodb/ttl',
        // The real lock key, which the note does not know.
        'safe key.added db:lock/key:nodb_lock',
        // Log levels stored as numbers, not names.
        'breaking enum.value.removed db:log_level/key:loglevel/value/enum:debug',
        'dangerous enum.value.added db:log_level/key:loglevel/value/enum:10',
      ]),
    );
    expect(got.filter((x) => x.includes('enum.value.removed'))).toHaveLength(5);
    expect(got.filter((x) => x.includes('enum.value.added'))).toHaveLength(5);
    // README keys are as the note has them: nothing about db:readme.
    expect(got.filter((x) => x.includes('db:readme'))).toEqual([]);
    expect(changes.filter((c) => c.level === 'breaking').length).toBe(7);
  });

  // The example in README ("keyspec diff"): compared, never rewritten in CI (KEYSPEC_UPDATE_GOLDEN=1 rewrites it).
  it('renders as the PR comment kept in examples/diff/weppcloud-2025-09.md', () => {
    const old = loadSpec(noteFile, host);
    const now = loadSpec(WEPPCLOUD_SPEC, nodeHost());
    const doc = diffDocument(diffModels(old.spec!, now.spec!), { old: 'September 2025 note', new: 'spec/weppcloud.yaml' });
    const md = renderMarkdownReport(doc);
    const golden = join(import.meta.dirname, '..', 'examples', 'diff', 'weppcloud-2025-09.md');
    if (process.env.KEYSPEC_UPDATE_GOLDEN === '1' && !process.env.CI) writeFileSync(golden, md);
    expect(md).toBe(readFileSync(golden, 'utf8'));
  });
});
