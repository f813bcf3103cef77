/** observe --monitor where the deployment forbids MONITOR: a usage error with the reason, before any connection. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runObserve } from './run-observe.ts';

const spec = (deployment: string): string => {
  const dir = mkdtempSync(join(tmpdir(), 'keyspec-observe-'));
  const file = join(dir, 'spec.yaml');
  writeFileSync(
    file,
    `keyspec: 1\nname: app\n${deployment}databases:\n  - index: 0\n    name: app\n    keys:\n      - name: thing\n        pattern: 'thing:{id:segment}'\n        type: string\n        ttl: none\n`,
  );
  return file;
};

describe('observe --monitor and the deployment limits', () => {
  it.each([
    ['deployment:\n  forbids: [monitor]\n', /deployment.provider self-hosted does not allow MONITOR \(unavailable on this deployment/],
    ['deployment:\n  provider: memorystore\n', /deployment.provider memorystore does not allow MONITOR \(Memorystore blocks/],
  ])('%s', async (deployment, message) => {
    // Port 1: nothing listens there; the refusal comes before any connection.
    const r = await runObserve({ spec: spec(deployment), url: 'redis://127.0.0.1:1', durationSeconds: 1, monitor: true });
    expect(r.exitCode).toBe(2);
    expect(r.error).toMatch(message);
  });
});
