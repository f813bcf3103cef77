/**
 * JUnit XML for CI test reporters: one test suite per level, one test case per change; a change that fails
 * the run (unapproved, at or above --fail-on) is a failure, every other change a passing case.
 */
import { LEVELS } from '../types.ts';
import { describeLive, type DiffDocument } from './document.ts';

const RANK = { breaking: 0, dangerous: 1, safe: 2 } as const;

function esc(s: string): string {
  // eslint-disable-next-line no-control-regex -- characters XML 1.0 does not allow
  return s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '\uFFFD').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function renderJunitReport(doc: DiffDocument): string {
  const failing = (c: DiffDocument['changes'][number]): boolean => !c.approved && RANK[c.level] <= RANK[doc.failOn];
  const suites = LEVELS.map((level) => {
    const changes = doc.changes.filter((c) => c.level === level);
    const cases = changes.map((c) => {
      const open = `    <testcase classname="keyspec.diff.${esc(c.category)}" name="${esc(`${c.rule} ${c.subject}`)}"`;
      const live = describeLive(c.live);
      const detail = [
        c.message,
        `hurts ${c.hurts}: ${c.hint}`,
        ...(live ? [`live: ${live}`] : []),
        ...(c.approved ? [`approved by ${c.approved.by}: ${c.approved.reason}`] : []),
        `fingerprint ${c.fingerprint}${c.location ? ` at ${c.location.file}:${c.location.line}` : ''}`,
      ].join('\n');
      if (failing(c))
        return `${open}>\n      <failure message="${esc(c.message)}" type="${esc(c.rule)}">${esc(detail)}</failure>\n    </testcase>`;
      return `${open}>\n      <system-out>${esc(detail)}</system-out>\n    </testcase>`;
    });
    const failures = changes.filter(failing).length;
    return `  <testsuite name="keyspec diff: ${level}" tests="${changes.length}" failures="${failures}" errors="0" skipped="0">\n${cases.join('\n')}${cases.length ? '\n' : ''}  </testsuite>`;
  });
  const failures = doc.changes.filter(failing).length;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="keyspec diff" tests="${doc.changes.length}" failures="${failures}" errors="0">\n${suites.join('\n')}\n</testsuites>\n`;
}
