/**
 * Parameters inside pattern text (`{$prefix}`, `{$queues}`, `{queue:$queues}`, in type regexes and
 * examples), and one library imported twice into one database with different params.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { keyspecSchemaValidator } from '../precompiled-validators.ts';
import { loadSpec } from './load-spec.ts';
import type { KeyPattern } from '../model.ts';

const LIB = `keyspec: 1
kind: library
name: lib
params:
  prefix: { default: bull }
  queues: { default: [default], description: Queue names. }
  ids: { default: '[0-9]+' }
types:
  jobId: { regex: '{$ids}|custom-[a-z]+', examples: ['7'] }
keys:
  - { name: wait, pattern: '{$prefix}:{queue:$queues}:wait', type: list, ttl: none, member: raw, examples: ['{$prefix}:{$queues}:wait'] }
  - { name: job, pattern: '{$prefix}:{$queues}:{job:jobId}', type: hash, ttl: none, additionalFields: true }
`;

function load(app: string, lib = LIB): ReturnType<typeof loadSpec> {
  const files: Record<string, string> = { 'app.yaml': app, 'lib.yaml': lib };
  return loadSpec('app.yaml', { readFile: (p) => files[p], resolve: (_f, s) => s });
}

function app(imports: string): string {
  return `keyspec: 1
name: app
imports:
${imports}
databases:
  - { index: 0, name: jobs }
`;
}

const keys = (r: ReturnType<typeof loadSpec>): KeyPattern[] => r.spec!.databases[0]!.keys;
const ids = (r: ReturnType<typeof loadSpec>): string[] => r.diagnostics.map((d) => `${d.id} ${d.line}:${d.column}`);

describe('{$param} in pattern text', () => {
  it('a scalar is literal text; a list is one placeholder over an enum type named after the parameter', () => {
    const r = load(app(`  - { spec: lib.yaml, as: q, database: jobs, params: { prefix: 'my{app}', queues: [m4, mail] } }`));
    expect(ids(r)).toEqual([]);
    const [wait, job] = keys(r);
    expect(wait!.pattern.text).toBe('my{{app}}:{queue:queues}:wait');
    expect(wait!.pattern.parts[0]).toEqual({ kind: 'literal', text: 'my{app}:' });
    const queue = wait!.pattern.parts[1]!;
    expect(queue.kind === 'placeholder' && [queue.name, queue.type.name, queue.type.values, queue.type.description]).toEqual([
      'queue',
      'q.queues',
      ['m4', 'mail'],
      'Queue names.',
    ]);
    expect(job!.pattern.placeholders).toEqual(['queues', 'job']);
    expect(wait!.examples).toEqual(['my{app}:m4:wait']);
  });

  it('{placeholder:$list} alone in a pattern is substituted too', () => {
    const lib = LIB.replace("'{$prefix}:{queue:$queues}:wait'", "'q:{queue:$queues}:wait'").replace(
      "'{$prefix}:{$queues}:wait'",
      "'q:{$queues}:wait'",
    );
    const r = load(app(`  - { spec: lib.yaml, as: q, database: jobs, params: { queues: [m4] } }`), lib);
    expect(ids(r)).toEqual([]);
    expect(keys(r)[0]!.pattern.text).toBe('q:{queue:queues}:wait');
  });

  it('in a type regex, a scalar is regex text', () => {
    const r = load(app(`  - { spec: lib.yaml, as: q, database: jobs, params: { ids: 'order-[0-9]+' } }`));
    const job = keys(r)[1]!.pattern.parts.at(-1)!;
    expect(job.kind === 'placeholder' && job.type.regex).toBe('(?:order-[0-9]+)|custom-[a-z]+');
  });

  it('an undeclared parameter, or a type of the parameter name already declared, is KS162', () => {
    const bad = LIB.replace("'{$prefix}:{queue:$queues}:wait'", "'{$prefx}:{queue:$queues}:wait'");
    expect(ids(load(app(`  - { spec: lib.yaml, as: q, database: jobs }`), bad))).toEqual(['KS162 11:28']);
    const clash = LIB.replace('types:\n', 'types:\n  queues: { enum: [x] }\n');
    expect(ids(load(app(`  - { spec: lib.yaml, as: q, database: jobs }`), clash)).filter((d) => d.startsWith('KS162'))).toHaveLength(2);
  });
});

describe('one library imported twice into one database', () => {
  it('different prefixes, or the same prefix over other queues: no KS103, no KS120', () => {
    const r = load(
      app(`  - { spec: lib.yaml, as: a, database: jobs, params: { prefix: bull, queues: [m4] } }
  - { spec: lib.yaml, as: b, database: jobs, params: { prefix: myapp, queues: [mail] } }
  - { spec: lib.yaml, as: c, database: jobs, params: { prefix: bull, queues: [other] } }`),
    );
    expect(ids(r)).toEqual([]);
    expect(keys(r).map((k) => k.id)).toEqual(['jobs.a.wait', 'jobs.a.job', 'jobs.b.wait', 'jobs.b.job', 'jobs.c.wait', 'jobs.c.job']);
  });

  it('one import covers one prefix: a list of prefixes (a cross product of prefixes and queues) is KS162', () => {
    const r = load(app(`  - { spec: lib.yaml, as: a, database: jobs, params: { prefix: [bull, myapp], queues: [m4, mail] } }`));
    expect(r.diagnostics.map((d) => [d.id, d.message])).toEqual([
      ['KS162', "parameter 'prefix' must be a string (like its default), got a list"],
    ]);
  });

  it('the same params twice: KS103; queue lists that share a queue: KS120 with an example key', () => {
    const same = load(
      app(`  - { spec: lib.yaml, as: a, database: jobs, params: { queues: [m4] } }
  - { spec: lib.yaml, as: b, database: jobs, params: { queues: [m4] } }`),
    );
    expect(same.diagnostics.map((d) => d.id)).toEqual(['KS103', 'KS103']);
    const shared = load(
      app(`  - { spec: lib.yaml, as: a, database: jobs, params: { queues: [m4] } }
  - { spec: lib.yaml, as: b, database: jobs, params: { queues: [m4, mail] } }`),
    );
    expect(shared.diagnostics.map((d) => d.id)).toEqual(['KS120', 'KS120']);
    expect(shared.diagnostics[0]!.message).toContain('"bull:m4:wait"');
  });
});

describe('the shipped JSON Schema (what an editor checks) accepts libraries as written', () => {
  const validate = keyspecSchemaValidator();
  const errorsOf = (text: string): string[] =>
    validate(parse(text)) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);

  it.each(['rq.yaml', 'flask-session.yaml', 'bullmq.yaml'])('spec/lib/%s, before its params are substituted', (name) => {
    expect(errorsOf(readFileSync(join(import.meta.dirname, '..', '..', 'lib', name), 'utf8'))).toEqual([]);
  });

  it('{ $param } in enum values, examples and integer bounds', () => {
    const lib = `keyspec: 1
kind: library
name: lib
params:
  prefix: { default: bull }
  low: { default: 1 }
types:
  pre: { enum: [{ $param: prefix }, other], examples: [{ $param: prefix }] }
  n: { integer: { min: { $param: low }, max: 9 } }
keys:
  - { name: k, pattern: '{pre}:{n}', type: string, ttl: none, value: { integer: { min: { $param: low } } } }
`;
    expect(errorsOf(lib)).toEqual([]);
    expect(errorsOf(lib.replace('{ $param: prefix }, other', '{ $parm: prefix }, other'))).not.toEqual([]);
    const r = loadSpec('lib.yaml', { readFile: () => lib, resolve: (_f, s) => s });
    expect(r.diagnostics).toEqual([]);
  });
});
