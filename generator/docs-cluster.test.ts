/**
 * The docs of a cluster spec: slot groups with their tag and example keys (one slot), each member's
 * group, where every database lives, the provider's limits, and redis-cli lines that fit the deployment.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keySlot, loadSpec, nodeHost, type SpecHost } from '../spec/index.ts';
import { docsEmitter } from './docs-emitter.ts';
import { generateFiles } from './generate.ts';

const root = join(import.meta.dirname, '..');
const examplePath = join(root, 'examples', 'cluster', 'weppcloud-cluster.yaml');

function docsOf(path: string, host: SpecHost): string {
  const result = loadSpec(path, host);
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const files = generateFiles(result.spec!, { specPath: path, outDir: 'generated/cluster', emitters: [docsEmitter] });
  return files.find((f) => f.path === 'README.md')!.contents;
}

describe('docs of examples/cluster/weppcloud-cluster.yaml', () => {
  const md = docsOf(examplePath, nodeHost(root));

  it('list each slot group with its tag, members and example keys in one slot', () => {
    const slot = keySlot('busy-beaver');
    expect(md).toContain(
      `| \`run\` | \`{runid}\` | \`run\`, \`nodb_lock\` | \`{busy-beaver}\`, \`nodb-lock:{busy-beaver}:wepp.nodb\`: slot ${slot} |`,
    );
    expect(md).toMatch(/\| `editor` \| `\{runid\}` \| `editor_lock`, `editor_client` \|/);
    expect(md).toContain('slot group `run` (hash tag `{runid}`)');
  });

  it('show where each database lives and what the deployment limits', () => {
    expect(md).toContain('| Deployment | cluster Redis 7.0, self-hosted; every database in DB 0, its keys under its own prefix |');
    expect(md).toContain('| 14 | `readme` | 0 | `readme:` | default |');
    expect(md).toContain('| Several databases | no | a cluster has only DB 0 |');
  });

  it('give redis-cli lines with -c, the SELECT number and the prefix', () => {
    expect(md).toContain("redis-cli -c -n 0 HSCAN 'lock:{busy-beaver}' 0 COUNT 100");
    expect(md).not.toMatch(/redis-cli(?: -c)? -n 1[45] /);
  });

  it('say CONFIG GET is not available where the provider blocks it', () => {
    const yaml = readFileSync(examplePath, 'utf8').replace('provider: self-hosted', 'provider: elasticache');
    const elasticache = docsOf('cluster.yaml', { readFile: () => yaml, resolve: (_f, s) => s });
    expect(elasticache).toMatch(/# CONFIG GET notify-keyspace-events: not available \(ElastiCache restricts the CONFIG command/);
    expect(elasticache).toMatch(/\| CONFIG SET \| no \| ElastiCache restricts the CONFIG command/);
    expect(elasticache).toContain('Amazon ElastiCache (Redis OSS / Valkey)');
  });
});

describe('the client of examples/cluster/weppcloud-cluster.yaml', () => {
  it("documents each member key's slot group on its accessor", async () => {
    const { clientEmitter } = await import('./client-emitter.ts');
    const result = loadSpec(examplePath, nodeHost(root));
    const files = generateFiles(result.spec!, { specPath: examplePath, outDir: 'generated/cluster', emitters: [clientEmitter] });
    const client = files.find((f) => f.path === 'client.ts')!.contents;
    expect(client).toContain('Slot group `run` (hash tag: the value of `runid`), with `lock.nodb_lock`');
    expect(client).toContain('Slot group `run` (hash tag: the value of `runid`), with `lock.run`');
  });
});
