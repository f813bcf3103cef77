/**
 * keyspec diagnostics as LSP diagnostics: the rule id as `code`, the message with its fix hint on a second
 * line (editors show both), the range of the offending node (1-based line:col become 0-based).
 */
import { DiagnosticSeverity, type Diagnostic as LspDiagnostic } from 'vscode-languageserver/node.js';
import type { Diagnostic } from '../spec/language/diagnostics.ts';

export function toLspDiagnostic(d: Diagnostic): LspDiagnostic {
  const start = { line: d.line - 1, character: d.column - 1 };
  const end =
    d.endLine !== undefined && d.endColumn !== undefined && (d.endLine > d.line || d.endColumn > d.column)
      ? { line: d.endLine - 1, character: d.endColumn - 1 }
      : { line: start.line, character: start.character + 1 };
  return {
    range: { start, end },
    severity: d.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    code: d.id,
    source: 'keyspec',
    message: d.hint ? `${d.message}\nhint: ${d.hint}` : d.message,
  };
}
