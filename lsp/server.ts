/**
 * `keyspec lsp`: a language server over stdio. It runs the real validator on every open spec (its text as
 * typed; imports from open documents first, else from disk) and publishes every diagnostic with its rule id,
 * answers hover from the language schema's descriptions, completes property names, values and declared
 * names, and goes to the definition of references and imports.
 */
import {
  createConnection,
  StreamMessageReader,
  StreamMessageWriter,
  TextDocumentSyncKind,
  TextDocuments,
  type Connection,
  type Diagnostic as LspDiagnostic,
  type Location,
} from 'vscode-languageserver/node.js';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Readable, Writable } from 'node:stream';
import type { SourcePos } from '../spec/language/diagnostics.ts';
import type { Spec } from '../spec/language/model.ts';
import { validateSpecs } from '../spec/language/validate.ts';
import { KEYSPEC_VERSION } from '../spec/package-files.ts';
import { completionsAt } from './completion.ts';
import { definitionAt } from './definition.ts';
import { documentHost, pathToUri, uriToPath } from './document-host.ts';
import { hoverAt } from './hover.ts';
import { toLspDiagnostic } from './publish-diagnostics.ts';

/** How long typing must pause before a document is validated again. */
export const DEBOUNCE_MS = 150;

/**
 * Whether an open YAML document is a keyspec spec (a top-level `keyspec:` key, or a modeline naming the
 * keyspec schema): editors start the server for every YAML file, and other YAML gets no keyspec rules.
 * An empty document counts, so a new spec can be written from completion.
 */
export function isSpec(text: string): boolean {
  return text.trim() === '' || /^keyspec\s*:/m.test(text) || /\$schema=\S*keyspec[\w.-]*\.schema\.json/.test(text);
}

const toRange = (p: SourcePos) => {
  const start = { line: p.line - 1, character: p.column - 1 };
  const end = p.endLine !== undefined && p.endColumn !== undefined ? { line: p.endLine - 1, character: p.endColumn - 1 } : start;
  return { start, end };
};

export function startLanguageServer(input: Readable = process.stdin, output: Writable = process.stdout): Connection {
  const connection = createConnection(new StreamMessageReader(input), new StreamMessageWriter(output));
  const documents = new TextDocuments(TextDocument);
  // A document not on disk (`untitled:`) is validated under its URI, so it is looked up by that too.
  const byPath = (path: string): TextDocument | undefined => documents.get(pathToUri(path)) ?? documents.get(path);
  const host = documentHost((path) => byPath(path)?.getText());
  /** The last model built for each document (completion and definition use it for imported names). */
  const models = new Map<string, Spec>();
  const timers = new Map<string, NodeJS.Timeout>();

  const validate = (doc: TextDocument): void => {
    if (!isSpec(doc.getText())) {
      void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics: [] });
      return;
    }
    const file = uriToPath(doc.uri);
    const result = validateSpecs([file], host);
    const spec = result.specs[0]?.spec;
    if (spec) models.set(doc.uri, spec);
    const own: LspDiagnostic[] = [];
    const text = doc.getText();
    for (const d of result.diagnostics) {
      if (d.file === file) own.push(toLspDiagnostic(d));
      else {
        // A problem inside an imported file: shown at this file's import of it, pointing at the place.
        const imported = importLine(text, d.file, file, host.resolve);
        const lsp = toLspDiagnostic({ ...d, line: imported.line, column: imported.column, endLine: undefined, endColumn: undefined });
        lsp.message = `${d.file}:${d.line}:${d.column}: ${lsp.message}`;
        lsp.relatedInformation = [{ location: { uri: pathToUri(d.file), range: toRange(d) }, message: d.message }];
        own.push(lsp);
      }
    }
    void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics: own });
  };
  const schedule = (): void => {
    // An edit to a library changes what its importers see: every open spec is validated again.
    for (const doc of documents.all()) {
      clearTimeout(timers.get(doc.uri));
      timers.set(
        doc.uri,
        setTimeout(() => {
          timers.delete(doc.uri);
          const current = documents.get(doc.uri);
          if (current) validate(current);
        }, DEBOUNCE_MS),
      );
    }
  };

  connection.onInitialize(() => ({
    serverInfo: { name: 'keyspec', version: KEYSPEC_VERSION },
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      definitionProvider: true,
      // `{` opens a placeholder (type names), `[` and `,` a flow list of names.
      completionProvider: { triggerCharacters: ['{', '[', ','] },
    },
  }));
  documents.onDidOpen(schedule);
  documents.onDidChangeContent(schedule);
  documents.onDidClose((e) => {
    clearTimeout(timers.get(e.document.uri));
    timers.delete(e.document.uri);
    models.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onHover(({ textDocument, position }) => {
    const doc = documents.get(textDocument.uri);
    if (!doc || !isSpec(doc.getText())) return null;
    const model = models.get(doc.uri);
    const contents = hoverAt(doc.getText(), doc.offsetAt(position), { file: uriToPath(doc.uri), host, ...(model ? { model } : {}) });
    return contents ? { contents } : null;
  });
  connection.onCompletion(({ textDocument, position }) => {
    const doc = documents.get(textDocument.uri);
    return doc && isSpec(doc.getText()) ? completionsAt(doc, doc.offsetAt(position), models.get(doc.uri)) : [];
  });
  connection.onDefinition(({ textDocument, position }): Location | null => {
    const doc = documents.get(textDocument.uri);
    if (!doc || !isSpec(doc.getText())) return null;
    const at = definitionAt(doc.getText(), doc.offsetAt(position), uriToPath(doc.uri), host, models.get(doc.uri));
    return at ? { uri: pathToUri(at.file), range: toRange(at) } : null;
  });

  documents.listen(connection);
  connection.listen();
  return connection;
}

/** The position of this file's import whose `spec:` resolves to `target` (else the top of the file). */
function importLine(
  text: string,
  target: string,
  file: string,
  resolve: (from: string, spec: string) => string,
): { line: number; column: number } {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^(\s*-?\s*spec:\s*)['"]?([^'"#\s]+)/.exec(lines[i]!);
    if (m && resolve(file, m[2]!) === target) return { line: i + 1, column: m[1]!.length + 1 };
  }
  const first = lines.findIndex((l) => /^\s*-?\s*spec:/.test(l));
  return first >= 0 ? { line: first + 1, column: 1 } : { line: 1, column: 1 };
}
