/** One report in any of the four formats (check, observe and probe share the report model). */
import type { Report } from './findings.ts';
import { renderJsonReport } from './report-json.ts';
import { renderJunitReport } from './report-junit.ts';
import { renderMarkdownReport } from './report-markdown.ts';
import { renderProbeJunit, renderProbeMarkdown } from './report-probe.ts';
import { renderTextReport } from './report-text.ts';

export type ReportFormat = 'text' | 'json' | 'junit' | 'markdown';
export const REPORT_FORMATS: readonly ReportFormat[] = ['text', 'json', 'junit', 'markdown'];

export function renderReport(format: ReportFormat, report: Report, color: boolean): string {
  switch (format) {
    case 'json':
      return renderJsonReport(report);
    case 'junit':
      return report.mode === 'probe' ? renderProbeJunit(report) : renderJunitReport(report);
    case 'markdown':
      return report.mode === 'probe' ? renderProbeMarkdown(report) : renderMarkdownReport(report);
    default:
      return renderTextReport(report, { color });
  }
}
