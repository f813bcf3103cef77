/**
 * The JSON report (pure): `{schemaVersion, tool, spec, target, startedAt, findings, summary}`, described
 * by report.schema.json. Findings are per key up to `summary.maxFindingsPerCheck` per check x db x
 * pattern; `summary.checks[].count` always has the full count.
 */
import { hasRawBytes } from '../findings/key-bytes.ts';
import { escapeName } from '../findings/printable.ts';
import type { Report } from '../findings/report.ts';

/**
 * A key name that is not valid UTF-8 (findings/key-bytes.ts) is written escaped (`weird:\xff`, see
 * `escapeName`), never as lone surrogates; its finding carries the real bytes in `keyBytes`.
 */
export function renderJsonReport(report: Report): string {
  return JSON.stringify(report, (_k, v: unknown) => (typeof v === 'string' && hasRawBytes(v) ? escapeName(v) : v), 2) + '\n';
}
