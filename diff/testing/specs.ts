/** Inline specs for the diff tests: a small application spec and an in-memory SpecHost. */
import { loadSpec, type Spec } from '../../spec/index.ts';

export const BASE = `keyspec: 1
name: app
server:
  minVersion: '7.0'
  notifyKeyspaceEvents: Kh
types:
  runid:
    regex: '[a-z0-9]+(?:-[a-z0-9]+)*'
databases:
  - index: 0
    name: main
    keys:
      - name: run
        pattern: 'run:{runid}'
        type: hash
        ttl: none
        fields:
          - name: status
            value: { enum: [queued, started, finished] }
            required: true
          - name: owner
            value: raw
        writers: [web]
        readers: [worker]
      - name: cache
        pattern: 'cache:{runid}:{file:segment}'
        type: string
        ttl: { max: 3600 }
        value: json
        writers: [web]
        readers: [web]
      - name: counter
        pattern: 'counter:{n:uint}'
        type: string
        value: integer
        ttl: none
        writers: [worker]
        readers: [web]
      - name: session
        pattern: 'session:{sid:hex32}'
        type: hash
        ttl:
          field: state
          cases:
            - when: [active]
              ttl: 3600
            - when: [stale]
              ttl: 600
        fields:
          - name: state
            value: { enum: [active, stale] }
            required: true
        writers: [web]
        readers: [web]
  - index: 1
    name: jobs
    keys:
      - name: queue
        pattern: 'queue:{name:segment}'
        type: list
        ttl: none
        member: uuid
        writers: [web]
        readers: [worker]
channels:
  - name: events
    pattern: 'events:{runid}'
    messages:
      - name: started
        template: 'started {runid}'
      - name: done
        template: 'done {runid}'
    publishers: [worker]
    subscribers: [web]
notifications:
  - name: watch_run
    service: web
    db: 0
    key: run
    channel: keyspace
    events: [h]
services:
  - name: web
    reads: [main.run, main.counter]
    writes: [main.run, main.cache, jobs.queue]
    subscribes: [events]
  - name: worker
    reads: [jobs.queue]
    writes: [main.counter]
    publishes: [events]
`;

/** An in-memory SpecHost: file name -> text; imports resolve to their own name. */
export function memoryHost(files: Record<string, string>) {
  return { readFile: (f: string) => files[f], resolve: (_from: string, spec: string) => spec };
}

/** Loads inline YAML as a validated model; throws with the diagnostics if it has errors. */
export function specOf(yaml: string, file = 'spec.yaml'): Spec {
  const r = loadSpec(file, memoryHost({ [file]: yaml }));
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (!r.spec || errors.length)
    throw new Error(`spec has errors:\n${errors.map((d) => `${d.line}:${d.column} ${d.id} ${d.message}`).join('\n')}`);
  return r.spec;
}

/** BASE with each [from, to] replacement applied once (each `from` must occur). */
export function edit(...pairs: [string, string][]): string {
  let text = BASE;
  for (const [from, to] of pairs) {
    if (!text.includes(from)) throw new Error(`edit: '${from}' is not in the base spec`);
    text = text.replace(from, to);
  }
  return text;
}
