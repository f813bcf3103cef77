/**
 * `keyspec observe`: watch what running services do for a while and check it against the spec, from
 * keyspace notifications (when the server emits them), MONITOR (opt in) and pub/sub (PSUBSCRIBE).
 *
 * Read-only like `keyspec check`: PSUBSCRIBE, CONFIG GET, EVAL_RO, MONITOR, CLIENT LIST, PUBSUB NUMSUB.
 * A key's TTL is judged after its writes settle (`settleMs` after the last event on it), so a SET
 * followed by EXPIRE in the same pipeline or MULTI is fine. Reconnects after a Redis restart and says
 * which interval it missed.
 */
import { Redis } from 'ioredis';
import type { Spec, SpecHost } from '../../spec/index.ts';
import type { Baseline } from '../findings/baseline.ts';
import { emptySummary, type CheckResult } from '../check/run-check.ts';
import { judgeKey, type KeyRecord } from '../judging/classify.ts';
import { compileSpec, matchKey, type CompiledKey, type CompiledSpec } from '../judging/compile.ts';
import type { Target } from '../redis/connection.ts';
import { Collector, type ObserveSummary } from '../findings/findings.ts';
import type { CheckId } from '../findings/ids.ts';
import {
  eventCoverage,
  eventType,
  hasPlaceholders,
  isDeclaredWriter,
  isDeletion,
  isNotificationChannel,
  judgesTtl,
  matchChannel,
  matchMessage,
  writeOf,
} from '../judging/observe-rules.ts';
import { buildReport } from '../findings/report-builder.ts';
import { loadRunBaseline, loadRunSpec, reproducerFor, resolveRunTarget } from '../run/prepare-run.ts';
import { connectionOptions, PROBE_SCRIPT } from '../redis/scanner.ts';

export interface RunObserveOptions {
  /** Spec file (resolved against cwd) or a loaded model. */
  spec: string | Spec;
  host?: SpecHost;
  cwd?: string;
  url?: string;
  connection?: string;
  env?: Readonly<Record<string, string | undefined>>;
  /** How long to watch. */
  durationSeconds: number;
  /** Also watch MONITOR (costly; for dev and staging): command-level type checks and writers by client name. */
  monitor?: boolean;
  /** Judge a key's TTL this long after the last event on it (default 250 ms). */
  settleMs?: number;
  baseline?: string | Baseline;
  maxFindingsPerCheck?: number;
  /** Stop early. */
  signal?: AbortSignal;
  /** Called once every subscription is live (tests and the demo start their traffic then). */
  onReady?: () => void;
}

/** Subscriptions for pub/sub traffic: every channel except keyspace notifications (`__ke…`). */
const TRAFFIC_PATTERNS = ['[^_]*', '_[^_]*', '__[^k]*', '__k[^e]*'];
const OWN_NAME = 'keyspec-observe';

interface PendingKey {
  pattern: CompiledKey;
  due: number;
}

function failed(exitCode: 2 | 3, error: string): CheckResult {
  return { findings: [], summary: emptySummary(), exitCode, error };
}

export async function runObserve(options: RunObserveOptions): Promise<CheckResult> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const loaded = loadRunSpec(options.spec, cwd, options.host);
  if ('error' in loaded) return failed(2, loaded.error);
  const spec = loaded.spec;
  if (!(options.durationSeconds > 0)) return failed(2, `--duration must be a positive number of seconds`);
  const loadedBaseline = loadRunBaseline(options.baseline, cwd);
  if ('error' in loadedBaseline) return failed(2, loadedBaseline.error);
  const baseline = loadedBaseline.baseline;
  const resolved = resolveRunTarget(spec, {
    ...(options.url ? { url: options.url } : {}),
    ...(options.connection ? { connection: options.connection } : {}),
    env,
  });
  if ('error' in resolved) return failed(2, resolved.error);
  const target = resolved.target;
  const compiled = compileSpec(spec, { env });
  const repro = reproducerFor(target);
  const collector = new Collector(compiled, repro, {
    ...(options.maxFindingsPerCheck !== undefined ? { maxFindingsPerCheck: options.maxFindingsPerCheck } : {}),
    ...(baseline ? { baseline } : {}),
  });
  const observer = new Observer(spec, compiled, collector, target, options);
  try {
    try {
      await observer.start();
    } catch (e) {
      await observer.stop();
      return failed(3, `cannot connect to ${target.display}: ${(e as Error).message}`);
    }
    options.onReady?.();
    await observer.watch(options.durationSeconds * 1000, options.signal);
    await observer.finish();
  } finally {
    await observer.stop();
  }
  const { report, exitCode } = buildReport({
    mode: 'observe',
    spec,
    target: { display: target.display, nodes: [`${target.host}:${target.port}`] },
    collector,
    startedAt,
    durationMs: performance.now() - started,
    serverVersion: observer.version,
    observe: observer.summary(performance.now() - started),
    secrets: [target.password],
  });
  return { findings: report.findings, summary: report.summary, exitCode, report };
}

class Observer {
  version: string | null = null;
  private cmd?: Redis;
  private sub?: Redis;
  private mon?: Redis & { disconnect(): void };
  private readonly perDb = new Map<number, Redis>();
  private readonly pending = new Map<number, Map<string, PendingKey>>();
  private readonly settleMs: number;
  private timer?: NodeJS.Timeout;
  private events = 0;
  private commands = 0;
  private messages = 0;
  private keysJudged = 0;
  private missed: string[] = [];
  private readonly gaps: { from: string; to: string }[] = [];
  private gapStart?: Date;
  private readonly clientNames = new Map<string, string>();
  private lastClientList = 0;
  private readonly channelsSeen = new Map<string, Set<string>>();
  private readonly reportedChannels = new Set<string>();
  private readonly reportedKeys = new Set<string>();
  private scriptOk = true;
  private stopped = false;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly spec: Spec,
    private readonly compiled: CompiledSpec,
    private readonly collector: Collector,
    private readonly target: Target,
    private readonly options: RunObserveOptions,
  ) {
    this.settleMs = options.settleMs ?? 250;
  }

  private connect(db = 0, resilient = false): Redis {
    const base = connectionOptions(this.target, db);
    const conn = new Redis({
      ...base,
      connectionName: OWN_NAME,
      ...(resilient
        ? { retryStrategy: (n: number) => Math.min(50 * 2 ** n, 1000), maxRetriesPerRequest: null, autoResubscribe: true }
        : {}),
    });
    conn.on('error', () => {});
    return conn;
  }

  async start(): Promise<void> {
    this.cmd = this.connect(0, true);
    await this.cmd.connect();
    const info = String(await this.cmd.info('server'));
    this.version = /redis_version:([^\r\n]+)/.exec(info)?.[1] ?? null;
    const channel = await this.readCoverage();
    this.sub = this.connect(0, true);
    this.sub.on('pmessageBuffer', (pattern: Buffer, ch: Buffer, msg: Buffer) => this.onMessage(pattern.toString(), ch.toString(), msg));
    this.sub.on('close', () => this.gapOpened());
    this.sub.on('ready', () => void this.gapClosed());
    await this.sub.connect();
    const notifyPatterns =
      channel === 'keyevent' ? ['__keyevent@*__:*'] : channel === 'keyspace' ? ['__keyspace@*__:*'] : ['__keyevent@*__:*'];
    await this.sub.psubscribe(...notifyPatterns, ...TRAFFIC_PATTERNS);
    if (this.options.monitor) await this.startMonitor();
    this.timer = setInterval(() => this.flushDue(false), Math.max(20, Math.floor(this.settleMs / 2)));
  }

  /** Which event classes are enabled; reports what cannot be seen. Returns the channel family to use. */
  private async readCoverage(): Promise<'keyevent' | 'keyspace' | null> {
    try {
      const res = (await this.cmd!.config('GET', 'notify-keyspace-events')) as string[];
      const cov = eventCoverage(res[1] ?? '');
      this.missed = cov.channel ? cov.missing : ['K or E', ...cov.missing];
      if (this.missed.length) {
        this.collector.add(
          this.collector.finding(
            'observe.events.unverifiable',
            null,
            null,
            null,
            cov.channel
              ? `notify-keyspace-events '${res[1]}' does not publish ${cov.missingText}: such writes were not observed${this.options.monitor ? ' through notifications (MONITOR still sees them)' : ''}`
              : `notify-keyspace-events '${res[1] ?? ''}' publishes no keyspace events: key writes were not observed${this.options.monitor ? ' through notifications (MONITOR still sees them)' : ' (enable e.g. KEA, or use --monitor)'}`,
            'KEA (or the classes of every declared key type)',
            res[1] ?? '',
            ['CONFIG', 'GET', 'notify-keyspace-events'],
          ),
        );
      }
      return cov.channel;
    } catch (e) {
      this.missed = ['unknown'];
      this.collector.add(
        this.collector.finding(
          'observe.events.unverifiable',
          null,
          null,
          null,
          `CONFIG GET notify-keyspace-events was refused (${(e as Error).message}); subscribed to key events anyway`,
          'CONFIG GET allowed',
          'refused',
          ['CONFIG', 'GET', 'notify-keyspace-events'],
        ),
      );
      return null;
    }
  }

  private async startMonitor(): Promise<void> {
    const mon = (await this.cmd!.monitor()) as unknown as Redis & { disconnect(): void };
    this.mon = mon;
    mon.on('monitor', (_time: string, args: string[], source: string, database: string) => this.onCommand(args, source, Number(database)));
    mon.on('error', () => {});
  }

  async watch(ms: number, signal?: AbortSignal): Promise<void> {
    await new Promise<void>((resolveWatch) => {
      const t = setTimeout(resolveWatch, ms);
      signal?.addEventListener('abort', () => {
        clearTimeout(t);
        resolveWatch();
      });
    });
  }

  /** Judges what is still pending and checks required subscribers. */
  async finish(): Promise<void> {
    await new Promise((r) => setTimeout(r, this.settleMs));
    this.flushDue(true);
    await this.flushing;
    if (this.gapStart) this.gapClosed(new Date());
    await this.checkSubscribers();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    for (const c of [this.mon, this.sub, this.cmd, ...this.perDb.values()]) c?.disconnect();
    this.perDb.clear();
  }

  summary(durationMs: number): ObserveSummary {
    return {
      durationMs: Math.round(durationMs),
      sources: ['keyspace-notifications', ...(this.options.monitor ? (['monitor'] as const) : []), 'pubsub'],
      events: this.events,
      ...(this.options.monitor ? { commands: this.commands } : {}),
      messages: this.messages,
      keysJudged: this.keysJudged,
      missedEventClasses: this.missed,
      gaps: this.gaps,
    };
  }

  // ---------------------------------------------------------------------------------------------

  private gapOpened(): void {
    if (!this.stopped && !this.gapStart) this.gapStart = new Date();
  }

  private gapClosed(at = new Date()): void {
    if (!this.gapStart) return;
    const gap = { from: this.gapStart.toISOString(), to: at.toISOString() };
    this.gapStart = undefined;
    this.gaps.push(gap);
    const secs = ((Date.parse(gap.to) - Date.parse(gap.from)) / 1000).toFixed(1);
    this.collector.add(
      this.collector.finding(
        'observe.gap',
        null,
        null,
        null,
        `lost the connection from ${gap.from} to ${gap.to} (${secs} s, e.g. a Redis restart): events in that interval were not observed`,
        'a continuous observation',
        `a ${secs} s gap`,
        null,
      ),
    );
    // A restarted server may have lost its runtime config.
    if (!this.stopped) void this.readCoverage().catch(() => undefined);
  }

  private onMessage(pattern: string, channel: string, msg: Buffer): void {
    if (pattern.startsWith('__key')) {
      const m = /^__key(event|space)@(\d+)__:(.*)$/s.exec(channel);
      if (!m) return;
      const db = Number(m[2]);
      if (m[1] === 'event') this.onKeyEvent(db, msg.toString(), m[3]!);
      else this.onKeyEvent(db, m[3]!, msg.toString());
      return;
    }
    if (isNotificationChannel(channel)) return;
    this.onPublish(channel, msg);
  }

  private onKeyEvent(db: number, key: string, event: string, type = eventType(event), source?: string): void {
    this.events++;
    if (event === 'expired' || event === 'evicted' || event === 'del' || isDeletion(event)) return;
    const cdb = this.compiled.dbs.get(db);
    if (!cdb) {
      if (!this.reportedKeys.has(`${db}\u0000*`)) {
        this.reportedKeys.add(`${db}\u0000*`);
        this.collector.add(
          this.collector.finding(
            'db.undeclared',
            db,
            null,
            key,
            `a write (${event}) to database ${db}, which the spec does not declare: ${JSON.stringify(key)}`,
            'no keys in undeclared databases',
            `${event} ${key}`,
            ['TYPE', key],
          ),
        );
      }
      return;
    }
    const pattern = matchKey(cdb, key);
    if (!pattern) {
      this.collector.unmatched(db, key, {
        id: 'key.unmatched',
        message: `a write (${event}) to ${JSON.stringify(key)}, which matches no pattern of database ${db} (${cdb.name})`,
        expected: 'a declared pattern',
        actual: key,
        reproduce: ['TYPE', key],
      });
      return;
    }
    if (type !== undefined && type !== pattern.key.type) {
      this.collector.add(
        this.collector.finding(
          'key.type',
          db,
          pattern.id,
          key,
          `${event.toUpperCase()} on ${JSON.stringify(key)} writes a ${type}, but ${pattern.id} (\`${pattern.key.pattern.text}\`) is a ${pattern.key.type}`,
          pattern.key.type,
          `${type} (${event})`,
          ['TYPE', key],
        ),
      );
    }
    if (source !== undefined) this.checkWriter(db, pattern, key, event, source);
    if (judgesTtl(event) || type !== undefined) this.schedule(db, key, pattern);
  }

  private onCommand(args: string[], source: string, db: number): void {
    this.commands++;
    const w = writeOf(args);
    if (!w || isDeletion(w.command)) return;
    for (const key of w.keys) this.onKeyEvent(db, key, w.command, w.type, source);
  }

  private checkWriter(db: number, pattern: CompiledKey, key: string, command: string, source: string): void {
    const name = this.clientName(source);
    if (name === undefined || name === '' || name.startsWith('keyspec-')) return;
    if (isDeclaredWriter(this.spec, pattern.key, name) !== false) return;
    this.collector.add(
      this.collector.finding(
        'key.writer',
        db,
        pattern.id,
        key,
        `client '${name}' (${source}) ran ${command.toUpperCase()} on ${JSON.stringify(key)}, but is not a declared writer of ${pattern.id} (writers: ${pattern.key.writers.join(', ') || 'none'})`,
        pattern.key.writers.join(', ') || 'no writers',
        name,
        ['CLIENT', 'LIST'],
      ),
    );
  }

  private clientName(source: string): string | undefined {
    const known = this.clientNames.get(source);
    if (known !== undefined) return known;
    const now = Date.now();
    if (now - this.lastClientList > 500) {
      this.lastClientList = now;
      void this.cmd
        ?.client('LIST')
        .then((list) => {
          for (const line of String(list).split('\n')) {
            const addr = /\baddr=(\S+)/.exec(line)?.[1];
            const name = /\bname=(\S*)/.exec(line)?.[1] ?? '';
            if (addr) this.clientNames.set(addr, name);
          }
        })
        .catch(() => undefined);
    }
    return undefined;
  }

  private onPublish(channel: string, msg: Buffer): void {
    this.messages++;
    const m = matchChannel(this.spec.channels, channel);
    if (!m) {
      if (this.reportedChannels.size < 10_000 && !this.reportedChannels.has(channel)) {
        this.reportedChannels.add(channel);
        this.collector.add({
          ...this.collector.finding(
            'channel.undeclared',
            null,
            null,
            null,
            `a message was published on ${JSON.stringify(channel)}, which matches no declared channel`,
            'a declared channel',
            channel,
            ['PUBSUB', 'NUMSUB', channel],
          ),
          channel,
        });
      }
      return;
    }
    if (m.channel.requireSubscribers) {
      let seen = this.channelsSeen.get(m.channel.name);
      if (!seen) this.channelsSeen.set(m.channel.name, (seen = new Set()));
      if (seen.size < 1000) seen.add(channel);
    }
    if (matchMessage(m.channel, msg) === undefined) {
      const text = msg.toString('utf8');
      this.collector.add({
        ...this.collector.finding(
          'channel.message',
          m.channel.connectionDb ?? null,
          `channel.${m.channel.name}`,
          null,
          `a message on ${JSON.stringify(channel)} fits none of ${m.channel.name}'s formats (${m.channel.messages.map((x) => x.name).join(', ')}): ${JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}...` : text)}`,
          m.channel.messages.map((x) => x.name).join(' | '),
          text.length > 200 ? `${text.slice(0, 197)}...` : text,
          ['SUBSCRIBE', channel],
        ),
        channel,
      });
    }
  }

  private async checkSubscribers(): Promise<void> {
    for (const ch of this.spec.channels) {
      if (!ch.requireSubscribers) continue;
      const names = hasPlaceholders(ch.pattern) ? [...(this.channelsSeen.get(ch.name) ?? [])] : [ch.pattern.text];
      if (names.length === 0) continue;
      let counts: (string | number)[];
      try {
        counts = (await this.cmd!.pubsub('NUMSUB', ...names)) as (string | number)[];
      } catch {
        continue;
      }
      for (let i = 0; i + 1 < counts.length; i += 2) {
        if (Number(counts[i + 1]) > 0) continue;
        const name = String(counts[i]);
        this.collector.add({
          ...this.collector.finding(
            'channel.subscribers',
            ch.connectionDb ?? null,
            `channel.${ch.name}`,
            null,
            `nobody is subscribed to ${JSON.stringify(name)} (${ch.name} requires subscribers: ${ch.subscribers.join(', ') || 'declared'})`,
            `≥ 1 subscriber (${ch.subscribers.join(', ')})`,
            '0',
            ['PUBSUB', 'NUMSUB', name],
          ),
          channel: name,
        });
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Settling and TTL judgement

  private schedule(db: number, key: string, pattern: CompiledKey): void {
    let m = this.pending.get(db);
    if (!m) this.pending.set(db, (m = new Map()));
    const existing = m.get(key);
    const due = Date.now() + this.settleMs;
    if (existing) existing.due = due;
    else m.set(key, { pattern, due });
  }

  private flushDue(all: boolean): void {
    const now = Date.now();
    for (const [db, m] of this.pending) {
      const batch: [string, PendingKey][] = [];
      for (const [key, p] of m) {
        if (all || p.due <= now) {
          batch.push([key, p]);
          m.delete(key);
        }
      }
      for (let i = 0; i < batch.length; i += 500) {
        const slice = batch.slice(i, i + 500);
        this.flushing = this.flushing.then(() => this.judge(db, slice)).catch(() => undefined);
      }
    }
  }

  private dbConn(db: number): Redis {
    let c = this.perDb.get(db);
    if (!c) {
      c = this.connect(db, true);
      this.perDb.set(db, c);
    }
    return c;
  }

  private async judge(db: number, batch: [string, PendingKey][]): Promise<void> {
    if (this.stopped && batch.length === 0) return;
    const conn = this.dbConn(db);
    const keys = batch.map(([k]) => k);
    const fieldArgs: string[] = [];
    batch.forEach(([, p], i) => {
      if (p.pattern.ttlField) fieldArgs.push(String(i + 1), p.pattern.ttlField);
    });
    const recs: KeyRecord[] = [];
    if (this.scriptOk) {
      try {
        const res = (await conn.call('EVAL_RO', PROBE_SCRIPT, keys.length, ...keys, ...fieldArgs)) as unknown[];
        const fields = (res[2 * keys.length] ?? []) as (string | null | false)[];
        let j = 0;
        keys.forEach((key, i) => {
          const rec: KeyRecord = { key, type: String(res[2 * i]), pttl: Number(res[2 * i + 1]) };
          if (batch[i]![1].pattern.ttlField) {
            const v = fields[j++];
            rec.ttlFieldValue = v === false || v === undefined ? null : v;
          }
          recs.push(rec);
        });
      } catch {
        this.scriptOk = false;
      }
    }
    if (!this.scriptOk) {
      const pl = conn.pipeline();
      batch.forEach(([key, p]) => {
        pl.type(key);
        pl.pttl(key);
        if (p.pattern.ttlField) pl.hget(key, p.pattern.ttlField);
      });
      const res = (await pl.exec()) ?? [];
      let r = 0;
      for (const [key, p] of batch) {
        const rec: KeyRecord = { key, type: String(res[r++]?.[1]), pttl: Number(res[r++]?.[1]) };
        if (p.pattern.ttlField) rec.ttlFieldValue = (res[r++]?.[1] as string | null) ?? null;
        recs.push(rec);
      }
    }
    recs.forEach((rec, i) => {
      if (rec.type === 'none' || rec.pttl === -2) return;
      this.keysJudged++;
      const pattern = batch[i]![1].pattern;
      for (const p of judgeKey(pattern, rec)) {
        this.collector.add(this.collector.finding(p.id as CheckId, db, pattern.id, rec.key, p.message, p.expected, p.actual, p.reproduce));
      }
    });
  }
}
