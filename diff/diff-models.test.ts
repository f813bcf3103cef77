/** Each change rule, table-driven: the base spec edited one way -> exactly these rule ids and levels. */
import { describe, expect, it } from 'vitest';
import { diffModels } from './diff-models.ts';
import { BASE, edit, specOf } from './testing/specs.ts';

type Case = [title: string, edits: [string, string][], expected: string[]];

const CASES: Case[] = [
  ['database index changed', [['  - index: 1\n    name: jobs', '  - index: 2\n    name: jobs']], ['db.index.changed:breaking']],
  [
    'database removed (with its keys)',
    [
      [
        "  - index: 1\n    name: jobs\n    keys:\n      - name: queue\n        pattern: 'queue:{name:segment}'\n        type: list\n        ttl: none\n        member: uuid\n        writers: [web]\n        readers: [worker]\n",
        '',
      ],
      ['    writes: [main.run, main.cache, jobs.queue]', '    writes: [main.run, main.cache]'],
      ['    reads: [jobs.queue]', '    reads: [main.run]'],
    ],
    [
      'db.removed:breaking',
      'key.removed:breaking',
      'client.accessor.removed:breaking',
      'service.writes.removed:dangerous',
      'service.reads.removed:safe',
    ],
  ],
  [
    'key removed',
    [
      [
        "      - name: counter\n        pattern: 'counter:{n:uint}'\n        type: string\n        value: integer\n        ttl: none\n        writers: [worker]\n        readers: [web]\n",
        '',
      ],
      ['    reads: [main.run, main.counter]', '    reads: [main.run]'],
      ['    writes: [main.counter]', '    writes: []'],
    ],
    ['key.removed:breaking', 'client.accessor.removed:breaking', 'service.writes.removed:dangerous', 'service.reads.removed:safe'],
  ],
  [
    'key renamed with renamedFrom (no removal, no addition)',
    [
      [
        "      - name: counter\n        pattern: 'counter:{n:uint}'",
        "      - name: hits\n        renamedFrom: counter\n        pattern: 'hits:{n:uint}'",
      ],
      ['    reads: [main.run, main.counter]', '    reads: [main.run, main.hits]'],
      ['    writes: [main.counter]', '    writes: [main.hits]'],
    ],
    [
      'key.renamed:breaking',
      'key.pattern.changed:breaking',
      'client.accessor.removed:breaking',
      'client.accessor.added:safe',
      'service.writes.removed:dangerous',
      'service.reads.removed:safe',
      'service.access.added:safe',
      'service.access.added:safe',
    ],
  ],
  [
    'key added',
    [
      [
        '  - index: 1\n    name: jobs\n    keys:\n',
        "  - index: 1\n    name: jobs\n    keys:\n      - name: lock\n        pattern: 'lock:{name:segment}'\n        type: string\n        ttl: 60\n        writers: [worker]\n        readers: [worker]\n",
      ],
    ],
    ['key.added:safe', 'client.accessor.added:safe', 'service.access.added:safe'],
  ],
  [
    'pattern narrowed (segment -> uint)',
    [["pattern: 'cache:{runid}:{file:segment}'", "pattern: 'cache:{runid}:{file:uint}'"]],
    ['key.pattern.narrowed:dangerous', 'client.accessor.signature.changed:breaking'],
  ],
  [
    'pattern widened (uint -> segment)',
    [["pattern: 'counter:{n:uint}'", "pattern: 'counter:{n:segment}'"]],
    ['key.pattern.widened:dangerous', 'client.accessor.signature.changed:breaking'],
  ],
  ['pattern changed (new prefix)', [["pattern: 'counter:{n:uint}'", "pattern: 'count:{n:uint}'"]], ['key.pattern.changed:breaking']],
  [
    'placeholder renamed only: same language, new client parameter',
    [["pattern: 'counter:{n:uint}'", "pattern: 'counter:{id:uint}'"]],
    ['client.accessor.signature.changed:breaking'],
  ],
  [
    'Redis type changed',
    [['        type: list\n        ttl: none\n        member: uuid', '        type: set\n        ttl: none\n        member: uuid']],
    ['key.type.changed:breaking'],
  ],
  [
    'keys put in a slot group (their hash tag moves)',
    [
      [
        '    name: main\n    keys:',
        '    name: main\n    slotGroups:\n      - name: r\n        tag: runid\n        keys: [run, cache]\n    keys:',
      ],
      ["pattern: 'run:{runid}'", "pattern: 'run:{{{runid}}}'"],
      ["pattern: 'cache:{runid}:{file:segment}'", "pattern: 'cache:{{{runid}}}:{file:segment}'"],
    ],
    ['key.pattern.changed:breaking', 'key.slotgroup.changed:dangerous', 'key.pattern.changed:breaking', 'key.slotgroup.changed:dangerous'],
  ],
  ['database added', [['channels:\n', '  - index: 2\n    name: extra\n    keys: []\nchannels:\n']], ['db.added:safe']],
  [
    'channel added',
    [
      [
        'notifications:\n',
        "  - name: other\n    pattern: 'other:{runid}'\n    messages:\n      - name: ping\n        template: 'ping {runid}'\nnotifications:\n",
      ],
    ],
    ['channel.added:safe', 'client.accessor.added:safe'],
  ],
  [
    'channel message added',
    [
      [
        "        template: 'done {runid}'\n",
        "        template: 'done {runid}'\n      - name: failed\n        template: 'failed {runid}'\n",
      ],
    ],
    ['channel.message.added:dangerous'],
  ],
  [
    'notification consumer removed',
    [['notifications:\n  - name: watch_run\n    service: web\n    db: 0\n    key: run\n    channel: keyspace\n    events: [h]\n', '']],
    ['notify.consumer.removed:safe'],
  ],
  [
    'server config changed',
    [['  notifyKeyspaceEvents: Kh\n', '  notifyKeyspaceEvents: Kh\n  config:\n    maxmemory-policy: noeviction\n']],
    ['server.config.changed:dangerous'],
  ],
  ['TTL shortened', [['ttl: { max: 3600 }', 'ttl: { max: 600 }']], ['ttl.shortened:dangerous']],
  [
    'hash field TTL declared',
    [['          - name: owner\n            value: raw\n', '          - name: owner\n            value: raw\n            ttl: 30m\n']],
    ['field.ttl.changed:dangerous'],
  ],
  [
    'logical type over the same Redis type',
    [['        type: string\n        value: integer\n', '        type: bitmap\n']],
    ['key.logical.changed:breaking'],
  ],
  [
    'channel made sharded',
    [['    subscribers: [web]\n', '    subscribers: [web]\n    sharded: true\n']],
    ['channel.sharded.changed:breaking'],
  ],
  ['TTL lengthened', [['ttl: { max: 3600 }', 'ttl: { max: 7200 }']], ['ttl.lengthened:safe']],
  ['TTL added', [['value: integer\n        ttl: none', 'value: integer\n        ttl: 1d']], ['ttl.added:dangerous']],
  ['TTL removed', [['ttl: { max: 3600 }', 'ttl: none']], ['ttl.removed:dangerous']],
  ['TTL now optional', [['ttl: { max: 3600 }', 'ttl: { max: 3600, optional: true }']], ['ttl.removed:dangerous']],
  ['field-dependent TTL case shortened', [['              ttl: 600', '              ttl: 60']], ['ttl.shortened:dangerous']],
  [
    'field-dependent TTL replaced by a plain TTL',
    [
      [
        '        ttl:\n          field: state\n          cases:\n            - when: [active]\n              ttl: 3600\n            - when: [stale]\n              ttl: 600\n',
        '        ttl: 3600\n',
      ],
    ],
    ['ttl.cases.changed:dangerous'],
  ],
  ['hash field removed', [['          - name: owner\n            value: raw\n', '']], ['field.removed:breaking']],
  [
    'required hash field added',
    [
      [
        '          - name: owner\n            value: raw\n',
        '          - name: owner\n            value: raw\n          - name: created\n            value: epochSeconds\n            required: true\n',
      ],
    ],
    ['field.required.added:breaking'],
  ],
  [
    'optional hash field added',
    [
      [
        '          - name: owner\n            value: raw\n',
        '          - name: owner\n            value: raw\n          - name: created\n            value: epochSeconds\n',
      ],
    ],
    ['field.added:safe'],
  ],
  [
    'field made required',
    [
      [
        '          - name: owner\n            value: raw\n',
        '          - name: owner\n            value: raw\n            required: true\n',
      ],
    ],
    ['field.required.added:breaking'],
  ],
  [
    'hash field renamed with renamedFrom',
    [
      [
        '          - name: owner\n            value: raw\n',
        '          - name: user\n            renamedFrom: owner\n            value: raw\n',
      ],
    ],
    ['field.renamed:breaking'],
  ],
  [
    'hash field format changed',
    [['          - name: owner\n            value: raw\n', '          - name: owner\n            value: integer\n']],
    ['field.format.changed:breaking'],
  ],
  [
    'enum value removed',
    [['value: { enum: [queued, started, finished] }', 'value: { enum: [queued, finished] }']],
    ['enum.value.removed:breaking'],
  ],
  [
    'enum value added',
    [['value: { enum: [queued, started, finished] }', 'value: { enum: [queued, started, finished, failed] }']],
    ['enum.value.added:dangerous'],
  ],
  ['string value format changed', [['value: json', 'value: raw']], ['format.changed:breaking']],
  ['list member format changed', [['member: uuid', 'member: hex32']], ['format.changed:breaking']],
  [
    'channel removed',
    [
      [
        "channels:\n  - name: events\n    pattern: 'events:{runid}'\n    messages:\n      - name: started\n        template: 'started {runid}'\n      - name: done\n        template: 'done {runid}'\n    publishers: [worker]\n    subscribers: [web]\n",
        '',
      ],
      ['    subscribes: [events]\n', ''],
      ['    publishes: [events]\n', ''],
    ],
    ['channel.removed:breaking', 'client.accessor.removed:breaking', 'service.publishes.removed:dangerous'],
  ],
  [
    'channel renamed (same Redis channel)',
    [
      ['  - name: events\n', '  - name: feed\n'],
      ['    subscribes: [events]', '    subscribes: [feed]'],
      ['    publishes: [events]', '    publishes: [feed]'],
    ],
    [
      'channel.renamed:dangerous',
      'client.accessor.removed:breaking',
      'client.accessor.added:safe',
      'service.publishes.removed:dangerous',
      'service.access.added:safe',
    ],
  ],
  ['channel pattern changed', [["pattern: 'events:{runid}'", "pattern: 'feed:{runid}'"]], ['channel.pattern.changed:breaking']],
  ['message template changed', [["template: 'done {runid}'", "template: 'finished {runid}'"]], ['channel.message.changed:breaking']],
  ['message removed', [["      - name: done\n        template: 'done {runid}'\n", '']], ['channel.message.removed:dangerous']],
  [
    'notification consumer needs more event classes',
    [
      ['    events: [h]', '    events: [h, g]'],
      ['notifyKeyspaceEvents: Kh', 'notifyKeyspaceEvents: Kgh'],
    ],
    ['notify.events.added:dangerous', 'server.notify.raised:dangerous'],
  ],
  ['server version raised', [["minVersion: '7.0'", "minVersion: '7.2'"]], ['server.version.raised:dangerous']],
  ['server version lowered: nothing', [["minVersion: '7.0'", "minVersion: '6.2'"]], []],
  [
    'a key changes writer',
    [
      [
        '        value: integer\n        ttl: none\n        writers: [worker]',
        '        value: integer\n        ttl: none\n        writers: [web]',
      ],
      ['    writes: [main.counter]', '    writes: []'],
    ],
    ['service.writes.removed:dangerous', 'service.access.added:safe'],
  ],
  [
    'descriptions only: nothing',
    [['          - name: owner\n', '          - name: owner\n            description: who started the run\n']],
    [],
  ],
];

describe('keyspec diff: one rule per change', () => {
  it.each(CASES)('%s', (_title, edits, expected) => {
    const changes = diffModels(specOf(BASE), specOf(edit(...edits))).changes;
    expect(changes.map((c) => `${c.rule}:${c.level}`).sort()).toEqual([...expected].sort());
  });

  it('a service removed', () => {
    const withCli = edit(['services:\n', 'services:\n  - name: cli\n    reads: [main.run]\n']);
    const changes = diffModels(specOf(withCli), specOf(BASE)).changes;
    expect(changes.map((c) => `${c.rule}:${c.level}`)).toEqual(['service.removed:dangerous']);
  });

  it('a library validated on its own: its top-level keys are compared too', () => {
    const lib = (ttl: string, extra = ''): string =>
      `keyspec: 1\nkind: library\nname: q\nkeys:\n  - name: job\n    pattern: 'job:{id:segment}'\n    type: string\n    ttl: ${ttl}\n${extra}`;
    const removed = diffModels(
      specOf(lib('60', "  - name: lock\n    pattern: 'lock:{id:segment}'\n    type: string\n")),
      specOf(lib('30')),
    );
    expect(removed.changes.map((c) => `${c.rule} ${c.subject}`).sort()).toEqual([
      'key.removed db:keys/key:lock',
      'ttl.shortened db:keys/key:job/ttl',
    ]);
  });

  it('undeclared fields allowed before, not now: field.additional.closed (and the reverse is no change)', () => {
    const open = edit([
      '          - name: owner\n            value: raw\n        writers: [web]',
      '          - name: owner\n            value: raw\n        additionalFields: true\n        writers: [web]',
    ]);
    expect(diffModels(specOf(open), specOf(BASE)).changes.map((c) => `${c.rule}:${c.level} ${c.subject}`)).toEqual([
      'field.additional.closed:dangerous db:main/key:run/additionalFields',
    ]);
    expect(diffModels(specOf(BASE), specOf(open)).changes).toEqual([]);
  });
});
