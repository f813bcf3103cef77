/** Issue 10 item 14: a finding group is labelled by what it counts (databases, channels, keys), never "5 keys" for 5 databases. */
import { describe, expect, it } from 'vitest';
import type { Finding, FindingGroup } from '../findings/report.ts';
import { unitOf } from './text.ts';

const f = (id: string, message: string, extra: Partial<Finding> = {}): Finding => ({
  id: id as Finding['id'],
  severity: 'error',
  db: null,
  key: null,
  channel: null,
  pattern: null,
  message,
  expected: null,
  actual: null,
  reproduce: null,
  ...extra,
});
const g = (id: string, findings: Finding[]): FindingGroup => ({
  id: id as FindingGroup['id'],
  severity: 'error',
  db: null,
  pattern: null,
  count: findings.length,
  findings,
});

describe('finding group labels', () => {
  it('check.error over databases counts databases', () => {
    const five = [0, 1, 2, 3, 4].map((d) => f('check.error', `db ${d} was not scanned: the connection failed before its turn`));
    expect(unitOf(g('check.error', five))).toEqual(['database', 'databases']);
  });
  it('check.error otherwise counts errors', () => {
    expect(unitOf(g('check.error', [f('check.error', 'the check stopped early (reading the server): lost')]))[1]).toBe('errors');
  });
  it('channel.undeclared counts channels, channel.message messages, keyed groups keys', () => {
    expect(unitOf(g('channel.undeclared', [f('channel.undeclared', 'x', { channel: 'c' })]))[1]).toBe('channels');
    expect(unitOf(g('channel.message', [f('channel.message', 'x', { channel: 'c' })]))[1]).toBe('messages');
    expect(unitOf(g('key.type', [f('key.type', 'x', { key: 'k' })]))[1]).toBe('keys');
  });
});
