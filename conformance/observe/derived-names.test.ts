/**
 * Writer attribution by derived client names and by Lua scripts (issue 13, item 8), on MONITOR lines
 * fed through ClientNames into KeyWrites: names `q:<base64(queue)>` are the worker's for declared queues
 * only; a script's writes count as its caller's; a script line whose call was not seen is attributed
 * to the key's writers with `scripts: true`, and is unattributable when the spec declares none.
 */
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpec, matchClientName, nodeHost, type Spec } from '../../spec/index.ts';
import { Collector } from '../findings/collector.ts';
import { compileSpec } from '../judging/compile.ts';
import { ClientNames } from './client-names.ts';
import { KeyWrites } from './key-writes.ts';
import type { MonitorSource } from './monitor-line.ts';
import type { SettledKeys } from './settled-keys.ts';

const APP = join(import.meta.dirname, '..', '..', 'testing', 'fixtures', 'queue-constructs', 'queue-app.yaml');
const spec: Spec = loadSpec(APP, nodeHost(dirname(APP))).spec!;
const b64 = (s: string): string => Buffer.from(s).toString('base64');

describe('matchClientName', () => {
  const worker = spec.services.find((s) => s.name === 'queue.worker')!;
  it.each([
    [`q:${b64('mail')}`, { queue: 'mail' }],
    [`q:${b64('m4')}`, { queue: 'm4' }],
    [`q:${b64('other')}`, null],
    ['q:mail', null],
    [`q:${b64('m4').replace(/=+$/, '')}`, null],
    ['q:bTQ=x', null],
  ])('%s -> %j', (name, expected) => {
    expect(matchClientName(worker, name)).toEqual(expected);
  });
});

type Line = [MonitorSource, string[]];
const client = (addr: string): MonitorSource => ({ kind: 'client', addr });
const LUA: MonitorSource = { kind: 'lua' };

function writerFindings(s: Spec, lines: Line[], seed = ''): string[] {
  const compiled = compileSpec(s);
  const collector = new Collector(compiled, (_db, args) => args.join(' '));
  const settled = { schedule() {}, noteEvent() {} } as unknown as SettledKeys;
  const writes = new KeyWrites(s, compiled, collector, settled);
  const names = new ClientNames();
  names.seed(seed);
  for (const [src, args] of lines)
    names.onLine(src, args, (who) => {
      if (/^(rpush|hset|set)$/i.test(args[0]!)) writes.onWrite(3, args[1]!, args[0]!.toLowerCase(), undefined, who);
    });
  names.flush();
  return collector
    .allGroups()
    .flatMap((g) => g.findings)
    .filter((f) => f.id === 'key.writer')
    .map((f) => `${f.key}: ${f.message}`);
}

describe('key.writer with derived names and scripts', () => {
  const worker = client('10.0.0.1:1');
  const web = client('10.0.0.2:2');

  it('attributes writes of encoded names to the worker of that queue, and reports other names', () => {
    const found = writerFindings(spec, [
      [worker, ['client', 'setname', `q:${b64('mail')}`]],
      [worker, ['rpush', 'q:mail:wait', '1']],
      [web, ['client', 'setname', `q:${b64('other')}`]],
      [web, ['rpush', 'q:mail:wait', '2']],
    ]);
    expect(found).toEqual([
      `q:mail:wait: client 'q:${b64('other')}' (10.0.0.2:2) ran RPUSH on "q:mail:wait", but is not a declared writer of jobs.queue.wait (writers: queue.worker)`,
    ]);
  });

  it("counts a script's writes as its caller's", () => {
    const found = writerFindings(spec, [
      [worker, ['client', 'setname', `q:${b64('m4')}`]],
      [web, ['client', 'setname', 'web']],
      [worker, ['evalsha', 'abc', '1', 'q:m4:wait']],
      [LUA, ['rpush', 'q:m4:wait', '7']],
      [web, ['evalsha', 'abc', '1', 'q:m4:wait']],
      [LUA, ['rpush', 'q:m4:wait', '8']],
    ]);
    expect(found).toEqual([
      `q:m4:wait: a Lua script run by client 'web' (10.0.0.2:2) ran RPUSH on "q:m4:wait", but is not a declared writer of jobs.queue.wait (writers: queue.worker)`,
    ]);
  });

  it('attributes a script line whose call was not seen to the writers that run scripts', () => {
    // MONITOR started during the script: its lines come first, then another client's command.
    const found = writerFindings(spec, [
      [LUA, ['rpush', 'q:mail:wait', '1']],
      [LUA, ['hset', 'q:mail:1', 'name', 'x']],
      [web, ['ping']],
    ]);
    expect(found).toEqual([]);
  });

  it('reports an unseen-caller script write to a key no scripting service writes; unattributable without scripting services', () => {
    const lines: Line[] = [
      [LUA, ['hset', 'q:mail:1', 'name', 'x']],
      [LUA, ['rpush', 'audit:1', 'q:mail:1']],
      [web, ['ping']],
    ];
    expect(writerFindings(spec, lines)).toEqual([
      `audit:1: a Lua script ran RPUSH on "audit:1", but no service that runs scripts (queue.worker) is a declared writer of jobs.audit (writers: web)`,
    ]);
    const noScripts: Spec = { ...spec, services: spec.services.map((s) => ({ ...s, scripts: false })) };
    expect(writerFindings(noScripts, lines)).toEqual([]);
  });
});
