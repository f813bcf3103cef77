/**
 * The change rules of `keyspec diff`, one row each: a stable id (never renamed: approvals and CI refer to
 * it), the level, the category, who it hurts, and the fix or migration hint. The README's rules table is
 * this table (a test keeps them equal).
 */
import type { Rule } from './types.ts';

const r = (id: string, level: Rule['level'], category: Rule['category'], hurts: Rule['hurts'], hint: string): Rule => ({
  id,
  level,
  category,
  hurts,
  hint,
});

export const RULES: readonly Rule[] = [
  r('db.removed', 'breaking', 'database', 'both', 'Keep the database until no service reads or writes it, then drop it.'),
  r(
    'db.index.changed',
    'breaking',
    'database',
    'both',
    'Copy the keys to the new index (MOVE or DUMP/RESTORE) and switch every service at once.',
  ),
  r('db.added', 'safe', 'database', 'nobody', 'Nothing to do.'),
  r(
    'key.removed',
    'breaking',
    'key',
    'both',
    'Stop every reader first; delete the live keys (or let them expire) once nothing reads them.',
  ),
  r('key.renamed', 'breaking', 'key', 'both', 'Read both names during the migration, RENAME the live keys, then drop renamedFrom.'),
  r('key.added', 'safe', 'key', 'nobody', 'Nothing to do.'),
  r(
    'key.pattern.narrowed',
    'dangerous',
    'key',
    'writers',
    'Live keys outside the new pattern become undeclared: rename or delete them, update old writers.',
  ),
  r(
    'key.pattern.widened',
    'dangerous',
    'key',
    'readers',
    'Old readers (and their SCAN MATCH globs) miss the new keys: deploy readers before writers.',
  ),
  r(
    'key.pattern.changed',
    'breaking',
    'key',
    'both',
    'Neither pattern contains the other: migrate the live keys and deploy readers and writers together.',
  ),
  r(
    'key.type.changed',
    'breaking',
    'key',
    'both',
    'Old keys answer WRONGTYPE: write under a new name, or delete and rebuild them during the deploy.',
  ),
  r(
    'key.logical.changed',
    'breaking',
    'key',
    'both',
    'Same Redis type, other contents (text is now a HyperLogLog): write under a new name, or rebuild the keys.',
  ),
  r(
    'key.slotgroup.changed',
    'dangerous',
    'key',
    'both',
    'Cluster: keys move slot; multi-key commands over the old group fail with CROSSSLOT. Deploy all services together.',
  ),
  r(
    'ttl.shortened',
    'dangerous',
    'ttl',
    'readers',
    'Data expires sooner: check readers tolerate it; live keys keep their longer TTL until rewritten.',
  ),
  r('ttl.lengthened', 'safe', 'ttl', 'nobody', 'Keys live longer: check memory headroom.'),
  r('ttl.added', 'dangerous', 'ttl', 'readers', 'Keys that were permanent now expire: readers must treat a missing key as normal.'),
  r('ttl.removed', 'dangerous', 'ttl', 'writers', 'Keys no longer expire: make sure something deletes them, or memory grows.'),
  r(
    'ttl.cases.changed',
    'dangerous',
    'ttl',
    'both',
    'The field-dependent TTL changed: check each state’s lifetime with the code that sets it.',
  ),
  r(
    'field.ttl.changed',
    'dangerous',
    'field',
    'both',
    'Fields expire differently: live fields keep their old TTL until rewritten; check readers and memory.',
  ),
  r(
    'field.removed',
    'breaking',
    'field',
    'readers',
    'Stop reading the field first; old writers still write it, so keep additionalFields or clean up.',
  ),
  r(
    'field.required.added',
    'breaking',
    'field',
    'writers',
    'Live keys lack the field: backfill it, or make it optional until every writer sets it.',
  ),
  r('field.added', 'safe', 'field', 'nobody', 'Nothing to do.'),
  r(
    'field.renamed',
    'breaking',
    'field',
    'both',
    'Read both field names during the migration and rewrite live hashes, then drop renamedFrom.',
  ),
  r(
    'field.additional.closed',
    'dangerous',
    'field',
    'writers',
    'Undeclared fields are no longer allowed: declare the ones old writers still set.',
  ),
  r(
    'field.format.changed',
    'breaking',
    'field',
    'both',
    'Stored values keep the old format: convert them, or read both formats during the migration.',
  ),
  r('enum.value.removed', 'breaking', 'format', 'readers', 'Stored data may still hold the value: rewrite it before readers reject it.'),
  r(
    'enum.value.added',
    'dangerous',
    'format',
    'readers',
    'Old readers do not know the value: deploy readers before writers start writing it.',
  ),
  r(
    'format.changed',
    'breaking',
    'format',
    'both',
    'Stored values keep the old format: convert them, or read both formats during the migration.',
  ),
  r('channel.removed', 'breaking', 'channel', 'both', 'Stop the subscribers first, then the publishers.'),
  r(
    'channel.renamed',
    'dangerous',
    'channel',
    'both',
    'The Redis channel is unchanged, only its name: update code that uses the old name.',
  ),
  r(
    'channel.pattern.changed',
    'breaking',
    'channel',
    'both',
    'Subscribers listen on the old channel: subscribe to both during the migration.',
  ),
  r(
    'channel.sharded.changed',
    'breaking',
    'channel',
    'both',
    'PUBLISH and SPUBLISH reach different subscribers: subscribe with both, then switch the publishers.',
  ),
  r('channel.added', 'safe', 'channel', 'nobody', 'Nothing to do.'),
  r('channel.message.removed', 'dangerous', 'channel', 'readers', 'Subscribers waiting for this message never get it again.'),
  r('channel.message.added', 'dangerous', 'channel', 'readers', 'Old subscribers get messages they do not know: deploy subscribers first.'),
  r(
    'channel.message.changed',
    'breaking',
    'channel',
    'readers',
    'Old subscribers cannot parse the new messages: deploy subscribers that accept both first.',
  ),
  r(
    'notify.events.added',
    'dangerous',
    'notification',
    'readers',
    'Add the event classes to notify-keyspace-events on the server before deploying the consumer.',
  ),
  r(
    'notify.consumer.removed',
    'safe',
    'notification',
    'nobody',
    'The server may keep its notify-keyspace-events flags or drop the unused ones.',
  ),
  r('server.version.raised', 'dangerous', 'server', 'both', 'Upgrade every Redis server to the new minimum version before deploying.'),
  r('server.notify.raised', 'dangerous', 'server', 'readers', 'Set the new notify-keyspace-events flags on every server before deploying.'),
  r('server.config.changed', 'dangerous', 'server', 'both', 'Apply the new server configuration before deploying.'),
  r('service.removed', 'dangerous', 'service', 'readers', 'Keys and channels it wrote or published may lose their only writer.'),
  r(
    'service.writes.removed',
    'dangerous',
    'service',
    'readers',
    'The key loses a writer: check its readers still get the data from someone.',
  ),
  r(
    'service.publishes.removed',
    'dangerous',
    'service',
    'readers',
    'The channel loses a publisher: check its subscribers still get messages.',
  ),
  r('service.access.added', 'safe', 'service', 'nobody', 'Nothing to do: the service reads, writes or publishes more.'),
  r('service.reads.removed', 'safe', 'service', 'nobody', 'Nothing to do: the service reads less.'),
  r(
    'client.accessor.removed',
    'breaking',
    'client',
    'both',
    'Code using the generated accessor stops compiling: move it to the new accessor, then regenerate.',
  ),
  r(
    'client.accessor.signature.changed',
    'breaking',
    'client',
    'both',
    'The accessor takes other parameters: update its callers, then regenerate.',
  ),
  r('client.accessor.added', 'safe', 'client', 'nobody', 'Nothing to do: regenerate the client.'),
];

const BY_ID = new Map(RULES.map((x) => [x.id, x]));

export function ruleOf(id: string): Rule {
  const rule = BY_ID.get(id);
  if (!rule) throw new Error(`keyspec diff: no rule '${id}'`);
  return rule;
}
