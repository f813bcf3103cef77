/**
 * The observation: subscribes to keyspace notifications and pub/sub traffic (and MONITOR, opt in),
 * routes each event to its judge (key-writes.ts, channel-traffic.ts), and tracks connection gaps.
 */
import { decodeKeyName } from '../findings/key-bytes.ts';
import type { Redis } from 'ioredis';
import type { Spec } from '../../spec/index.ts';
import type { Collector } from '../findings/collector.ts';
import type { ObserveSummary } from '../findings/report.ts';
import type { CompiledSpec } from '../judging/compile.ts';
import { declaresFieldTtls, fieldTtlSupport } from '../judging/field-ttl.ts';
import { isDeletion, isNotificationChannel, writeOf } from '../judging/observe-rules.ts';
import { readTopology, slotCount } from '../redis/cluster-slots.ts';
import type { Target } from '../redis/connection.ts';
import type { Timeouts } from '../redis/errors.ts';
import { ChannelTraffic } from './channel-traffic.ts';
import { ClientNames } from './client-names.ts';
import { ObserverConnections } from './connections.ts';
import { readEventCoverage } from './event-coverage.ts';
import { GapTracker } from './gaps.ts';
import { KeyWrites } from './key-writes.ts';
import { monitorArg, monitorSource } from './monitor-line.ts';
import { SettledKeys } from './settled-keys.ts';
import { namesOwnedBy, shardedChannelNames } from './sharded-channels.ts';

/** Subscriptions for pub/sub traffic: every channel except keyspace notifications (`__ke…`). */
const TRAFFIC_PATTERNS = ['[^_]*', '_[^_]*', '__[^k]*', '__k[^e]*'];

export interface ObserverSettings {
  monitor: boolean;
  settleMs: number;
  timeouts?: Timeouts;
}

export class Observer {
  version: string | null = null;
  private cmd?: Redis;
  private commands = 0;
  private missed: string[] = [];
  private stopped = false;
  private readonly conns: ObserverConnections;
  private readonly settled: SettledKeys;
  private readonly writes: KeyWrites;
  private readonly traffic: ChannelTraffic;
  private readonly gaps: GapTracker;
  private readonly clients = new ClientNames();
  /** Redis Cluster: notifications are node-local, so every master is subscribed to (and MONITORed). */
  cluster = false;
  /** The nodes watched (`host:port`): the target, or every master of a cluster. */
  nodes: string[] = [];
  private notifyPatterns: string[] = [];
  /** The sharded channel names observe SSUBSCRIBEs to (sharded-channels.ts). */
  private readonly shardedNames: string[];
  /** Sharded channel names SSUBSCRIBEd, per node (`host:port`). */
  readonly sharded = new Map<string, string[]>();
  private topologyTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly spec: Spec,
    compiled: CompiledSpec,
    private readonly collector: Collector,
    private readonly target: Target,
    private readonly settings: ObserverSettings,
  ) {
    this.conns = new ObserverConnections(target, settings.timeouts);
    this.settled = new SettledKeys(settings.settleMs, this.conns, collector);
    this.writes = new KeyWrites(spec, compiled, collector, this.settled);
    this.traffic = new ChannelTraffic(spec, collector);
    this.gaps = new GapTracker(collector, () => void this.readCoverage().catch(() => undefined));
    this.shardedNames = shardedChannelNames(spec);
  }

  /**
   * Hash-field TTLs: judged after `hexpire` events where the server has them; a spec that declares some
   * on a server without them gets one `hash.field.ttl.unverifiable` finding.
   */
  private judgeFieldTtlsOn(valkeyVersion: string | undefined): void {
    const support = fieldTtlSupport({
      version: this.version ? { value: this.version, source: 'INFO' } : { refused: 'INFO server has no redis_version' },
      ...(valkeyVersion ? { valkeyVersion } : {}),
    });
    this.settled.fieldTtls = support.supported;
    if (support.supported || !declaresFieldTtls(this.spec)) return;
    this.collector.add(
      this.collector.finding(
        'hash.field.ttl.unverifiable',
        null,
        null,
        null,
        `UNVERIFIABLE: the spec declares hash-field TTLs, but ${support.reason}: no field TTL was judged`,
        'Redis ≥ 7.4 or Valkey ≥ 9.0 (HTTL, hexpire events)',
        support.reason,
        ['INFO', 'server'],
      ),
    );
  }

  /**
   * SSUBSCRIBE to the sharded channel names on `node` (standalone: all of them; a cluster master: those
   * whose slot it owns), on a connection of their own: SPUBLISHed messages reach no PSUBSCRIBEr.
   */
  private async subscribeSharded(node: Target, names: readonly string[]): Promise<void> {
    if (!names.length || this.stopped) return;
    const sub = this.conns.open(0, true, node);
    sub.on('smessageBuffer', (ch: Buffer, msg: Buffer) => this.traffic.onPublish(decodeKeyName(ch), msg, true));
    await sub.connect();
    await sub.ssubscribe(...names);
    this.sharded.set(`${node.host}:${node.port}`, [...names]);
    this.subscriptions += names.length;
  }

  async start(): Promise<void> {
    this.cmd = this.conns.open(0, true);
    await this.cmd.connect();
    const info = String(await this.cmd.info('server'));
    this.version = /redis_version:([^\r\n]+)/.exec(info)?.[1] ?? null;
    this.judgeFieldTtlsOn(/valkey_version:([^\r\n]+)/.exec(info)?.[1]);
    this.cluster = /cluster_enabled:1/.test(String(await this.cmd.info('cluster')));
    if (this.cluster) return this.startCluster();
    const channel = await this.readCoverage();
    this.nodes = [`${this.target.host}:${this.target.port}`];
    this.notifyPatterns = patternsFor(channel);
    await this.subscribe(this.target, true);
    await this.subscribeSharded(this.target, this.shardedNames);
    if (this.settings.monitor && !this.stopped) await this.startMonitor(this.cmd, this.clients);
    // A start that timed out goes on in the background: never leave a timer behind a stopped observer.
    if (!this.stopped) this.settled.start();
  }

  /**
   * A subscriber on `node`: keyspace notifications (and, on one node only, pub/sub traffic: PUBLISH
   * reaches every node of a cluster). Resolves once the server confirmed every pattern.
   */
  private async subscribe(node: Target, traffic: boolean): Promise<void> {
    const sub = this.conns.open(0, true, node);
    // Channel and key names as bytes: one that is not valid UTF-8 keeps every byte (findings/key-bytes.ts).
    sub.on('pmessageBuffer', (pattern: Buffer, ch: Buffer, msg: Buffer) => this.onMessage(pattern.toString(), decodeKeyName(ch), msg));
    sub.on('close', () => this.gaps.opened(this.stopped));
    sub.on('ready', () => void this.gaps.closed(this.stopped));
    await sub.connect();
    const patterns = [...this.notifyPatterns, ...(traffic ? TRAFFIC_PATTERNS : [])];
    await sub.psubscribe(...patterns);
    this.subscriptions += patterns.length;
  }

  /**
   * A cluster: every master's notify flags read (a master lacking some is named), its notifications
   * subscribed to (and MONITOR on it, opt in); the topology re-read every 2 s and new masters watched.
   */
  private async startCluster(): Promise<void> {
    const topo = await readTopology(this.cmd!, this.target.host);
    const masters = topo.nodes.filter((n) => n.role === 'master' && !n.failing && slotCount(n) > 0);
    this.conns.useCluster(masters.map((m) => ({ host: m.host, port: m.port })));
    const channels = new Set<'keyevent' | 'keyspace' | null>();
    const missed = new Set<string>();
    for (const m of masters) {
      const c = this.conns.open(0, true, this.conns.at(m.host, m.port));
      await c.connect();
      const cov = await readEventCoverage(c, this.collector, this.settings.monitor, `${m.host}:${m.port}`);
      channels.add(cov.channel);
      for (const x of cov.missed) missed.add(x);
    }
    this.missed = [...missed];
    // Keyspace channels only where every master publishes those alone; else keyevent channels.
    this.notifyPatterns = patternsFor(channels.size === 1 && channels.has('keyspace') ? 'keyspace' : 'keyevent');
    let first = true;
    for (const m of masters) {
      await this.watchNode(m.host, m.port, first);
      await this.subscribeSharded(this.conns.at(m.host, m.port), namesOwnedBy(m, this.shardedNames));
      first = false;
    }
    if (!this.stopped) {
      this.settled.start();
      this.topologyTimer = setInterval(() => void this.followTopology().catch(() => undefined), 2000);
      this.topologyTimer.unref();
    }
  }

  private async watchNode(host: string, port: number, traffic: boolean): Promise<void> {
    const node = this.conns.at(host, port);
    this.nodes.push(`${host}:${port}`);
    await this.subscribe(node, traffic);
    if (this.settings.monitor && !this.stopped) {
      const cmd = this.conns.open(0, true, node);
      await cmd.connect();
      await this.startMonitor(cmd, this.nodes.length === 1 ? this.clients : new ClientNames());
    }
  }

  /** New masters (a failover, a node added): watched from now on. */
  private async followTopology(): Promise<void> {
    if (this.stopped || !this.cmd) return;
    const topo = await readTopology(this.cmd, this.target.host);
    for (const m of topo.nodes) {
      if (m.role !== 'master' || m.failing || slotCount(m) === 0 || this.nodes.includes(`${m.host}:${m.port}`)) continue;
      const c = this.conns.open(0, true, this.conns.at(m.host, m.port));
      await c.connect();
      await readEventCoverage(c, this.collector, this.settings.monitor, `${m.host}:${m.port}`);
      await this.watchNode(m.host, m.port, false);
    }
  }

  /** Patterns confirmed by the server (after `start`). */
  subscriptions = 0;

  /** Connection errors seen (the cause of a failed start). */
  get errors(): readonly unknown[] {
    return this.conns.errors;
  }

  /** Written keys whose TTL could not be judged before the end (the server did not answer). */
  unjudged(): { count: number; examples: string[] } {
    return this.settled.unjudged();
  }

  /** Ends an open gap now (the server is still down at the end): its `observe.gap` finding. */
  closeGap(): void {
    if (this.gaps.open) this.gaps.closed(true, new Date());
  }

  /** Which event classes are enabled; reports what cannot be seen. Returns the channel family to use. */
  private async readCoverage(): Promise<'keyevent' | 'keyspace' | null> {
    const cov = await readEventCoverage(this.cmd!, this.collector, this.settings.monitor);
    this.missed = cov.missed;
    return cov.channel;
  }

  /**
   * MONITOR, with client names kept in stream order (client-names.ts): the names of connections opened
   * before it come from a CLIENT LIST taken just before, checked against one taken once it runs.
   */
  private async startMonitor(cmd: Redis, clients: ClientNames): Promise<void> {
    clients.seed(String(await cmd.client('LIST')));
    const mon = (await cmd.monitor()) as unknown as Redis & { disconnect(): void };
    this.conns.track(mon);
    mon.on('monitor', (_time: string, args: string[], source: string, database: string) =>
      this.onCommand(args, source, Number(database), clients),
    );
    mon.on('error', () => {});
    // After a reconnect (ioredis re-sends MONITOR) the names seen so far may belong to closed connections.
    mon.on('ready', () => {
      clients.restart();
      void cmd
        .client('LIST')
        .then((list) => clients.seed(String(list)))
        .catch(() => undefined);
    });
    clients.confirm(String(await cmd.client('LIST')));
    this.monitors.push(clients);
  }

  /** Every MONITOR's client names (one per node). */
  private readonly monitors: ClientNames[] = [];

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
    for (const c of new Set([this.clients, ...this.monitors])) c.flush();
    await this.settled.finish();
    this.closeGap();
    await this.traffic.checkSubscribers(this.cmd!, new Set([...this.sharded.values()].flat()));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.topologyTimer);
    this.settled.stop();
    this.conns.closeAll();
  }

  summary(durationMs: number): ObserveSummary {
    return {
      durationMs: Math.round(durationMs),
      sources: ['keyspace-notifications', ...(this.settings.monitor ? (['monitor'] as const) : []), 'pubsub'],
      events: this.writes.events,
      ...(this.settings.monitor ? { commands: this.commands } : {}),
      messages: this.traffic.messages,
      keysJudged: this.settled.judged,
      missedEventClasses: this.missed,
      gaps: this.gaps.gaps,
    };
  }

  private onMessage(pattern: string, channel: string, msg: Buffer): void {
    if (pattern.startsWith('__key')) {
      const m = /^__key(event|space)@(\d+)__:(.*)$/s.exec(channel);
      if (!m) return;
      const db = Number(m[2]);
      const [key, event] = m[1] === 'event' ? [decodeKeyName(msg), m[3]!] : [m[3]!, msg.toString()];
      this.settled.noteEvent(db, key, event);
      this.writes.onWrite(db, key, event);
      return;
    }
    if (isNotificationChannel(channel)) return;
    this.traffic.onPublish(channel, msg);
  }

  /** One MONITOR line, in stream order: attributed to its client (and name then), then judged. */
  private onCommand(rawArgs: string[], source: string, db: number, clients: ClientNames): void {
    this.commands++;
    // Escapes change no argument's position: only names and keys are decoded, never (large) values.
    const nameArgs = /^(client|hello)$/i.test(rawArgs[0] ?? '') ? rawArgs.map(monitorArg) : rawArgs;
    clients.onLine(monitorSource(source), nameArgs, (who) => {
      const w = writeOf(rawArgs);
      if (!w || isDeletion(w.command)) return;
      for (const raw of w.keys) {
        const key = monitorArg(raw);
        this.settled.noteEvent(db, key, w.command);
        this.writes.onWrite(db, key, w.command, w.type, who);
      }
    });
  }
}

function patternsFor(channel: 'keyevent' | 'keyspace' | null): string[] {
  return channel === 'keyspace' ? ['__keyspace@*__:*'] : ['__keyevent@*__:*'];
}
