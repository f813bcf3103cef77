/**
 * Real BullMQ traffic for spec/lib/bullmq.yaml: the `bullmq` package itself driving two queues on a
 * throwaway Redis (Queue with plain, bulk, delayed and prioritized jobs; Worker completing some jobs,
 * failing some, retrying one; a pause and a resume, a global concurrency and a rate limit; QueueEvents;
 * FlowProducer with parents and children, one failed by its child; a job scheduler; logs, progress and
 * metrics). Returns when the workers have drained what they can run now.
 */
import { FlowProducer, Queue, QueueEvents, Worker, type Job } from 'bullmq';
import { until } from '../wait.ts';

export interface BullmqTraffic {
  /** Queue names used (two, one per prefix given). */
  queues: { prefix: string; name: string }[];
  /** Events QueueEvents saw (`completed`, `failed`, ...), to show the stream was read. */
  events: string[];
}

/** Connection options of a throwaway server's URL. */
function connection(url: string): { host: string; port: number; maxRetriesPerRequest: null } {
  const u = new URL(url);
  return { host: u.hostname, port: Number(u.port), maxRetriesPerRequest: null };
}

/** Drives one queue (under one prefix) through every life-cycle BullMQ has. */
async function driveQueue(url: string, prefix: string, name: string, events: string[]): Promise<void> {
  const c = connection(url);
  const queue = new Queue(name, { connection: c, prefix });
  const qe = new QueueEvents(name, { connection: c, prefix });
  await qe.waitUntilReady();
  qe.on('completed', () => events.push('completed'));
  qe.on('failed', () => events.push('failed'));
  const flow = new FlowProducer({ connection: c, prefix });
  let attemptsSeen = 0;
  const worker = new Worker(
    name,
    async (job: Job) => {
      await job.log(`running ${job.name}`);
      await job.updateProgress(50);
      if (job.name === 'fail') throw new Error('planned failure');
      if (job.name === 'retry' && job.attemptsMade === 0) {
        attemptsSeen++;
        throw new Error('fails once, then succeeds');
      }
      return { ok: true, name: job.name };
    },
    { connection: c, prefix, concurrency: 2, metrics: { maxDataPoints: 10 }, limiter: { max: 1000, duration: 1000 } },
  );
  await worker.waitUntilReady();
  await queue.setGlobalConcurrency(4);
  // Paused: new jobs go to `paused` until the queue resumes.
  await queue.pause();
  await queue.add('while-paused', { n: 0 });
  await queue.resume();

  await queue.add('plain', { n: 1 });
  await queue.add('custom-id', { n: 2 }, { jobId: `order-${name}-7` });
  await queue.addBulk([
    { name: 'bulk', data: { n: 3 } },
    { name: 'bulk', data: { n: 4 }, opts: { removeOnComplete: true } },
  ]);
  await queue.add('prioritized', { n: 5 }, { priority: 3 });
  await queue.add('fail', { n: 6 }, { attempts: 1 });
  await queue.add('retry', { n: 7 }, { attempts: 3, backoff: { type: 'fixed', delay: 10 } });
  await queue.add('dedup', { n: 8 }, { deduplication: { id: `dedup-${name}`, ttl: 60_000 } });
  await queue.add('later', { n: 9 }, { delay: 3_600_000 });
  await flow.add({
    name: 'parent',
    queueName: name,
    data: { n: 10 },
    children: [
      { name: 'child', queueName: name, data: { n: 11 } },
      { name: 'child', queueName: name, data: { n: 12 } },
      { name: 'fail', queueName: name, data: { n: 13 }, opts: { attempts: 1, ignoreDependencyOnFailure: true } },
    ],
  });
  // A child that fails its parent (`failParentOnFailure`): the parent's `unsuccessful` set, then it fails.
  await flow.add({
    name: 'doomed-parent',
    queueName: name,
    data: { n: 15 },
    children: [{ name: 'fail', queueName: name, data: { n: 16 }, opts: { attempts: 1, failParentOnFailure: true } }],
  });
  await queue.upsertJobScheduler(`every-hour-${name}`, { every: 3_600_000 }, { name: 'scheduled', data: { n: 14 } });

  await until(
    async () => {
      const counts = await queue.getJobCounts('completed', 'failed', 'active', 'wait', 'prioritized', 'waiting-children');
      return (
        counts.active === 0 &&
        counts.wait === 0 &&
        counts.prioritized === 0 &&
        counts['waiting-children'] === 0 &&
        (counts.completed ?? 0) >= 7
      );
    },
    `queue ${prefix}:${name} drained`,
    20_000,
  );
  if (attemptsSeen === 0) throw new Error('the retry job never failed its first attempt');
  await worker.close();
  await qe.close();
  await flow.close();
  await queue.close();
}

export async function driveBullmq(url: string, queues: { prefix: string; name: string }[]): Promise<BullmqTraffic> {
  const events: string[] = [];
  for (const q of queues) await driveQueue(url, q.prefix, q.name, events);
  return { queues, events };
}
