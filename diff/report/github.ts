/**
 * GitHub Actions workflow commands: one annotation per change on its spec line (`::error` for an unapproved
 * breaking change, `::warning` for a dangerous one, `::notice` for safe and approved ones).
 */
import type { Change } from '../types.ts';
import { describeLive, type DiffDocument } from './document.ts';

const data = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const prop = (s: string): string => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

function command(c: Change): string {
  if (c.approved) return 'notice';
  return c.level === 'breaking' ? 'error' : c.level === 'dangerous' ? 'warning' : 'notice';
}

export function renderGithubReport(doc: DiffDocument): string {
  return doc.changes
    .map((c) => {
      const props = [
        ...(c.location ? [`file=${prop(c.location.file)}`, `line=${c.location.line}`, `col=${c.location.column}`] : []),
        `title=${prop(`keyspec diff ${c.rule} (${c.approved ? 'approved' : c.level})`)}`,
      ];
      const live = describeLive(c.live);
      const text = `${c.message}. ${c.hint}${live ? ` Live: ${live}.` : ''} Fingerprint ${c.fingerprint}.`;
      return `::${command(c)} ${props.join(',')}::${data(text)}`;
    })
    .join('\n');
}
