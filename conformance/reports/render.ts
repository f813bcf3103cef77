/** One report in any of the four formats (check, observe and probe share the report model). */
import type { Palette } from '../../spec/palette.ts';
import type { Report } from '../findings/report.ts';
import { renderJsonReport } from './json.ts';
import { renderJunitReport } from './junit.ts';
import { renderMarkdownReport } from './markdown.ts';
import { renderProbeJunit, renderProbeMarkdown } from './probe.ts';
import { renderTextReport } from './text.ts';

export type ReportFormat = 'text' | 'json' | 'junit' | 'markdown';
export const REPORT_FORMATS: readonly ReportFormat[] = ['text', 'json', 'junit', 'markdown'];

/** `colors`: colour wanted, and the palette to colour the text report with (the CLI passes picocolors). */
export function renderReport(
  format: ReportFormat,
  report: Report,
  colors: { color: boolean; palette?: Palette } = { color: false },
): string {
  switch (format) {
    case 'json':
      return renderJsonReport(report);
    case 'junit':
      return report.mode === 'probe' ? renderProbeJunit(report) : renderJunitReport(report);
    case 'markdown':
      return report.mode === 'probe' ? renderProbeMarkdown(report) : renderMarkdownReport(report);
    default:
      return renderTextReport(report, colors);
  }
}
