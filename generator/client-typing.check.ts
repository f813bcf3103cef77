/**
 * Type-level tests of the generated WEPPcloud client, compiled by `tsc --noEmit` (part of `npm test`):
 * every `@ts-expect-error` below must be an error, so a client that stops rejecting these fails the build.
 */
import {
  createKeyspace,
  keys,
  parseKey,
  type Keyspace,
  type LoglevelValue,
  type RqJobStatus,
  type Task,
} from '../generated/weppcloud/client.ts';

export async function typingCases(ks: Keyspace): Promise<void> {
  // Enums are string-literal unions.
  const level: LoglevelValue = '20';
  await ks.logLevel.loglevel({ runid: 'busy-beaver' }).set(level);
  // @ts-expect-error log levels are stored as numeric strings, not names
  await ks.logLevel.loglevel({ runid: 'busy-beaver' }).set('debug');

  const task: Task = 'build_soils';
  await ks.lock.run({ runid: 'busy-beaver' }).setTimestamps(task, 1732579200);
  // @ts-expect-error not a TaskEnum member
  await ks.lock.run({ runid: 'busy-beaver' }).setTimestamps('build_everything', 1732579200);
  // @ts-expect-error timestamps are epoch seconds (numbers)
  await ks.lock.run({ runid: 'busy-beaver' }).setTimestamps('build_soils', '1732579200');

  // Hash fields typed by literal name and by field pattern (template literal types).
  await ks.lock.run({ runid: 'busy-beaver' }).set({ 'attrs:loaded': true, 'timestamps:build_climate': 1, 'locked:wepp.nodb': false });
  // @ts-expect-error boolean fields take booleans; the codec writes 'true'/'false'
  await ks.lock.run({ runid: 'busy-beaver' }).set({ 'attrs:loaded': 'true' });
  // @ts-expect-error no such field
  await ks.lock.run({ runid: 'busy-beaver' }).set({ 'attrs:unknown': true });
  const loaded: boolean | null = await ks.lock.run({ runid: 'busy-beaver' }).get('attrs:loaded');
  void loaded;

  const status: RqJobStatus = 'finished';
  await ks.rq.job({ id: 'j1' }).set({ status });
  // @ts-expect-error not an RQ job status
  await ks.rq.job({ id: 'j1' }).set({ status: 'done' });

  // A whole record (write) needs every required field; an update (set) may give some.
  const job = {
    status,
    created_at: '2025-09-22T18:03:11.123456Z',
    data: Buffer.from(''),
    success_callback_name: '',
    failure_callback_name: '',
    started_at: '',
    ended_at: '',
    last_heartbeat: '',
    worker_name: '',
  };
  await ks.rq.job({ id: 'j1' }).write({ ...job, origin: 'default' });
  const { worker_name: _dropped, ...withoutWorker } = job;
  // @ts-expect-error worker_name is required in a whole rq job record
  await ks.rq.job({ id: 'j1' }).write(withoutWorker);
  await ks.rq.job({ id: 'j1' }).set(withoutWorker);
  // An optional field read back may be absent: get's type has no undefined, only null.
  const origin: string | null = await ks.rq.job({ id: 'j1' }).get('origin');
  void origin;

  // Key builders need every placeholder.
  keys.lock.nodbLock({ runid: 'busy-beaver', relpath: 'wepp.nodb' });
  // @ts-expect-error relpath is missing
  keys.lock.nodbLock({ runid: 'busy-beaver' });

  // Messages are built from the declared formats.
  await ks.channels.status.publish(
    { runid: 'busy-beaver', channel: 'wepp' },
    { name: 'completed', job_id: 'j1', func: 'run_wepp_rq', args: '' },
  );
  // @ts-expect-error a STARTED message needs func and args
  await ks.channels.status.publish({ runid: 'busy-beaver', channel: 'wepp' }, { name: 'started', job_id: 'j1' });
  // @ts-expect-error no such message format
  await ks.channels.status.publish({ runid: 'busy-beaver', channel: 'wepp' }, { name: 'shout', text: 'x' });

  // parseKey narrows by pattern id.
  const parsed = parseKey('lock', 'nodb-lock:busy-beaver:wepp.nodb');
  if (parsed?.id === 'lock.nodb_lock') {
    const relpath: string = parsed.params.relpath;
    void relpath;
  }
  // @ts-expect-error no database named 'cache'
  parseKey('cache', 'x');

  // The NoDb lock's JSON value is typed from its JSON Schema.
  // @ts-expect-error `token` is required
  await ks.lock.nodbLock({ runid: 'busy-beaver', relpath: 'wepp.nodb' }).set({ owner: 'h:1', acquired_at: 1, expires_at: 2, ttl: 1 });

  void createKeyspace;
}
