import { describe, expect, it } from 'vitest';
import { changedSlots, crc16, keySlot, movingSlots, parseClusterNodes, SlotLedger, slotCount } from './cluster-slots.ts';

describe('cluster slots', () => {
  it('CRC16/XMODEM and key slots as Redis computes them (hash tags included)', () => {
    expect(crc16(Buffer.from('123456789'))).toBe(0x31c3);
    expect(keySlot('foo')).toBe(12182);
    expect(keySlot('bar')).toBe(5061);
    expect(keySlot('{user1000}.following')).toBe(keySlot('user1000'));
    expect(keySlot('{user1000}.followers')).toBe(keySlot('{user1000}.following'));
    // An empty tag hashes the whole key; only the first tag counts.
    expect(keySlot('foo{}{bar}')).toBe(crc16(Buffer.from('foo{}{bar}')) % 16384);
    expect(keySlot('foo{{bar}}zap')).toBe(keySlot('{bar'));
    expect(keySlot(Buffer.from([0xff, 0x7b, 0x61, 0x7d]))).toBe(keySlot('a'));
  });

  it('parses CLUSTER NODES: roles, slot ranges, migrating and importing slots', () => {
    const text = [
      'aaa 127.0.0.1:7000@17000 myself,master - 0 0 1 connected 0-5460 [100->-bbb]',
      'bbb 127.0.0.1:7001@17001 master - 0 0 2 connected 5461-10922 [100-<-aaa]',
      'ccc 127.0.0.1:7002@17002,host master - 0 0 3 connected 10923-16383',
      'ddd :7003@17003 slave aaa 0 0 1 connected',
      'eee 127.0.0.1:7004@17004 slave,fail bbb 0 0 2 disconnected',
    ].join('\n');
    const t = parseClusterNodes(text, '10.0.0.1');
    expect(t.nodes.map((n) => [n.id, n.role, n.masterId, n.port, n.failing])).toEqual([
      ['aaa', 'master', null, 7000, false],
      ['bbb', 'master', null, 7001, false],
      ['ccc', 'master', null, 7002, false],
      ['ddd', 'replica', 'aaa', 7003, false],
      ['eee', 'replica', 'bbb', 7004, true],
    ]);
    expect(t.nodes[3]!.host).toBe('10.0.0.1');
    expect(t.nodes.map(slotCount)).toEqual([5461, 5462, 5461, 0, 0]);
    expect(t.owner[100]).toBe('aaa');
    expect([...movingSlots(t)]).toEqual([100]);
    const moved = parseClusterNodes(
      text.replace('0-5460 [100->-bbb]', '0-99 101-5460').replace('5461-10922 [100-<-aaa]', '100 5461-10922'),
      'h',
    );
    expect([...changedSlots(t, moved)]).toEqual([100]);
    expect(movingSlots(moved).size).toBe(0);
  });

  it('the ledger counts a key once and releases a redirected one', () => {
    const l = new SlotLedger();
    expect(l.claim('a')).toBe(true);
    expect(l.claim('a')).toBe(false);
    expect(l.claim('b')).toBe(true);
    l.redirect('a', Buffer.from('a'));
    expect(l.has('a')).toBe(false);
    expect([...l.unsettled]).toEqual([keySlot('a')]);
    expect(l.claim('a')).toBe(true);
    expect(l.size).toBe(2);
  });
});
