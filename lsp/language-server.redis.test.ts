/**
 * `keyspec lsp` driven over stdio as an editor drives it: a subprocess (`tsx cli/main.ts lsp`) spoken to
 * with JSON-RPC frames; initialize, didOpen of a spec with mistakes, diagnostics as typed, hover, completion
 * and go-to-definition, then shutdown and exit.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type CompletionItem,
  type Hover,
  type Location,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver/node.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const fixtures = join(import.meta.dirname, 'fixtures');
const schema = JSON.parse(readFileSync(join(root, 'spec', 'keyspec.schema.json'), 'utf8')) as {
  properties: Record<string, unknown>;
  $defs: Record<
    string,
    { properties: Record<string, { description?: string }>; allOf?: { then: { properties: Record<string, { description?: string }> } }[] }
  >;
};
const uri = (name: string): string => pathToFileURL(join(fixtures, name)).href;

/** The 0-based position of the `nth` occurrence of `needle` in `text`, plus `delta` characters. */
function posOf(text: string, needle: string, delta = 0, nth = 0): { line: number; character: number } {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`no ${needle} in the text`);
  }
  const before = text.slice(0, at + delta).split('\n');
  return { line: before.length - 1, character: before[before.length - 1]!.length };
}

let child: ChildProcess;
let conn: ProtocolConnection;
let stderr = '';
const published: PublishDiagnosticsParams[] = [];
const waiters: { test: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];

/** The next diagnostics published for `docUri` (at `version`, if given). */
function diagnosticsFor(docUri: string, version?: number): Promise<PublishDiagnosticsParams> {
  const test = (p: PublishDiagnosticsParams): boolean => p.uri === docUri && (version === undefined || p.version === version);
  const done = published.find(test);
  if (done) return Promise.resolve(done);
  return new Promise((resolve) => waiters.push({ test, resolve }));
}

/** `KS110 10:18`: rule id and 1-based line:col of each diagnostic, sorted. */
const ids = (p: PublishDiagnosticsParams): string[] =>
  p.diagnostics.map((d) => `${String(d.code)} ${d.range.start.line + 1}:${d.range.start.character + 1}`).sort();

const open = (name: string, text: string, version = 1): void => {
  void conn.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(name), languageId: 'yaml', version, text } });
};
const hover = (name: string, position: { line: number; character: number }): Promise<Hover | null> =>
  conn.sendRequest('textDocument/hover', { textDocument: { uri: uri(name) }, position });
const complete = async (name: string, position: { line: number; character: number }): Promise<string[]> => {
  const items = await conn.sendRequest<CompletionItem[] | { items: CompletionItem[] }>('textDocument/completion', {
    textDocument: { uri: uri(name) },
    position,
  });
  return (Array.isArray(items) ? items : items.items).map((i) => i.label);
};
const definition = (name: string, position: { line: number; character: number }): Promise<Location | null> =>
  conn.sendRequest('textDocument/definition', { textDocument: { uri: uri(name) }, position });

const broken = readFileSync(join(fixtures, 'broken.yaml'), 'utf8');
const shop = readFileSync(join(fixtures, 'shop.yaml'), 'utf8');

beforeAll(async () => {
  child = spawn(process.execPath, [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'cli/main.ts', 'lsp', '--stdio'], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
  conn = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    published.push(p);
    for (const w of waiters.filter((x) => x.test(p))) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(p);
    }
  });
  conn.listen();
});

afterAll(() => {
  conn?.dispose();
  if (child && child.exitCode === null) child.kill();
});

describe('keyspec lsp over stdio', () => {
  it('initializes with hover, completion and definition', async () => {
    const init = await conn.sendRequest<{ capabilities: Record<string, unknown>; serverInfo?: { name: string } }>('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(root).href,
      capabilities: {},
    });
    await conn.sendNotification('initialized', {});
    expect(init.serverInfo?.name).toBe('keyspec');
    expect(init.capabilities).toMatchObject({ hoverProvider: true, definitionProvider: true });
    expect(init.capabilities.completionProvider).toBeDefined();
  });

  it('publishes every keyspec diagnostic of an opened spec, with rule id, position and hint', async () => {
    open('broken.yaml', broken);
    const p = await diagnosticsFor(uri('broken.yaml'), 1);
    // The two mistakes: an undeclared placeholder type (KS110) and an undeclared writer (KS170).
    expect(ids(p)).toEqual(['KS110 10:18', 'KS170 17:24']);
    const ks110 = p.diagnostics.find((d) => d.code === 'KS110')!;
    expect(ks110.source).toBe('keyspec');
    expect(ks110.severity).toBe(1);
    expect(ks110.message).toMatch(/has no type 'cartid'\nhint: Did you mean 'cartId'\?/);
    expect(ks110.range.end).toEqual({ line: 9, character: 35 }); // the whole pattern scalar
  });

  it('validates again as the user types (the unsaved text, not the file), once typing pauses', async () => {
    // Incremental edits, as editors send them: `cartid` -> `cartId` one character at a time (c, a, r, t, I).
    const at = posOf(broken, '{id:cartid}', '{id:cart'.length);
    const edit = (version: number, text: string, from: number, to: number): void =>
      void conn.sendNotification('textDocument/didChange', {
        textDocument: { uri: uri('broken.yaml'), version },
        contentChanges: [{ range: { start: { line: at.line, character: from }, end: { line: at.line, character: to } }, text }],
      });
    edit(2, '', at.character, at.character + 1); // cart|d
    edit(3, 'X', at.character, at.character); // cartX|d
    edit(4, '', at.character, at.character + 1); // cart|d
    edit(5, 'I', at.character, at.character); // cartI|d
    expect(ids(await diagnosticsFor(uri('broken.yaml'), 5))).toEqual(['KS170 17:24']);
    // The edits came faster than the debounce: the intermediate versions were never validated.
    expect(published.filter((p) => p.uri === uri('broken.yaml')).map((p) => p.version)).toEqual([1, 5]);
  });

  it('reads an import from its open document, and shows a problem inside it at the import', async () => {
    // Neither file exists on disk: both are open, unsaved buffers.
    const lib = 'keyspec: 1\nkind: library\nname: unsaved\nkeys:\n  - name: job\n    pattern: "job:{id:jobid}"\n    type: string\n';
    const app =
      'keyspec: 1\nname: app\nimports:\n  - spec: lib/unsaved.yaml\n    as: u\n    database: main\ndatabases:\n  - index: 0\n    name: main\n';
    open('lib/unsaved.yaml', lib);
    open('app.yaml', app);
    const own = await diagnosticsFor(uri('lib/unsaved.yaml'), 1);
    expect(ids(own)).toEqual(['KS110 6:14']);
    const p = await diagnosticsFor(uri('app.yaml'), 1);
    expect(ids(p)).toEqual(['KS110 4:11']);
    expect(p.diagnostics[0]!.message).toContain(`${join(fixtures, 'lib', 'unsaved.yaml')}:6:14: `);
    expect(p.diagnostics[0]!.relatedInformation?.[0]?.location).toEqual({
      uri: uri('lib/unsaved.yaml'),
      range: { start: { line: 5, character: 13 }, end: { line: 5, character: 29 } },
    });
  });

  it('leaves YAML that is not a spec alone', async () => {
    open('compose.yaml', 'services:\n  web:\n    image: nginx\n');
    expect((await diagnosticsFor(uri('compose.yaml'), 1)).diagnostics).toEqual([]);
  });

  it('hovers with the schema descriptions of ttl, type, writers and value', async () => {
    open('shop.yaml', shop);
    await diagnosticsFor(uri('shop.yaml'), 1);
    const key = schema.$defs.key!;
    const valueDescription = key.allOf!.flatMap((b) => Object.entries(b.then.properties)).find(([n]) => n === 'value')![1].description!;
    const cases: [string, string, string][] = [
      ['ttl: 30m', 'ttl', key.properties.ttl!.description!],
      ['type: hash', 'type', key.properties.type!.description!],
      ['writers: [web]', 'writers', key.properties.writers!.description!],
      ['value: json', 'value', valueDescription],
    ];
    for (const [needle, name, description] of cases) {
      expect(description, `${name} has a description in the schema`).toBeTruthy();
      const h = await hover('shop.yaml', posOf(shop, needle, 1));
      const text = (h?.contents as { value: string } | undefined)?.value ?? '';
      expect(text, `hover on ${name}`).toContain(`**${name}**`);
      expect(text, `hover on ${name}`).toContain(description);
    }
    // On a value, the property it belongs to is described too.
    const onValue = await hover('shop.yaml', posOf(shop, 'ttl: 30m', 'ttl: '.length + 1));
    expect((onValue?.contents as { value: string }).value).toContain(key.properties.ttl!.description!);
  });

  it('completes every top-level key not yet written', async () => {
    const text = shop + '\n';
    void conn.sendNotification('textDocument/didChange', {
      textDocument: { uri: uri('shop.yaml'), version: 2 },
      contentChanges: [{ text }],
    });
    const labels = await complete('shop.yaml', { line: text.split('\n').length - 1, character: 0 });
    const written = ['keyspec', 'name', 'imports', 'types', 'databases', 'services'];
    expect(labels.sort()).toEqual(
      Object.keys(schema.properties)
        .filter((k) => !written.includes(k))
        .sort(),
    );
  });

  it("completes only the properties that fit a key's type", async () => {
    // A new line in the string key `session`, indented as its properties.
    const at = shop.indexOf('        writers: [web]\nservices:');
    const text = shop.slice(0, at) + '        \n' + shop.slice(at);
    void conn.sendNotification('textDocument/didChange', {
      textDocument: { uri: uri('shop.yaml'), version: 3 },
      contentChanges: [{ text }],
    });
    const labels = await complete('shop.yaml', posOf(text, '        \n        writers: [web]\nservices:', 8));
    expect(labels).toContain('description');
    expect(labels).toContain('readers');
    for (const wrong of ['fields', 'member', 'entryFields', 'score', 'additionalFields', 'value', 'ttl', 'type'])
      expect(labels, `a string key with value and ttl written is not offered ${wrong}`).not.toContain(wrong);
  });

  it('completes a type name inside a pattern placeholder and a service name in writers', async () => {
    const text = shop
      .replace("pattern: 'session:{id:uuid}'", "pattern: 'session:{id:'")
      .replace('writers: [web]\nservices', 'writers: [w]\nservices');
    void conn.sendNotification('textDocument/didChange', {
      textDocument: { uri: uri('shop.yaml'), version: 4 },
      contentChanges: [{ text }],
    });
    const types = await complete('shop.yaml', posOf(text, "'session:{id:", "'session:{id:".length));
    expect(types).toContain('cartId');
    expect(types).toContain('uuid');
    const services = await complete('shop.yaml', posOf(text, 'writers: [w]', 'writers: [w'.length));
    expect(services).toContain('web');
    // An imported library's service, by its namespaced name (from the last model built).
    expect(services).toContain('jobs.worker');
    expect(services).not.toContain('cartId');
  });

  it('goes to the definition of a type, a service, an imported service and an import', async () => {
    void conn.sendNotification('textDocument/didChange', {
      textDocument: { uri: uri('shop.yaml'), version: 5 },
      contentChanges: [{ text: shop }],
    });
    const type = await definition('shop.yaml', posOf(shop, '{id:cartId}', 5));
    expect(type?.uri).toBe(uri('shop.yaml'));
    expect(type?.range.start).toEqual(posOf(shop, 'cartId: {'));
    const service = await definition('shop.yaml', posOf(shop, 'writers: [web]', 'writers: ['.length + 1));
    expect(service?.uri).toBe(uri('shop.yaml'));
    expect(service?.range.start).toEqual(posOf(shop, 'web\n', 0, 0));
    const lib = readFileSync(join(fixtures, 'lib', 'queue.yaml'), 'utf8');
    const imported = await definition('shop.yaml', posOf(shop, 'jobs.worker', 6));
    expect(imported?.uri).toBe(uri('lib/queue.yaml'));
    expect(imported?.range.start.line).toBe(posOf(lib, 'name: worker').line);
    const file = await definition('shop.yaml', posOf(shop, 'lib/queue.yaml', 3));
    expect(file?.uri).toBe(uri('lib/queue.yaml'));
    expect(file?.range.start).toEqual({ line: 0, character: 0 });
  });

  it('shuts down and exits on request', async () => {
    await conn.sendRequest('shutdown');
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    void conn.sendNotification('exit');
    expect(await exited).toBe(0);
    expect(stderr).toBe('');
  });
});
