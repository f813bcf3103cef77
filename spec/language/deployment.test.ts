/**
 * The deployment in the model: defaults when a spec declares none, placements per layout, and provider
 * limits as plain data the checker can act on.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpec, nodeHost, PROVIDER_INFO, PROVIDERS, SERVER_FEATURES, type SpecHost } from '../index.ts';

const root = join(import.meta.dirname, '..', '..');

function load(yaml: string) {
  const host: SpecHost = { readFile: () => yaml, resolve: (_f, s) => s };
  return loadSpec('spec.yaml', host);
}

const twoDbs = `
databases:
  - index: 0
    name: lock
    connection: a
  - index: 2
    name: status
    connection: b
env:
  A_URL: {}
  B_URL: {}
connections:
  - name: a
    url: [A_URL]
  - name: b
    url: [B_URL]
`;

describe('deployment', () => {
  it('defaults to self-hosted standalone Redis with each DB selected by index', () => {
    const spec = loadSpec(join(root, 'spec', 'weppcloud.yaml'), nodeHost(root)).spec!;
    expect(spec.deployment).toMatchObject({
      declared: false,
      engine: 'redis',
      mode: 'standalone',
      provider: 'self-hosted',
      databases: 'native',
    });
    expect(spec.deployment.placements.map((p) => [p.db, p.select, p.prefix])).toEqual(spec.databases.map((d) => [d.index, d.index, '']));
    expect(Object.values(spec.deployment.limits).every((l) => l.support === 'yes')).toBe(true);
  });

  it('per-endpoint: every DB is DB 0 of its own connection', () => {
    const r = load(`keyspec: 1\nname: t\ndeployment: { mode: cluster, databases: per-endpoint }\n${twoDbs}`);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.spec!.deployment.placements).toEqual([
      { db: 0, name: 'lock', select: 0, prefix: '', connection: 'a' },
      { db: 2, name: 'status', select: 0, prefix: '', connection: 'b' },
    ]);
    expect(r.spec!.deployment.limits['multiple-databases']).toEqual({ support: 'no', note: 'a cluster has only DB 0' });
  });

  it('native on Valkey 9 keeps the indexes', () => {
    const r = load(`keyspec: 1\nname: t\ndeployment: { engine: valkey, version: '9.0', mode: cluster, databases: native }\n${twoDbs}`);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.spec!.deployment.placements.map((p) => p.select)).toEqual([0, 2]);
    expect(r.spec!.deployment.limits['multiple-databases'].support).toBe('yes');
  });

  it('a provider row and `forbids` become the limits', () => {
    const r = load(`keyspec: 1\nname: t\ndeployment: { provider: elasticache, forbids: [monitor] }\n${twoDbs}`);
    const limits = r.spec!.deployment.limits;
    expect(limits['config-get'].support).toBe('no');
    expect(limits['config-get'].note).toMatch(/CONFIG/);
    expect(limits['keyspace-notifications'].note).toMatch(/parameter group/);
    expect(limits.monitor).toEqual({ support: 'no', note: 'unavailable on this deployment (deployment.forbids)' });
  });

  it('the provider table has every feature, with a reason wherever support is not plain yes', () => {
    for (const p of PROVIDERS) {
      expect(Object.keys(PROVIDER_INFO[p].features).sort()).toEqual([...SERVER_FEATURES].sort());
      expect(PROVIDER_INFO[p].sources.length).toBeGreaterThan(0);
      for (const f of SERVER_FEATURES) {
        const l = PROVIDER_INFO[p].features[f];
        if (l.support === 'no' || l.support === 'limited') expect(l.note.length, `${p} ${f}`).toBeGreaterThan(10);
      }
    }
    // The facts.
    expect(PROVIDER_INFO.elasticache.features['config-set'].support).toBe('no');
    expect(PROVIDER_INFO.heroku.features['config-get'].support).toBe('no');
    expect(PROVIDER_INFO.upstash.features['config-set']).toMatchObject({
      support: 'limited',
      note: expect.stringMatching(/notify-keyspace-events/),
    });
    expect(PROVIDER_INFO['redis-cloud'].features.acl.note).toMatch(/SETUSER/);
  });

  it('the cluster example validates clean and places its DBs under prefixes', () => {
    const r = loadSpec(join(root, 'examples', 'cluster', 'weppcloud-cluster.yaml'), nodeHost(root));
    expect(r.diagnostics).toEqual([]);
    expect(r.spec!.deployment.placements.map((p) => [p.name, p.select, p.prefix])).toEqual([
      ['lock', 0, 'lock:'],
      ['readme', 0, 'readme:'],
      ['log_level', 0, 'loglevel:'],
    ]);
    // Where the deployment and each slot group are declared, for the checker's findings.
    expect(r.spec!.origins['deployment']?.line).toBeGreaterThan(1);
    expect(r.spec!.origins['slotGroup:0/run']?.line).toBeGreaterThan(r.spec!.origins['key:lock.nodb_lock']!.line);
    expect(r.spec!.origins['slotGroup:14/editor']).toBeDefined();
  });

  it("README's provider table says what providers.ts says", () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Redis Cluster and managed Redis'));
    const all = section.split('\n');
    const start = all.findIndex((l) => l.startsWith('|'));
    const end = all.findIndex((l, i) => i > start && !l.startsWith('|'));
    const lines = all.slice(start, end);
    const header = lines[0]!
      .split('|')
      .slice(2, -1)
      .map((c) => c.trim().replace(/`/g, ''));
    expect([...header].sort()).toEqual([...PROVIDERS].sort());
    const rows = lines.slice(2).map((l) =>
      l
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim()),
    );
    expect(rows.length).toBe(SERVER_FEATURES.length);
    rows.forEach((cells, i) => {
      const feature = SERVER_FEATURES[i]!;
      header.forEach((provider, j) => {
        expect(cells[j + 1], `${feature} on ${provider}`).toBe(
          PROVIDER_INFO[provider as (typeof PROVIDERS)[number]].features[feature].support,
        );
      });
    });
  });
});
