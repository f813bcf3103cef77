/**
 * The generated Python package type-checks strictly: `mypy --strict` (Debian's mypy) and pyright in strict
 * mode (the npm devDependency), over the package and a script that uses it (the WEPPcloud lifecycle); and
 * the checkers do reject a script that writes a value the spec does not allow (so the types carry the spec).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSpec, nodeHost, type SpecHost } from '../../spec/index.ts';
import { packageName } from './package.ts';
import { syntheticSpecYaml } from '../../testing/fixtures/synthetic-spec.ts';
import { syntheticSpec } from '../../testing/model/parity.ts';
import { pyrightCli, pythonToolchain } from '../../testing/python/toolchain.ts';
import { generateFiles } from '../generate.ts';
import { writeOutput } from '../write-output.ts';

const root = join(import.meta.dirname, '..', '..');
const { toolchain, reason } = pythonToolchain();
if (reason) console.warn(reason);

const BAD = `from weppcloud_keyspace import Keyspace

ks = Keyspace()
ks.log_level.loglevel("busy-beaver").set("debug")
ks.lock.run("busy-beaver").set_timestamps("run_wepp_everything", 1)
ks.readme.editor_client("busy-beaver", "cfg", "0" * 32).set({"status": "gone"})
`;

/** The constructs of language 1.1 (redis8-app, queue-app) used as the spec allows. */
const GOOD_CONSTRUCTS = `from typing import List, Optional, Tuple

from queue_app_keyspace import Keyspace as QueueKeyspace
from queue_app_keyspace import QueueDelayedScoreParts, QueueEventsFields
from redis8_app_keyspace import Keyspace

ks = Keyspace()
sub = ks.channels.subscribe_room("lobby")
bit: int = ks.main.seen("mon").set_bit(3, 1)
pos: Optional[Tuple[float, float]] = ks.main.shops("paris").position("bakery-1")
near = ks.main.shops("paris").search_radius(2.3, 48.8, 5, "km")
ks.main.visitors("mon").add("a", "b")
ks.main.session("abc").write({"user": "u1", "csrf": "t"})
qs = QueueKeyspace()
qs.jobs.queue_delayed("mail").add("1", {"due": 1, "counter": 2})
score: Optional[QueueDelayedScoreParts] = qs.jobs.queue_delayed("mail").score("1")
due: List[Tuple[str, QueueDelayedScoreParts]] = qs.jobs.queue_delayed("mail").range_by_score({"due": 0, "counter": 0}, {"due": 9, "counter": 0}, 10)
entry: QueueEventsFields = {"event": "failed", "jobId": "1", "failedReason": "x", "attemptsMade": 1}
qs.jobs.queue_events("mail").append(entry)
qs.jobs.queue_events("mail").append({"event": "added"})
`;

/** ...and as it does not: a pattern subscription of a sharded channel, a bit of 2, a number for an encoded
 * score, a field of another entry case, an entry of a case without its fields. */
const BAD_CONSTRUCTS = `from queue_app_keyspace import Keyspace as QueueKeyspace
from redis8_app_keyspace import Keyspace

ks = Keyspace()
ks.channels.subscribe_room()
ks.main.seen("mon").set_bit(3, 2)
qs = QueueKeyspace()
qs.jobs.queue_delayed("mail").add("1", 5)
qs.jobs.queue_events("mail").append({"event": "completed", "jobId": "1", "failedReason": "x"})
qs.jobs.queue_events("mail").append({"event": "added", "jobId": "1"})
`;

describe.skipIf(!toolchain)('the generated Python package type-checks strictly', () => {
  let dir: string;
  let bullmqPackage = '';
  let constructPackages: string[] = [];
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'keyspec-pytypes-'));
    cpSync(join(root, 'generated', 'weppcloud', 'python', 'weppcloud_keyspace'), join(dir, 'weppcloud_keyspace'), { recursive: true });
    cpSync(join(root, 'testing', 'python', 'weppcloud_lifecycle.py'), join(dir, 'weppcloud_lifecycle.py'));
    writeFileSync(join(dir, 'bad_values.py'), BAD);
    writeFileSync(join(dir, 'good_constructs.py'), GOOD_CONSTRUCTS);
    writeFileSync(join(dir, 'bad_constructs.py'), BAD_CONSTRUCTS);
    // Two synthetic specs: every value format and TTL policy kind (the parity spec), and a generated 40-key one.
    const yaml = syntheticSpecYaml(40, { databases: 3 });
    const host: SpecHost = { readFile: () => yaml, resolve: (_f, s) => s };
    const bullmq = loadSpec(join(root, 'testing', 'fixtures', 'bullmq', 'two-prefixes.yaml'), nodeHost(root)).spec!;
    bullmqPackage = packageName(bullmq);
    // Field TTLs, logical types, sharded channels; encoded scores, stream entry cases, refs, required fields.
    const redis8 = loadSpec(join(root, 'testing', 'fixtures', 'redis8-app.yaml'), nodeHost(root)).spec!;
    const queue = loadSpec(join(root, 'testing', 'fixtures', 'queue-constructs', 'queue-app.yaml'), nodeHost(root)).spec!;
    constructPackages = [packageName(redis8), packageName(queue)];
    for (const spec of [syntheticSpec(), loadSpec('synthetic.yaml', host).spec!, bullmq, redis8, queue]) {
      const out = join(dir, '.generated', spec.name);
      writeOutput(out, generateFiles(spec, { specPath: `${spec.name}.yaml`, outDir: 'x', target: 'python' }));
      cpSync(out, dir, { recursive: true });
    }
  });
  const SYNTHETIC = ['parity_keyspace', 'synthetic_40_keyspace'];
  const specPackages = (): string[] => [...SYNTHETIC, bullmqPackage, ...constructPackages, 'good_constructs.py'];
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const mypy = (...targets: string[]) =>
    spawnSync(toolchain!.mypy, ['--strict', '--no-color-output', '--cache-dir', join(dir, '.mypy_cache'), ...targets], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 300_000,
    });
  const pyright = (...targets: string[]) => {
    writeFileSync(
      join(dir, 'pyrightconfig.json'),
      JSON.stringify({ include: targets, typeCheckingMode: 'strict', pythonVersion: '3.11', reportMissingModuleSource: false }),
    );
    return spawnSync(process.execPath, [pyrightCli(), '--pythonpath', toolchain!.python, '-p', 'pyrightconfig.json'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 300_000,
    });
  };

  it('mypy --strict: no issues in the package, the lifecycle script and the packages of two synthetic specs, a BullMQ application, redis8-app and queue-app', () => {
    const r = mypy('weppcloud_keyspace', 'weppcloud_lifecycle.py', ...specPackages());
    expect(r.stdout + r.stderr).toMatch(/^Success: no issues found in \d+ source files/m);
    expect(r.status).toBe(0);
  }, 300_000);

  it('pyright strict: 0 errors, 0 warnings', () => {
    const r = pyright('weppcloud_keyspace', 'weppcloud_lifecycle.py', ...specPackages());
    expect(r.stdout).toMatch(/0 errors, 0 warnings, 0 informations/);
    expect(r.status).toBe(0);
  }, 300_000);

  it('both reject values outside the spec: a log level name, an unknown task, an unknown editor status', () => {
    const m = mypy('bad_values.py');
    expect(m.status).toBe(1);
    expect(m.stdout).toMatch(/bad_values\.py:4: error: Argument 1 to "set" of "StringKey" has incompatible type "Literal\['debug'\]"/);
    expect(m.stdout).toMatch(/bad_values\.py:5: error: Argument 1 to "set_timestamps" of "RunHash" has incompatible type/);
    expect(m.stdout).toMatch(/bad_values\.py:6: error: Incompatible types \(expression has type "Literal\['gone'\]"/);
    const p = pyright('bad_values.py');
    expect(p.status).toBe(1);
    expect(p.stdout).toMatch(/^3 errors, /m);
  }, 300_000);

  it('both reject the constructs used as the spec does not allow (sharded subscribe, bits, encoded scores, entry cases)', () => {
    const m = mypy('bad_constructs.py');
    expect(m.status).toBe(1);
    expect(m.stdout).toMatch(/bad_constructs\.py:5: error: Missing positional argument "room" in call to "subscribe_room"/);
    expect(m.stdout).toMatch(/bad_constructs\.py:6: error: Argument 2 to "set_bit" of "BitmapKey" has incompatible type "Literal\[2\]"/);
    expect(m.stdout).toMatch(
      /bad_constructs\.py:8: error: Argument 2 to "add" of "ZSetKey" has incompatible type "int"; expected "QueueDelayedScoreParts"/,
    );
    expect(m.stdout).toMatch(/bad_constructs\.py:9: error: /);
    expect(m.stdout).toMatch(/bad_constructs\.py:10: error: /);
    const p = pyright('bad_constructs.py');
    expect(p.status).toBe(1);
    for (const line of [5, 6, 8, 9, 10]) expect(p.stdout).toContain(`bad_constructs.py:${line}:`);
    expect(p.stdout).toMatch(/^5 errors, /m);
  }, 300_000);

  it('installs with pip (offline, no dependencies fetched): the package, its runtime and py.typed', () => {
    const src = join(dir, '.pip-src');
    const target = join(dir, '.pip-target');
    cpSync(join(root, 'generated', 'weppcloud', 'python'), src, { recursive: true });
    const r = spawnSync(
      toolchain!.python,
      ['-m', 'pip', 'install', '--quiet', '--no-deps', '--no-build-isolation', '--no-index', '--target', target, src],
      { encoding: 'utf8', timeout: 300_000, env: { ...process.env, PIP_DISABLE_PIP_VERSION_CHECK: '1' } },
    );
    if (r.status !== 0 && /No module named pip|setuptools/.test(r.stderr)) {
      console.warn(`pip install skipped: ${r.stderr.trim().split('\n').pop()}`);
      return;
    }
    expect(r.status, r.stderr).toBe(0);
    const check = spawnSync(
      toolchain!.python,
      [
        '-c',
        'import importlib.resources as r, weppcloud_keyspace as w; print(int(w.RedisDB.WD_CACHE), r.files("weppcloud_keyspace").joinpath("py.typed").is_file())',
      ],
      { encoding: 'utf8', env: { ...process.env, PYTHONPATH: target } },
    );
    expect(check.stdout.trim(), check.stderr).toBe('11 True');
  }, 300_000);
});
