/** Which keyspace events the server publishes (`notify-keyspace-events`); what cannot be seen is reported. */
import type { Redis } from 'ioredis';
import type { Collector } from '../findings/collector.ts';
import { eventCoverage } from '../judging/observe-rules.ts';

export interface EventChannels {
  /** The notification channel family to subscribe to, or null when none is published (or unknown). */
  channel: 'keyevent' | 'keyspace' | null;
  /** Event classes that are not published. */
  missed: string[];
}

/** Reads the server's event config and adds `observe.events.unverifiable` for what it does not publish. */
export async function readEventCoverage(cmd: Redis, collector: Collector, monitor: boolean, node?: string): Promise<EventChannels> {
  // On a cluster, each master publishes only its own keys' events: a finding names the master.
  const on = node ? `on master ${node}: ` : '';
  try {
    const res = (await cmd.config('GET', 'notify-keyspace-events')) as string[];
    const cov = eventCoverage(res[1] ?? '');
    const missed = cov.channel ? cov.missing : ['K or E', ...cov.missing];
    if (missed.length) {
      collector.add(
        collector.finding(
          'observe.events.unverifiable',
          null,
          null,
          null,
          on +
            (cov.channel
              ? `notify-keyspace-events '${res[1]}' does not publish ${cov.missingText}: such writes were not observed${monitor ? ' through notifications (MONITOR still sees them)' : ''}`
              : `notify-keyspace-events '${res[1] ?? ''}' publishes no keyspace events: key writes were not observed${monitor ? ' through notifications (MONITOR still sees them)' : ' (enable e.g. KEA, or use --monitor)'}`),
          'KEA (or the classes of every declared key type)',
          res[1] ?? '',
          ['CONFIG', 'GET', 'notify-keyspace-events'],
        ),
      );
    }
    return { channel: cov.channel, missed };
  } catch (e) {
    collector.add(
      collector.finding(
        'observe.events.unverifiable',
        null,
        null,
        null,
        `${on}CONFIG GET notify-keyspace-events was refused (${(e as Error).message}); subscribed to key events anyway`,
        'CONFIG GET allowed',
        'refused',
        ['CONFIG', 'GET', 'notify-keyspace-events'],
      ),
    );
    return { channel: null, missed: ['unknown'] };
  }
}
