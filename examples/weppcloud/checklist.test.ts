import { describe, expect, it } from 'vitest';
import { CHECKLIST_ITEMS, evaluatePreflight, extractLastModified, preflightFrame } from './checklist.ts';

const done = (prep: Record<string, string>): string[] =>
  Object.entries(evaluatePreflight(prep).checklist)
    .filter(([, v]) => v)
    .map(([k]) => k)
    .sort();

describe('preflight checklist (as services/preflight2 computes it)', () => {
  it('an empty hash: every item false, no locks, no last_modified', () => {
    const frame = preflightFrame({});
    expect(Object.keys(frame.checklist)).toEqual([...CHECKLIST_ITEMS].sort());
    expect(Object.values(frame.checklist).every((v) => v === false)).toBe(true);
    expect(frame.lock_statuses).toEqual({});
    expect('last_modified' in frame).toBe(false);
    expect(JSON.stringify(frame)).toMatch(/^\{"type":"preflight","checklist":\{"channels":false,/);
  });

  it('soils: after abstract_watershed and after landuse (or rangeland cover)', () => {
    const base = { 'timestamps:abstract_watershed': '100', 'timestamps:build_landuse': '110' };
    expect(done({ ...base, 'timestamps:build_soils': '105' })).not.toContain('soils');
    expect(done({ ...base, 'timestamps:build_soils': '120' })).toContain('soils');
    expect(done({ ...base, 'timestamps:build_soils': '100' })).not.toContain('soils'); // strictly later
    expect(
      done({ 'timestamps:abstract_watershed': '100', 'timestamps:build_rangeland_cover': '101', 'timestamps:build_soils': '102' }),
    ).toEqual(['rangeland_cover', 'soils']);
  });

  it('channels need only the field; outlet takes the later of set_outlet and find_outlet', () => {
    expect(done({ 'timestamps:build_channels': '' })).toEqual(['channels']);
    expect(done({ 'timestamps:build_channels': '50', 'timestamps:set_outlet': '40', 'timestamps:find_outlet': '60' })).toEqual([
      'channels',
      'outlet',
    ]);
  });

  it('wepp uses run_wepp_watershed, falling back to the legacy run_wepp', () => {
    const inputs = { 'timestamps:build_landuse': '10', 'timestamps:build_soils': '11', 'timestamps:build_climate': '12' };
    expect(done({ ...inputs, 'timestamps:run_wepp': '20' })).toContain('wepp');
    expect(done({ ...inputs, 'timestamps:run_wepp_watershed': '20', 'timestamps:run_wepp': '5' })).toContain('wepp');
    // The first non-empty field wins even when it does not parse.
    expect(done({ ...inputs, 'timestamps:run_wepp_watershed': 'soon', 'timestamps:run_wepp': '20' })).not.toContain('wepp');
  });

  it('dss_export compares with the latest transport run; malformed timestamps make comparisons false', () => {
    const prep = { 'timestamps:run_wepp_watershed': '20', 'timestamps:run_watar': '30', 'timestamps:dss_export': '25' };
    expect(done(prep)).not.toContain('dss_export');
    expect(done({ ...prep, 'timestamps:dss_export': '31' })).toContain('dss_export');
    expect(done({ 'timestamps:abstract_watershed': '1.5', 'timestamps:build_climate': '9' })).toEqual([]);
  });

  it('sbs_map and rhem, lock statuses from every locked: field', () => {
    const { checklist, lockStatuses } = evaluatePreflight({
      'attrs:has_sbs': 'true',
      'timestamps:run_rhem': '7',
      'locked:wepp.nodb': 'true',
      'locked:_pups/omni/scenarios/undisturbed/wepp.nodb': 'false',
      'locked:odd': 'yes',
    });
    expect(checklist.sbs_map && checklist.rhem).toBe(true);
    expect(lockStatuses).toEqual({ 'wepp.nodb': true, '_pups/omni/scenarios/undisturbed/wepp.nodb': false, odd: false });
  });

  it('last_modified: the field, else the newest timestamp', () => {
    expect(extractLastModified({ last_modified: '1700000000', 'timestamps:x': '1800000000' })).toBe(1700000000);
    expect(extractLastModified({ last_modified: 'x', 'timestamps:a': '5', 'timestamps:b': '9' })).toBe(9);
    expect(extractLastModified({ 'attrs:loaded': 'true' })).toBeUndefined();
  });
});
