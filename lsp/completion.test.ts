/**
 * Completion, hover and definition on spec text, without a server: the cursor is written `|` in the text.
 */
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { describe, expect, it } from 'vitest';
import { nodeHost } from '../spec/language/node-host.ts';
import { completionsAt } from './completion.ts';
import { definitionAt } from './definition.ts';
import { hoverAt } from './hover.ts';
import { isSpec } from './server.ts';

const file = join(import.meta.dirname, 'fixtures', 'typed.yaml');

/** The text without its `|` and the cursor's offset. */
function cursor(text: string): { text: string; offset: number } {
  const offset = text.indexOf('|');
  if (offset < 0) throw new Error('no | in the text');
  return { text: text.slice(0, offset) + text.slice(offset + 1), offset };
}

function labels(withCursor: string): string[] {
  const { text, offset } = cursor(withCursor);
  return completionsAt(TextDocument.create('file:///x.yaml', 'yaml', 1, text), offset).map((i) => i.label);
}

const HEAD = `keyspec: 1
name: shop
types:
  cartId: { regex: '[a-z0-9]{8}' }
connections:
  - name: default
env:
  CART_TTL: {}
databases:
  - index: 0
    name: main
    keys:
      - name: cart
        pattern: 'cart:{id:cartId}'
        type: hash
      - name: cart_lock
        pattern: 'cart:{id:cartId}:lock'
        type: string
`;
const TAIL = `services:
  - name: web
  - name: worker
channels:
  - name: status
    pattern: 'status:{id:cartId}'
`;

describe('completion', () => {
  it('offers the properties of a key by its type', () => {
    const hash = labels(HEAD.replace('        type: hash\n', '        type: hash\n        |\n') + TAIL);
    expect(hash).toEqual(expect.arrayContaining(['fields', 'additionalFields', 'ttl', 'writers']));
    expect(hash).not.toContain('value');
    expect(hash).not.toContain('member');
    expect(hash).not.toContain('type');
    const string = labels(HEAD + '        va|\n' + TAIL);
    expect(string).toContain('value');
    expect(string).not.toContain('fields');
    expect(string).not.toContain('entryFields');
  });

  it('offers a logical type only what it takes: a geo key members, no scores; a HyperLogLog no value', () => {
    const geo = labels(HEAD.replace('        type: hash\n', '        type: geo\n        |\n') + TAIL);
    expect(geo).toEqual(expect.arrayContaining(['member', 'ttl', 'writers']));
    expect(geo).not.toContain('score');
    expect(geo).not.toContain('fields');
    const hll = labels(HEAD.replace('        type: hash\n', '        type: hyperloglog\n        |\n') + TAIL);
    expect(hll).toEqual(expect.arrayContaining(['ttl', 'writers']));
    expect(hll).not.toContain('value');
    expect(hll).not.toContain('member');
  });

  it('offers every type-specific property while the type is not written', () => {
    const untyped = labels(HEAD + '      - name: x\n        |\n' + TAIL);
    expect(untyped).toEqual(expect.arrayContaining(['type', 'fields', 'member', 'value', 'entryFields', 'score']));
  });

  it('offers the first property of a new list item', () => {
    expect(labels(HEAD + '      - |\n' + TAIL)).toEqual(expect.arrayContaining(['name', 'pattern', 'type']));
  });

  it('offers the values of an enum and of a Redis type', () => {
    // The Redis types, then the logical types over them (bitmap, hyperloglog, geo, module types).
    expect(labels(HEAD + '      - name: x\n        type: |\n' + TAIL)).toEqual([
      'string',
      'hash',
      'list',
      'set',
      'zset',
      'stream',
      'bitmap',
      'hyperloglog',
      'geo',
      'json',
      'timeseries',
      'bloom',
      'cuckoo',
      'cms',
      'topk',
      'tdigest',
      'vectorset',
    ]);
    expect(labels('keyspec: 1\nname: x\nkind: |\n')).toEqual(['application', 'library']);
  });

  it('offers the properties of a TTL policy object, in flow style too', () => {
    expect(labels(HEAD + '        ttl:\n          |\n' + TAIL)).toEqual(
      expect.arrayContaining(['seconds', 'max', 'optional', 'refresh', 'env']),
    );
    expect(labels(HEAD + '        ttl: { max: 30, o| }\n' + TAIL)).toContain('optional');
  });

  it('offers declared names where a reference goes', () => {
    expect(labels(HEAD + '        writers: [|]\n' + TAIL)).toEqual(['web', 'worker']);
    expect(labels(HEAD + '        shadows:\n          - |\n' + TAIL)).toEqual(['cart', 'cart_lock']);
    expect(labels(HEAD + TAIL.replace('  - name: web\n', '  - name: web\n    writes: [m|]\n'))).toEqual(['main.cart', 'main.cart_lock']);
    expect(labels(HEAD + TAIL.replace('  - name: web\n', '  - name: web\n    publishes: [|]\n'))).toEqual(['status']);
    expect(labels(HEAD + TAIL.replace('  - name: web\n', '  - name: web\n    connection: |\n'))).toEqual(['default']);
    expect(labels(HEAD + '        ttl: { seconds: 60, env: | }\n' + TAIL)).toEqual(['CART_TTL']);
  });

  it('offers type names inside a placeholder, after its name or as it', () => {
    const afterColon = labels(HEAD + "      - name: y\n        pattern: 'y:{id:|'\n" + TAIL);
    expect(afterColon).toEqual(expect.arrayContaining(['cartId', 'uuid', 'int', 'segment']));
    expect(labels(HEAD + "      - name: y\n        pattern: 'y:{|}'\n" + TAIL)).toContain('cartId');
    // Outside braces there is nothing to complete in a pattern.
    expect(labels(HEAD + "      - name: y\n        pattern: 'y:|'\n" + TAIL)).toEqual([]);
  });

  it('replaces the whole word under the cursor, and adds a colon only where none follows', () => {
    const edits = (withCursor: string, label: string) => {
      const { text, offset } = cursor(withCursor);
      const doc = TextDocument.create('file:///x.yaml', 'yaml', 1, text);
      const item = completionsAt(doc, offset).find((i) => i.label === label)!;
      return TextDocument.applyEdits(doc, [item.textEdit as { range: never; newText: string }]);
    };
    expect(edits(HEAD.replace('        type: string\n', '        ty|pe: string\n') + TAIL, 'type')).toContain('        type: string\n');
    expect(edits(HEAD + '        wri|\n' + TAIL, 'writers')).toContain('        writers: \n');
    expect(edits(HEAD.replace('type: hash', 'type: |hash'), 'zset')).toContain('type: zset\n');
    expect(edits(HEAD.replace("'cart:{id:cartId}'", "'cart:{id:|cartId}:x'"), 'uuid')).toContain("'cart:{id:uuid}:x'");
  });

  it('offers every top-level key on an empty document', () => {
    expect(labels('|')).toEqual(expect.arrayContaining(['keyspec', 'name', 'databases', 'services', 'deployment', 'notifications']));
  });
});

describe('hover', () => {
  it('describes the property under the cursor, with its default', () => {
    const { text, offset } = cursor(HEAD.replace('type: hash', 'type: ha|sh') + TAIL);
    const h = hoverAt(text, offset)!.value;
    expect(h).toMatch(/^\*\*type\*\*: The Redis type of the key/);
    expect(h).toContain('Allowed: `string`, `hash`, `list`, `set`, `zset`, `stream`');
    const { text: t2, offset: o2 } = cursor(HEAD.replace('type: hash\n', 'type: hash\n        additional|Fields: true\n') + TAIL);
    expect(hoverAt(t2, o2)!.value).toContain('Default: `false`');
    // On a key of another type (KS180 reports it), the property is still described.
    const { text: t3, offset: o3 } = cursor(HEAD + '        additional|Fields: true\n' + TAIL);
    expect(hoverAt(t3, o3)!.value).toMatch(/^\*\*additionalFields\*\*: Hash and stream keys/);
  });
});

describe('hover on a reference', () => {
  it('says what the name is and where it is declared', () => {
    const { text, offset } = cursor(HEAD + '        writers: [wor|ker]\n' + TAIL);
    const h = hoverAt(text, offset, { file, host: nodeHost() })!.value;
    expect(h).toMatch(/^`worker`: the service declared at line 22\n/);
    expect(h).toContain('**writers**: Services that write keys of this pattern');
    const { text: t2, offset: o2 } = cursor(HEAD.replace("'cart:{id:cartId}'", "'cart:{id:car|tId}'") + TAIL);
    expect(hoverAt(t2, o2, { file, host: nodeHost() })!.value).toMatch(/^`cartId`: the type declared at line 4\n/);
  });
});

describe('definition', () => {
  const at = (withCursor: string) => {
    const { text, offset } = cursor(withCursor);
    return definitionAt(text, offset, file, nodeHost());
  };
  it('goes from a placeholder type, a service and a key to their declarations in the file', () => {
    expect(at(HEAD.replace("'cart:{id:cartId}'", "'cart:{id:car|tId}'") + TAIL)).toMatchObject({ line: 4, column: 3 });
    expect(at(HEAD + '        writers: [wor|ker]\n' + TAIL)).toMatchObject({ line: 22, column: 11 });
    expect(at(HEAD + '        shadows: [cart_l|ock]\n' + TAIL)).toMatchObject({ line: 16, column: 15 });
    expect(at(HEAD + TAIL.replace('  - name: web\n', '  - name: web\n    writes: [main.ca|rt]\n'))).toMatchObject({ line: 13, column: 15 });
  });

  it('goes from an import to the library file', () => {
    expect(at('keyspec: 1\nname: x\nimports:\n  - spec: lib/que|ue.yaml\n    as: q\n')).toEqual({
      file: join(import.meta.dirname, 'fixtures', 'lib', 'queue.yaml'),
      line: 1,
      column: 1,
    });
  });

  it('has nothing on a plain value', () => {
    expect(at(HEAD.replace('type: hash', 'type: ha|sh') + TAIL)).toBeUndefined();
  });
});

describe('isSpec', () => {
  it('knows a spec from other YAML', () => {
    expect(isSpec('keyspec: 1\nname: x\n')).toBe(true);
    expect(isSpec('# yaml-language-server: $schema=../node_modules/keyspec/spec/keyspec.schema.json\n')).toBe(true);
    expect(isSpec('')).toBe(true);
    expect(isSpec('services:\n  web:\n    image: nginx\n')).toBe(false);
  });
});
