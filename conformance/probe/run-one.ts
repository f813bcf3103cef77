/** Runs one planned probe: open the socket, let it settle, trigger, wait for a matching frame, clean up. */
import type { Redis } from 'ioredis';
import type { WebSocket } from 'ws';
import type { Finding, ProbeSummary } from '../findings/report.ts';
import type { Collector } from '../findings/collector.ts';
import type { CheckId } from '../findings/ids.ts';
import { redactText } from '../findings/redact.ts';
import { connectionLost } from '../redis/errors.ts';
import { describeExpect, isHeartbeat, judgeFrame, judgeFrames, showFrame, truncate } from './frames.ts';
import { triggerArgs, triggerMessage, type ProbePlan } from './plan.ts';
import { createScratch } from './scratch.ts';
import { servicePassword } from './services.ts';
import { closeSocket, FrameBuffer, openSocket, sleep, type Received } from './socket.ts';

export interface ProbeContext {
  collector: Collector;
  /** A connection to `db` that serves `key` (on a cluster: the node that owns the key's slot). */
  conn(db: number, key?: string): Promise<Redis>;
  settleMs: number;
  republishMs: number;
}

export function add(
  ctx: ProbeContext,
  plan: ProbePlan,
  id: CheckId,
  message: string,
  expected: string | null,
  actual: string | null,
  reproduce: string[] | null,
): void {
  const t = plan.trigger;
  const f: Finding = {
    ...ctx.collector.finding(id, t.db, plan.id, t.kind === 'hset' ? t.key : null, message, expected, actual, reproduce),
    channel: t.kind === 'publish' ? t.channel : null,
  };
  ctx.collector.add(f);
}

/** Runs one probe; findings go to the collector. */
export async function runOne(ctx: ProbeContext, plan: ProbePlan): Promise<ProbeSummary> {
  const started = performance.now();
  const t = plan.trigger;
  const what = `service '${plan.service}', probe '${plan.probe.name}'`;
  const result = (state: ProbeSummary['state'], frame?: unknown): ProbeSummary => ({
    service: plan.service,
    probe: plan.probe.name,
    state,
    url: plan.display,
    durationMs: Math.round(performance.now() - started),
    ...(frame !== undefined ? { frame } : {}),
  });
  // A key, and a sharded channel (hashed like a key), go to the master owning its slot on a cluster.
  const conn = await ctx.conn(t.db ?? 0, t.kind === 'hset' ? t.key : t.sharded ? t.channel : undefined);
  const triggerText = t.kind === 'publish' ? `${t.sharded ? 'SPUBLISH' : 'PUBLISH'} ${t.channel}` : `HSET ${t.key} ${t.field} (db ${t.db})`;

  // Never touch real data: an existing scratch key stops the probe before anything happens.
  if (t.kind === 'hset' && (await conn.exists(t.key)) > 0) {
    add(
      ctx,
      plan,
      'probe.scratch.unverifiable',
      `${what} did not run: its scratch key '${t.key}' (${t.keyId}) already exists in db ${t.db}; it was left untouched`,
      `no key '${t.key}' (the probe creates it and deletes it afterwards)`,
      'the key exists',
      ['EXISTS', t.key],
    );
    return result('unverifiable');
  }

  const frames = new FrameBuffer();
  let ws: WebSocket | undefined;
  try {
    ws = await openSocket(plan.url, plan.timeoutMs, frames);
  } catch (e) {
    const msg = redactText((e as Error).message, [servicePassword(plan.url)]);
    add(ctx, plan, 'probe.connect', `${what}: cannot open the WebSocket ${plan.display}: ${msg}`, 'an open WebSocket', msg, null);
    return result('fail');
  }

  let wrote = false;
  try {
    // Let the service subscribe and push its greeting: until the first frame (+50 ms), at most settleMs.
    const settleUntil = performance.now() + ctx.settleMs;
    while (frames.frames.length === 0 && !frames.closed() && performance.now() < settleUntil) await frames.wait(settleUntil);
    if (frames.frames.length > 0) await sleep(Math.max(0, Math.min(50, settleUntil - performance.now())));
    const closedEarly = frames.closed();
    if (closedEarly) {
      const c = closedEarly;
      const msg = `the service closed the socket before the trigger (code ${c.code}${c.reason ? ` ${JSON.stringify(c.reason)}` : ''})`;
      add(ctx, plan, 'probe.connect', `${what}: ${msg} (${plan.display})`, 'an open WebSocket', msg, null);
      return result('fail', frames.frames.at(-1)?.value);
    }

    const mark = frames.frames.length;
    const tokens = { now: Math.floor(Date.now() / 1000) };
    const message = triggerMessage(t, tokens);
    const args = triggerArgs(t, tokens);
    const triggeredAt = performance.now();
    const deadline = triggeredAt + plan.timeoutMs;
    let judged = mark;
    let match: Received | undefined;
    let answered = false;
    const check = (): boolean => {
      for (; judged < frames.frames.length; judged++) {
        const f = frames.frames[judged]!;
        if (!isHeartbeat(f.value)) answered = true;
        if (judgeFrame(plan.probe.expect, f.value, message).ok) {
          match = f;
          return true;
        }
      }
      return false;
    };
    const waitUntil = async (until: number): Promise<void> => {
      while (!check() && !frames.closed() && performance.now() < until) await frames.wait(until);
      check();
    };

    let publishes = 0;
    try {
      if (t.kind === 'publish') {
        // Re-publish while the service has not answered: it may subscribe only after the socket opened.
        for (;;) {
          if (t.sharded) await conn.spublish(t.channel, t.message);
          else await conn.publish(t.channel, t.message);
          publishes++;
          await waitUntil(Math.min(deadline, performance.now() + ctx.republishMs));
          if (match || frames.closed() || performance.now() >= deadline) break;
          if (answered) {
            await waitUntil(deadline);
            break;
          }
        }
      } else {
        const created = await createScratch(conn, t.key, t.field, message);
        if (created === 'exists') {
          add(
            ctx,
            plan,
            'probe.scratch.unverifiable',
            `${what} did not run: its scratch key '${t.key}' (${t.keyId}) appeared in db ${t.db} while the probe connected; it was left untouched`,
            `no key '${t.key}' (the probe creates it and deletes it afterwards)`,
            'the key exists',
            ['EXISTS', t.key],
          );
          return result('unverifiable');
        }
        wrote = true;
        await waitUntil(deadline);
      }
    } catch (e) {
      // A lost connection or a timeout is not a refused trigger: the caller reports it as check.error.
      if (connectionLost(e)) throw e;
      const msg = (e as Error).message;
      add(
        ctx,
        plan,
        'probe.scratch.unverifiable',
        `${what} did not run: the trigger (${triggerText}) was refused: ${msg}`,
        'the trigger write accepted',
        msg,
        args,
      );
      return result('unverifiable');
    }

    const after = frames.frames.slice(mark);
    const before = frames.frames.slice(0, mark).filter((f) => !isHeartbeat(f.value));
    const waited = Math.round(performance.now() - triggeredAt);
    const notes: string[] = [];
    if (before.length)
      notes.push(
        `${before.length} frame${before.length === 1 ? '' : 's'} before the trigger, not judged (last: ${truncate(showFrame(before.at(-1)!.value), 200)})`,
      );
    const closedLate = frames.closed();
    if (closedLate && !match)
      notes.push(
        `the service closed the socket (code ${closedLate.code}${closedLate.reason ? ` ${JSON.stringify(closedLate.reason)}` : ''})`,
      );
    if (t.kind === 'publish' && publishes > 1) notes.push(`published ${publishes} times`);
    const tail = notes.length ? `; ${notes.join('; ')}` : '';
    if (match) return result('pass', match.value);
    const verdict = judgeFrames(
      plan.probe.expect,
      after.map((f) => f.value),
      message,
    );
    if (verdict.state === 'pass') return result('pass', verdict.frame);
    const expected = describeExpect(plan.probe.expect, message);
    if (verdict.state === 'missing') {
      add(
        ctx,
        plan,
        'probe.frame.missing',
        `${what}: no frame within ${plan.timeoutMs} ms after ${triggerText} (${plan.display})${verdict.heartbeats ? `; only ${verdict.heartbeats} heartbeat${verdict.heartbeats === 1 ? '' : 's'}` : ''}${tail}`,
        expected,
        verdict.heartbeats ? `only heartbeats (${showFrame(after.at(-1)!.value)} x${verdict.heartbeats})` : `no frame in ${waited} ms`,
        args,
      );
      return result('fail');
    }
    add(
      ctx,
      plan,
      'probe.frame.mismatch',
      `${what}: ${verdict.answers} frame${verdict.answers === 1 ? '' : 's'} after ${triggerText} but none matched (${plan.display}); last: ${verdict.reason}${tail}`,
      expected,
      showFrame(verdict.frame),
      args,
    );
    return result('fail', verdict.frame);
  } finally {
    await closeSocket(ws, frames);
    if (wrote && t.kind === 'hset') {
      try {
        await conn.del(t.key);
      } catch (e) {
        add(
          ctx,
          plan,
          'check.error',
          `${what}: the scratch key '${t.key}' in db ${t.db} could not be deleted: ${(e as Error).message}; delete it by hand`,
          'the scratch key deleted',
          (e as Error).message,
          ['DEL', t.key],
        );
      }
    }
  }
}
