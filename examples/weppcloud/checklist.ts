/**
 * The preflight checklist, computed from a raw RedisPrep run hash the way WEPPcloud's preflight
 * service (`services/preflight2/internal/checklist/checklist.go` in rogerlew/wepppy, the Go
 * replacement of `wepppy/microservices/preflight.py`) computes it.
 *
 * Every comparison works on the raw hash strings: a timestamp that is missing or does not parse as a
 * (signed, base-10) integer makes the comparison false, exactly like the service's `safeGT`.
 */

/** A run hash as HGETALL returns it (field -> raw string). */
export type PrepHash = Readonly<Record<string, string>>;

/** The checklist items, in the service's declaration order. */
export const CHECKLIST_ITEMS = [
  'sbs_map',
  'channels',
  'outlet',
  'subcatchments',
  'landuse',
  'rangeland_cover',
  'soils',
  'climate',
  'rap_ts',
  'openet_ts',
  'rhem',
  'wepp',
  'omni_scenarios',
  'observed',
  'debris',
  'watar',
  'dss_export',
  'run_path_ce',
] as const;
export type ChecklistItem = (typeof CHECKLIST_ITEMS)[number];
export type Checklist = Record<ChecklistItem, boolean>;

/** The frame the preflight service pushes: `{"type":"preflight","checklist":…,"lock_statuses":…}`. */
export interface PreflightFrame {
  type: 'preflight';
  checklist: Checklist;
  lock_statuses: Record<string, boolean>;
  /** Present when the hash has `last_modified` (or any parseable timestamp); omitted otherwise. */
  last_modified?: number;
}

/** Go's strconv.ParseInt(raw, 10, 64): optional sign, decimal digits, nothing else. */
function parseInt64(raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '' || !/^[+-]?[0-9]+$/.test(raw)) return undefined;
  const n = Number(raw);
  return Number.isSafeInteger(n) || Math.abs(n) < 2 ** 63 ? n : undefined;
}

function safeGT(a: string | undefined, b: string | undefined): boolean {
  const x = parseInt64(a);
  const y = parseInt64(b);
  return x !== undefined && y !== undefined && x > y;
}

/** The first field whose value is a non-empty string (not necessarily an integer). */
function firstTimestamp(prep: PrepHash, ...fields: string[]): string | undefined {
  for (const f of fields) {
    const v = prep[f];
    if (v !== undefined && v !== '') return v;
  }
  return undefined;
}

/** The largest parseable value among the fields, as a string; undefined when none parses. */
function maxTimestamp(prep: PrepHash, ...fields: string[]): string | undefined {
  let max: number | undefined;
  for (const f of fields) {
    const v = parseInt64(prep[f]);
    if (v !== undefined && (max === undefined || v > max)) max = v;
  }
  return max === undefined ? undefined : String(max);
}

const ts = (task: string): string => `timestamps:${task}`;

/** The checklist and the lock statuses of a run hash. */
export function evaluatePreflight(prep: PrepHash): { checklist: Checklist; lockStatuses: Record<string, boolean> } {
  const t = (task: string): string | undefined => prep[ts(task)];
  const buildChannels = t('build_channels');
  const abstractWatershed = t('abstract_watershed');
  const buildLanduse = t('build_landuse');
  const buildSoils = t('build_soils');
  const buildClimate = t('build_climate');
  const buildRangeland = t('build_rangeland_cover');
  const runWepp = firstTimestamp(prep, ts('run_wepp_watershed'), ts('run_wepp'));
  const afterInputs = (v: string | undefined): boolean =>
    safeGT(v, buildLanduse) && safeGT(v, buildSoils) && safeGT(v, buildClimate) && safeGT(v, runWepp);

  const checklist: Checklist = {
    sbs_map: prep['attrs:has_sbs'] === 'true',
    channels: Object.prototype.hasOwnProperty.call(prep, ts('build_channels')),
    outlet: safeGT(maxTimestamp(prep, ts('set_outlet'), ts('find_outlet')), buildChannels),
    subcatchments: safeGT(abstractWatershed, buildChannels),
    landuse: safeGT(buildLanduse, abstractWatershed),
    rangeland_cover: buildRangeland !== undefined && buildRangeland !== '',
    soils: safeGT(buildSoils, abstractWatershed) && (safeGT(buildSoils, buildLanduse) || safeGT(buildSoils, buildRangeland)),
    climate: safeGT(buildClimate, abstractWatershed),
    rap_ts: safeGT(t('build_rap_ts'), buildClimate),
    openet_ts: safeGT(t('build_openet_ts'), buildClimate),
    rhem: (t('run_rhem') ?? '') !== '',
    wepp: safeGT(runWepp, buildLanduse) && safeGT(runWepp, buildSoils) && safeGT(runWepp, buildClimate),
    omni_scenarios: safeGT(t('run_omni_scenarios'), runWepp),
    observed: afterInputs(t('run_observed')),
    debris: afterInputs(t('run_debris')),
    watar: afterInputs(t('run_watar')),
    dss_export: safeGT(t('dss_export'), maxTimestamp(prep, ts('run_watar'), ts('run_wepp_watershed'), ts('run_wepp'))),
    run_path_ce: safeGT(t('run_path_ce'), runWepp),
  };

  const lockStatuses: Record<string, boolean> = {};
  for (const [field, value] of Object.entries(prep)) {
    if (field.length > 7 && field.startsWith('locked:')) lockStatuses[field.slice(7)] = value === 'true';
  }
  return { checklist, lockStatuses };
}

/** `last_modified` if it parses, else the newest parseable `timestamps:*` value, else undefined. */
export function extractLastModified(prep: PrepHash): number | undefined {
  const explicit = parseInt64(prep['last_modified']);
  if (explicit !== undefined) return explicit;
  let latest: number | undefined;
  for (const [field, raw] of Object.entries(prep)) {
    if (!field.startsWith('timestamps:')) continue;
    const v = parseInt64(raw);
    if (v !== undefined && (latest === undefined || v > latest)) latest = v;
  }
  return latest;
}

function sorted<T>(o: Readonly<Record<string, T>>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const k of Object.keys(o).sort()) out[k] = o[k]!;
  return out;
}

/** The frame for a run hash. Map keys are sorted, as Go's encoding/json writes them. */
export function preflightFrame(prep: PrepHash): PreflightFrame {
  const { checklist, lockStatuses } = evaluatePreflight(prep);
  const frame: PreflightFrame = {
    type: 'preflight',
    checklist: sorted(checklist) as Checklist,
    lock_statuses: sorted(lockStatuses),
  };
  const lastModified = extractLastModified(prep);
  if (lastModified !== undefined) frame.last_modified = lastModified;
  return frame;
}

/** Equal frames carry the same checklist, lock statuses and last_modified (the service's dedupe). */
export function sameFrame(a: PreflightFrame, b: PreflightFrame): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
