import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { io as capturedIO } from '../../testing/cli/io.ts';
import { runCli } from '../run-cli.ts';

const io = () => capturedIO({ progress: false, env: {} });
const dir = mkdtempSync(join(tmpdir(), 'keyspec-flags-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Each of these must be refused in one line, before anything connects (the URL points nowhere reachable,
// so a command that went on would fail differently, with exit 3).
const unreachable = 'redis://127.0.0.1:1';
const readOnly = join(dir, 'read-only.json');
writeFileSync(readOnly, '{}');
chmodSync(readOnly, 0o444);

const cases: { name: string; args: string[]; says: RegExp }[] = [
  { name: 'empty --url (check)', args: ['check', 'spec/weppcloud.yaml', '--url', ''], says: /--url is empty/ },
  { name: 'blank --url (observe)', args: ['observe', 'spec/weppcloud.yaml', '--duration', '1', '--url', '  '], says: /--url is empty/ },
  { name: 'empty --url (probe)', args: ['probe', 'spec/weppcloud.yaml', '--url', ''], says: /--url is empty/ },
  {
    name: '--output in a missing folder',
    args: ['check', 'spec/weppcloud.yaml', '--url', unreachable, '--output', join(dir, 'no', 'r.json')],
    says: /cannot write in/,
  },
  {
    name: '--output is a folder',
    args: ['observe', 'spec/weppcloud.yaml', '--duration', '1', '--url', unreachable, '--output', dir],
    says: /is a directory/,
  },
];
if (process.getuid?.() !== 0)
  cases.push({
    name: '--output read-only',
    args: ['check', 'spec/weppcloud.yaml', '--url', unreachable, '--output', readOnly],
    says: /cannot write it/,
  });

describe('flags refused before anything is read', () => {
  it.each(cases)('$name', async ({ args, says }) => {
    const x = io();
    expect(await runCli(args, x)).toBe(2);
    expect(x.err).toMatch(says);
    expect(x.err.trim().split('\n')).toHaveLength(1);
    expect(x.out).toBe('');
  });
});
