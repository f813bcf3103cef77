/**
 * The docs of references between keys (issue 13, item 6) and of stream entry cases (item 5): each key
 * lists what it refers to and what refers to it, linked by anchor; the diagram draws one edge per
 * reference; a stream's cases are a table.
 */
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpec, nodeHost } from '../spec/index.ts';
import { docsEmitter } from './docs-emitter.ts';
import { generateFiles } from './generate.ts';

const path = join(import.meta.dirname, '..', 'testing', 'fixtures', 'queue-constructs', 'queue-app.yaml');

function docs(): string {
  const result = loadSpec(path, nodeHost(dirname(path)));
  expect(result.diagnostics).toEqual([]);
  const files = generateFiles(result.spec!, { specPath: path, outDir: 'generated/queue', emitters: [docsEmitter] });
  return files.find((f) => f.path === 'README.md')!.contents;
}

describe('docs of references and entry cases', () => {
  const md = docs();

  it('list each reference under the referring key, linked to the referenced key', () => {
    expect(md).toContain('References: members → [`q:{queue}:{id:jobId}`](#qqueueidjobid) (the value is its `{id}`).');
    expect(md).toContain('References: field `parentKey` → [`q:{queue}:{id:jobId}`](#qqueueidjobid) (the value is the key name).');
    expect(md).toMatch(/### `q:\{queue\}:\{id:jobId\}`[\s\S]*Referred to by: \[`audit:\{n:uint\}`\]\(#auditnuint\) value;/);
  });

  it('draw a diagram edge per reference', () => {
    const graph = /```mermaid\n([\s\S]*?)```/.exec(md)![1]!;
    const node = (text: string): string => /(key_\d+)\["([^"]*)"\]/g.exec(graph.split('\n').find((l) => l.includes(`["${text}"]`))!)![1]!;
    const job = node('q:#123;queue#125;:#123;id:jobId#125;');
    const wait = node('q:#123;queue#125;:wait');
    expect(graph).toContain(`${wait} -->|"ref: members"| ${job}`);
    expect(graph).toContain(`${job} -->|"ref: field parentKey"| ${job}`);
    expect(graph.match(/-->\|"ref: /g)).toHaveLength(4);
  });

  it('show a stream’s entry cases', () => {
    expect(md).toContain('| `event: failed` | `jobId` (required): raw text, `failedReason`: raw text, `attemptsMade`: integer |  |');
  });
});
