import { describe, expect, it } from 'vitest';
import { consumerFlags, missingFlags, parseNotifyFlags, selectsNothing } from './notify-flags.ts';

describe('notify-keyspace-events flags', () => {
  it.each([
    ['Kh', ['K', 'h']],
    ['hK', ['K', 'h']],
    ['AKE', ['K', 'E', 'g', '$', 'l', 's', 'h', 'z', 'x', 'e', 't', 'd']],
    ['KEA', ['K', 'E', 'g', '$', 'l', 's', 'h', 'z', 'x', 'e', 't', 'd']],
    ['Kmn', ['K', 'm', 'n']],
    ['', []],
  ])('%j normalises to %j', (raw, flags) => {
    expect(parseNotifyFlags(raw)).toEqual({ flags, invalid: [] });
  });

  it('reports invalid flags', () => {
    expect(parseNotifyFlags('Kq!').invalid).toEqual(['q', '!']);
  });

  it('compares as sets: a superset passes, A covers h but not m', () => {
    const need = consumerFlags('keyspace', ['h']).flags;
    expect(missingFlags(need, parseNotifyFlags('AKE').flags)).toEqual([]);
    expect(missingFlags(need, parseNotifyFlags('Eh').flags)).toEqual(['K']);
    expect(missingFlags(consumerFlags('keyevent', ['m']).flags, parseNotifyFlags('KEA').flags)).toEqual(['m']);
  });

  it.each([
    ['K', true],
    ['E', true],
    ['h', true],
    ['Kh', false],
    ['EA', false],
  ])('%j selects nothing: %s', (raw, nothing) => {
    expect(selectsNothing(parseNotifyFlags(raw).flags)).toBe(nothing);
  });
});
