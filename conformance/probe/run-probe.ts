/**
 * `keyspec probe` as a library function: for each service given with its URL, open the WebSocket its
 * contract declares, trigger each probe through Redis (PUBLISH a probe message on a scratch channel, or
 * HSET a field of a scratch hash), wait for a frame and judge it against `expectFrame`.
 *
 * These are the only writes keyspec ever makes, and only to channels and keys the spec marks
 * `probeSafe: true`:
 * - `publish`: PUBLISH on the channel built from the channel pattern and the probe's scratch params,
 *   repeated every `republishMs` (the service may subscribe asynchronously after the socket opened)
 *   until the service answers or the timeout passes. Nothing is stored.
 * - `hset`: the scratch hash is created only if it does not exist (one atomic script: EXISTS, then
 *   HSET; plain EXISTS + HSET where scripts are refused). An existing key is never touched: the probe
 *   is reported `probe.scratch.unverifiable` instead. A key the probe created is deleted afterwards,
 *   always (in `finally`).
 *
 * Frames that arrive before the trigger (the preflight service pushes one on connect) are kept but not
 * judged; heartbeats (`{"type":"ping"}`, `{"type":"pong"}`) can match an expectation but never count
 * as the service's answer on their own.
 *
 * The pure half (`parseServiceArg`, `planProbes`, `judgeFrame`, `judgeFrames`, ...) is separate from
 * the I/O (`runProbe`).
 */
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { Ajv2020, type AnySchema, type ValidateFunction } from 'ajv/dist/2020.js';
import type { Redis } from 'ioredis';
import { WebSocket, type RawData } from 'ws';
import {
  buildFromPattern,
  nodeHost,
  PatternParamError,
  type Channel,
  type KeyPattern,
  type Probe,
  type Service,
  type Spec,
  type SpecHost,
} from '../../spec/index.ts';
import { CHECK_EXIT, emptySummary, loadCheckedSpec, type CheckResult } from '../check/run-check.ts';
import { compileSpec } from '../judging/compile.ts';
import { redactText } from '../redis/connection.ts';
import { Collector, type Finding, type ProbeSummary } from '../findings/findings.ts';
import type { CheckId } from '../findings/ids.ts';
import { buildReport } from '../findings/report-builder.ts';
import { reproducerFor, resolveRunTarget } from '../run/prepare-run.ts';
import { ConnectError, openConnection } from '../redis/scanner.ts';

// ---------------------------------------------------------------------------------------------
// Options and results

export interface ServiceTarget {
  /** A service of the spec that declares a `contract`. */
  name: string;
  /** Its base URL (`ws://`, `wss://`; `http://`/`https://` are taken as `ws://`/`wss://`). */
  url: string;
}

export interface RunProbeOptions {
  /** A spec file (resolved against `cwd`) or an already validated model. */
  spec: string | Spec;
  cwd?: string;
  host?: SpecHost;
  /** The services to probe: `{name, url}` or `NAME=URL` strings (as given to `--service`). */
  services: readonly (ServiceTarget | string)[];
  /** Redis URL; without it the spec's connection env vars decide (as for `keyspec check`). */
  url?: string;
  /** Spec connection to resolve from env vars (default `default`, else the first). */
  connection?: string;
  env?: Readonly<Record<string, string | undefined>>;
  /** Overrides every probe's `timeoutMs`. */
  timeoutMs?: number;
  /** How long to let the service settle (subscribe, push its greeting) after the socket opened (default 250 ms). */
  settleMs?: number;
  /** Interval between repeated PUBLISHes while the service has not answered (default 200 ms). */
  republishMs?: number;
  /** Called after each probe. */
  onProbe?: (summary: ProbeSummary) => void;
}

/** Same shape as `runCheck`'s result; `summary.probes` has one entry per probe run. */
export type ProbeResult = CheckResult;

export class ProbeUsageError extends Error {}

// ---------------------------------------------------------------------------------------------
// Pure: arguments and planning

/** Parses `NAME=URL` (the `--service` argument). */
export function parseServiceArg(arg: string): ServiceTarget {
  const i = arg.indexOf('=');
  const name = i < 0 ? '' : arg.slice(0, i).trim();
  const url = i < 0 ? '' : arg.slice(i + 1).trim();
  if (!name || !url)
    throw new ProbeUsageError(`--service: expected NAME=URL (e.g. status=ws://localhost:9002), got ${JSON.stringify(arg)}`);
  return { name, url };
}

/** A WebSocket URL with any password replaced by `***`. */
export function redactServiceUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)([^@/?#]*)@/i, (_m, scheme: string, auth: string) => {
    const i = auth.indexOf(':');
    return i < 0 ? `${scheme}${auth}@` : `${scheme}${auth.slice(0, i)}:***@`;
  });
}

/** The password of a service URL, if it has one (to keep it out of the report). */
function servicePassword(url: string): string | undefined {
  try {
    const p = new URL(url).password;
    return p ? decodeURIComponent(p) : undefined;
  } catch {
    return undefined;
  }
}

/** Validates a service base URL: `ws(s)://` (or `http(s)://`), no query or fragment; no trailing `/`. */
export function normalizeServiceUrl(name: string, raw: string): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new ProbeUsageError(`--service ${name}: not a URL: ${redactServiceUrl(raw)}`);
  }
  const scheme = { 'ws:': 'ws:', 'wss:': 'wss:', 'http:': 'ws:', 'https:': 'wss:' }[u.protocol];
  if (!scheme) throw new ProbeUsageError(`--service ${name}: expected a ws:// or wss:// URL, got ${redactServiceUrl(raw)}`);
  if (u.search || u.hash)
    throw new ProbeUsageError(`--service ${name}: the URL must not have a query or fragment (the contract's path is appended to it)`);
  const auth = u.username || u.password ? `${u.username}${u.password ? `:${u.password}` : ''}@` : '';
  return `${scheme}//${auth}${u.host}${u.pathname.replace(/\/+$/, '')}`;
}

/** Percent-encodes what a URL path cannot carry, keeping the characters the services' paths use (`:`, `;`). */
export function encodePath(path: string): string {
  return path.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@/]/g, (c) => {
    try {
      return encodeURIComponent(c);
    } catch {
      return '%EF%BF%BD';
    }
  });
}

export interface Tokens {
  nonce: string;
  /** Epoch seconds. */
  now: number;
}

export function newTokens(): Tokens {
  return { nonce: randomBytes(6).toString('hex'), now: Math.floor(Date.now() / 1000) };
}

/** Fills `{nonce}` and `{now}` in a probe text, template param or hash value. */
export function fillTokens(text: string, tokens: Tokens): string {
  return text.replace(/\{nonce\}/g, tokens.nonce).replace(/\{now\}/g, String(tokens.now));
}

/** The expected frame with the string `{message}` replaced by the published text everywhere (values and keys). */
export function substituteMessage(expected: unknown, message: string): unknown {
  if (typeof expected === 'string') return expected.split('{message}').join(message);
  if (Array.isArray(expected)) return expected.map((x) => substituteMessage(x, message));
  if (expected !== null && typeof expected === 'object')
    return Object.fromEntries(
      Object.entries(expected).map(([k, v]) => [k.split('{message}').join(message), substituteMessage(v, message)]),
    );
  return expected;
}

/** The trigger of one probe, fully resolved (channel or key built from the scratch params). */
export type PlannedTrigger =
  | { kind: 'publish'; channelName: string; db: number | null; channel: string; message: string }
  | { kind: 'hset'; keyId: string; db: number; key: string; field: string; value: string };

export interface ProbePlan {
  service: string;
  probe: Probe;
  /** `<service>.<probe>`: the finding's `pattern`. */
  id: string;
  /** The WebSocket URL (may carry credentials: never shown; see `display`). */
  url: string;
  display: string;
  /** Tokens filled, except `{now}` in an hset value (filled when the probe writes). */
  trigger: PlannedTrigger;
  timeoutMs: number;
}

/** The redis-cli arguments (after the connection options) that perform a trigger. */
export function triggerArgs(t: PlannedTrigger, tokens?: Pick<Tokens, 'now'>): string[] {
  if (t.kind === 'publish') return ['PUBLISH', t.channel, t.message];
  return ['HSET', t.key, t.field, tokens ? t.value.replace(/\{now\}/g, String(tokens.now)) : t.value];
}

/** The text `{message}` stands for: the published message, or the hash value written. */
export function triggerMessage(t: PlannedTrigger, tokens: Pick<Tokens, 'now'>): string {
  return t.kind === 'publish' ? t.message : t.value.replace(/\{now\}/g, String(tokens.now));
}

function findKey(spec: Spec, id: string): KeyPattern | undefined {
  for (const d of spec.databases) for (const k of d.keys) if (k.id === id) return k;
  return undefined;
}

function findChannel(spec: Spec, name: string): Channel | undefined {
  return spec.channels.find((c) => c.name === name) ?? spec.channels.find((c) => c.importedFrom && `${c.importedFrom}.${c.name}` === name);
}

function build(what: string, pattern: Parameters<typeof buildFromPattern>[0], params: Record<string, string>): string {
  try {
    return buildFromPattern(pattern, params);
  } catch (e) {
    if (e instanceof PatternParamError) throw new ProbeUsageError(`${what} '${pattern.text}': ${e.message}`);
    throw e;
  }
}

/**
 * Resolves the services to probe and plans every probe (pure). `{nonce}` and `{now}` are filled in
 * publish texts and template params now; in an hset value `{nonce}` is filled now and `{now}` when the
 * probe writes. Throws ProbeUsageError.
 */
export function planProbes(spec: Spec, targets: readonly ServiceTarget[], tokens: Tokens, timeoutMs?: number): ProbePlan[] {
  const withContract = spec.services.filter((s) => s.contract && s.contract.probes.length > 0).map((s) => s.name);
  const hint = withContract.length ? ` (services with probes: ${withContract.join(', ')})` : ' (the spec declares no service contract)';
  if (targets.length === 0) throw new ProbeUsageError(`give at least one --service NAME=URL${hint}`);
  const seen = new Set<string>();
  const plans: ProbePlan[] = [];
  for (const t of targets) {
    if (seen.has(t.name)) throw new ProbeUsageError(`--service ${t.name} given twice`);
    seen.add(t.name);
    const service: Service | undefined = spec.services.find((s) => s.name === t.name);
    if (!service) throw new ProbeUsageError(`--service ${t.name}: the spec declares no service '${t.name}'${hint}`);
    if (!service.contract) throw new ProbeUsageError(`--service ${t.name}: service '${t.name}' declares no contract${hint}`);
    if (service.contract.probes.length === 0)
      throw new ProbeUsageError(`--service ${t.name}: service '${t.name}' declares no probes${hint}`);
    const base = normalizeServiceUrl(t.name, t.url);
    for (const probe of service.contract.probes) {
      const where = `service '${service.name}', probe '${probe.name}'`;
      const path = service.contract.websocket ? build(`${where}: the WebSocket path`, service.contract.websocket, probe.params) : '';
      const url = base + encodePath(path);
      const fill = (o: Record<string, string>): Record<string, string> =>
        Object.fromEntries(Object.entries(o).map(([k, v]) => [k, fillTokens(v, tokens)]));
      let trigger: PlannedTrigger;
      const tr = probe.trigger;
      if (tr.kind === 'publish') {
        const channel = findChannel(spec, tr.channel);
        if (!channel) throw new ProbeUsageError(`${where}: no channel '${tr.channel}'`);
        if (!channel.probeSafe)
          throw new ProbeUsageError(`${where}: channel '${channel.name}' is not marked probeSafe; keyspec will not publish there`);
        const name = build(`${where}: channel`, channel.pattern, probe.params);
        const m = channel.messages.find((x) => x.name === tr.message);
        if (!m) throw new ProbeUsageError(`${where}: channel '${channel.name}' has no message format '${tr.message}'`);
        let message: string;
        if (m.format.kind === 'template') message = build(`${where}: message '${m.name}'`, m.format.pattern, fill(tr.params));
        else if (tr.text !== undefined) message = fillTokens(tr.text, tokens);
        else throw new ProbeUsageError(`${where}: the ${m.format.kind} message '${m.name}' needs \`text:\``);
        trigger = { kind: 'publish', channelName: channel.name, db: channel.connectionDb ?? null, channel: name, message };
      } else {
        const key = findKey(spec, tr.key);
        if (!key) throw new ProbeUsageError(`${where}: no key pattern '${tr.key}'`);
        if (!key.probeSafe)
          throw new ProbeUsageError(`${where}: key pattern '${key.id}' is not marked probeSafe; keyspec will not write there`);
        if (key.type !== 'hash') throw new ProbeUsageError(`${where}: '${key.id}' is a ${key.type}, not a hash`);
        trigger = {
          kind: 'hset',
          keyId: key.id,
          db: key.db,
          key: build(`${where}: key`, key.pattern, probe.params),
          field: tr.field.replace(/\{nonce\}/g, tokens.nonce),
          value: tr.value.replace(/\{nonce\}/g, tokens.nonce),
        };
      }
      plans.push({
        service: service.name,
        probe,
        id: `${service.name}.${probe.name}`,
        url,
        display: redactServiceUrl(url),
        trigger,
        timeoutMs: timeoutMs ?? probe.timeoutMs,
      });
    }
  }
  return plans;
}

// ---------------------------------------------------------------------------------------------
// Pure: judging frames

/** A heartbeat frame (`{"type":"ping"}`, `{"type":"pong"}`, any case): never the service's answer on its own. */
export function isHeartbeat(frame: unknown): boolean {
  if (frame === null || typeof frame !== 'object' || Array.isArray(frame)) return false;
  const type = (frame as Record<string, unknown>).type;
  return typeof type === 'string' && /^(ping|pong)$/i.test(type) && Object.keys(frame).length === 1;
}

/** Where two JSON values first differ (`$.data: expected "x", got "y"`), or undefined when equal. */
export function firstDifference(expected: unknown, actual: unknown, path = '$'): string | undefined {
  const show = (v: unknown): string => (v === undefined ? 'nothing' : truncate(JSON.stringify(v) ?? String(v), 120));
  if (expected === actual) return undefined;
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${path}: expected an array, got ${show(actual)}`;
    if (expected.length !== actual.length) return `${path}: expected ${expected.length} items, got ${actual.length}`;
    for (let i = 0; i < expected.length; i++) {
      const d = firstDifference(expected[i], actual[i], `${path}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return `${path}: expected an object, got ${show(actual)}`;
    const e = expected as Record<string, unknown>;
    const a = actual as Record<string, unknown>;
    for (const k of Object.keys(e)) {
      if (!(k in a)) return `${path}.${k}: missing (expected ${show(e[k])})`;
      const d = firstDifference(e[k], a[k], `${path}.${k}`);
      if (d) return d;
    }
    for (const k of Object.keys(a)) if (!(k in e)) return `${path}.${k}: unexpected (${show(a[k])})`;
    return undefined;
  }
  return `${path}: expected ${show(expected)}, got ${show(actual)}`;
}

const ajv = new Ajv2020({ allErrors: true, strict: false, allowUnionTypes: true });
const compiledSchemas = new WeakMap<object, ValidateFunction>();

function schemaProblem(schema: object | boolean, frame: unknown): string | undefined {
  if (schema === true) return undefined;
  if (schema === false) return 'the schema is `false`: no frame can match';
  let validate = compiledSchemas.get(schema);
  if (!validate) {
    validate = ajv.compile(schema as AnySchema);
    compiledSchemas.set(schema, validate);
  }
  if (validate(frame)) return undefined;
  return (validate.errors ?? [])
    .slice(0, 5)
    .map((e) => {
      const extra =
        e.keyword === 'additionalProperties'
          ? ` (${JSON.stringify((e.params as { additionalProperty?: string }).additionalProperty)})`
          : e.keyword === 'const' || e.keyword === 'enum'
            ? ` (${truncate(JSON.stringify((e.params as Record<string, unknown>).allowedValue ?? (e.params as Record<string, unknown>).allowedValues) ?? '', 80)})`
            : '';
      return `${jsonPath(e.instancePath)} ${e.message ?? 'is invalid'}${extra}`;
    })
    .join('; ');
}

/** A JSON pointer (`/checklist/wepp.nodb`) as a path (`$.checklist["wepp.nodb"]`). */
function jsonPath(pointer: string): string {
  if (!pointer) return '$';
  return (
    '$' +
    pointer
      .slice(1)
      .split('/')
      .map((seg) => seg.replace(/~1/g, '/').replace(/~0/g, '~'))
      .map((seg) => (/^[0-9]+$/.test(seg) ? `[${seg}]` : /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(seg) ? `.${seg}` : `[${JSON.stringify(seg)}]`))
      .join('')
  );
}

export type FrameJudgement = { ok: true } | { ok: false; reason: string };

/**
 * Judges one frame (parsed JSON, or the raw text when it is not JSON) against `expectFrame`: `equals`
 * is deep JSON equality after `{message}` is replaced by `message`; `schema` is JSON Schema 2020-12.
 * Both must hold when both are given.
 */
export function judgeFrame(expect: Probe['expect'], frame: unknown, message: string): FrameJudgement {
  if (expect.equals !== undefined) {
    const d = firstDifference(substituteMessage(expect.equals, message), frame);
    if (d) return { ok: false, reason: d };
  }
  if (expect.schema !== undefined) {
    const p = schemaProblem(expect.schema, frame);
    if (p) return { ok: false, reason: `not valid against the schema: ${p}` };
  }
  return { ok: true };
}

export type FramesVerdict =
  | { state: 'pass'; frame: unknown }
  /** Nothing but heartbeats (or nothing at all) after the trigger. */
  | { state: 'missing'; heartbeats: number }
  /** The service answered, but no frame matched: the last answer and why it failed. */
  | { state: 'mismatch'; frame: unknown; reason: string; answers: number };

/** Judges the frames received after the trigger. */
export function judgeFrames(expect: Probe['expect'], frames: readonly unknown[], message: string): FramesVerdict {
  for (const f of frames) if (judgeFrame(expect, f, message).ok) return { state: 'pass', frame: f };
  const answers = frames.filter((f) => !isHeartbeat(f));
  const last = answers.at(-1);
  if (answers.length === 0) return { state: 'missing', heartbeats: frames.length };
  const j = judgeFrame(expect, last, message);
  return { state: 'mismatch', frame: last, reason: j.ok ? 'no match' : j.reason, answers: answers.length };
}

/** What the expectation asks for, for a finding's `expected`. */
export function describeExpect(expect: Probe['expect'], message: string): string {
  const parts: string[] = [];
  if (expect.equals !== undefined) parts.push(truncate(JSON.stringify(substituteMessage(expect.equals, message)), 500));
  if (expect.schema !== undefined) parts.push(`a frame valid against the schema ${truncate(JSON.stringify(expect.schema), 400)}`);
  return parts.join(' and ');
}

export function showFrame(frame: unknown): string {
  return truncate(typeof frame === 'string' ? JSON.stringify(frame) : (JSON.stringify(frame) ?? String(frame)), 1000);
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

// ---------------------------------------------------------------------------------------------
// I/O: the WebSocket side

interface Received {
  at: number;
  value: unknown;
}

/** Frames of one socket, and a way to wait for the next one (or the close). */
class FrameBuffer {
  readonly frames: Received[] = [];
  private closedWith: { code: number; reason: string } | undefined;
  private waiters = new Set<() => void>();

  push(value: unknown): void {
    this.frames.push({ at: performance.now(), value });
    this.wake();
  }

  /** How the socket closed, if it did (a method, so that it is re-read after every await). */
  closed(): { code: number; reason: string } | undefined {
    return this.closedWith;
  }

  close(code: number, reason: string): void {
    this.closedWith ??= { code, reason };
    this.wake();
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }

  /** Resolves on the next frame or close, or at `until` (a performance.now() time). */
  wait(until: number): Promise<void> {
    if (this.closedWith) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, until - performance.now()));
      this.waiters.add(done);
    });
  }
}

function frameValue(data: RawData): unknown {
  const buf = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
  const text = buf.toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function openSocket(url: string, timeoutMs: number, frames: FrameBuffer): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    let ws: WebSocket;
    try {
      ws = new WebSocket(url, { handshakeTimeout: Math.max(timeoutMs, 100) });
    } catch (e) {
      reject(e as Error);
      return;
    }
    let opened = false;
    ws.on('message', (data: RawData) => frames.push(frameValue(data)));
    ws.on('close', (code: number, reason: Buffer) => frames.close(code, reason.toString()));
    ws.on('error', (e: Error) => {
      if (!opened) reject(e);
    });
    ws.once('open', () => {
      opened = true;
      resolve(ws);
    });
  });
}

async function closeSocket(ws: WebSocket | undefined, frames: FrameBuffer): Promise<void> {
  if (!ws || ws.readyState === WebSocket.CLOSED) return;
  const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
  try {
    ws.close(1000, 'keyspec probe done');
  } catch {
    ws.terminate();
  }
  const timer = setTimeout(() => ws.terminate(), 1000);
  await closed;
  clearTimeout(timer);
  frames.close(1000, 'closed by keyspec');
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// I/O: the Redis side

/** Creates the scratch hash only when the key does not exist (atomic where scripts are allowed). */
const CREATE_SCRATCH = `if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 1`;

async function createScratch(conn: Redis, key: string, field: string, value: string): Promise<'created' | 'exists'> {
  let r: unknown;
  try {
    r = await conn.eval(CREATE_SCRATCH, 1, key, field, value);
  } catch (e) {
    const msg = (e as Error).message;
    if (!/NOPERM|unknown command|scripts? (are )?(not allowed|disabled)|noscript/i.test(msg)) throw e;
    // Scripts refused: the same checks, not atomic.
    if ((await conn.exists(key)) > 0) return 'exists';
    await conn.hset(key, field, value);
    return 'created';
  }
  return Number(r) === 1 ? 'created' : 'exists';
}

// ---------------------------------------------------------------------------------------------
// runProbe

function failed(exitCode: 2 | 3, error: string, secrets: (string | undefined)[] = []): ProbeResult {
  return { findings: [], summary: { ...emptySummary(), probes: [] }, exitCode, error: redactText(error, secrets) };
}

interface ProbeContext {
  collector: Collector;
  conn(db: number): Promise<Redis>;
  settleMs: number;
  republishMs: number;
}

function add(
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
async function runOne(ctx: ProbeContext, plan: ProbePlan): Promise<ProbeSummary> {
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
  const conn = await ctx.conn(t.db ?? 0);
  const triggerText = t.kind === 'publish' ? `PUBLISH ${t.channel}` : `HSET ${t.key} ${t.field} (db ${t.db})`;

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
          await conn.publish(t.channel, t.message);
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

export async function runProbe(options: RunProbeOptions): Promise<ProbeResult> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  let spec: Spec;
  if (typeof options.spec === 'string') {
    const loaded = loadCheckedSpec(resolve(cwd, options.spec), options.host ?? nodeHost(cwd));
    if (!loaded.spec) return failed(CHECK_EXIT.usage, loaded.error ?? `cannot load ${options.spec}`);
    spec = loaded.spec;
  } else {
    spec = options.spec;
  }
  if (options.timeoutMs !== undefined && !(Number.isInteger(options.timeoutMs) && options.timeoutMs > 0))
    return failed(CHECK_EXIT.usage, `--timeout: expected a positive number of milliseconds, got ${options.timeoutMs}`);

  let targets: ServiceTarget[];
  let plans: ProbePlan[];
  const serviceSecrets: (string | undefined)[] = [];
  try {
    targets = options.services.map((s) => (typeof s === 'string' ? parseServiceArg(s) : s));
    for (const t of targets) serviceSecrets.push(servicePassword(t.url));
    plans = planProbes(spec, targets, newTokens(), options.timeoutMs);
  } catch (e) {
    if (e instanceof ProbeUsageError) return failed(CHECK_EXIT.usage, e.message, serviceSecrets);
    throw e;
  }

  const resolved = resolveRunTarget(spec, {
    ...(options.url ? { url: options.url } : {}),
    ...(options.connection ? { connection: options.connection } : {}),
    env,
  });
  if ('error' in resolved) return failed(CHECK_EXIT.usage, resolved.error, serviceSecrets);
  const target = resolved.target;
  const secrets = [target.password, ...serviceSecrets];
  const repro = reproducerFor(target);
  const collector = new Collector(compileSpec(spec, { env }), repro);

  const conns = new Map<number, Redis>();
  try {
    try {
      const main = await openConnection(target, 0);
      conns.set(0, main);
      await main.ping();
    } catch (e) {
      return failed(
        CHECK_EXIT.connect,
        e instanceof ConnectError ? e.message : `cannot connect to ${target.display}: ${(e as Error).message}`,
        secrets,
      );
    }
    const ctx: ProbeContext = {
      collector,
      settleMs: options.settleMs ?? 250,
      republishMs: Math.max(options.republishMs ?? 200, 10),
      async conn(db) {
        let c = conns.get(db);
        if (!c) {
          c = await openConnection(target, db);
          conns.set(db, c);
        }
        return c;
      },
    };
    const probes: ProbeSummary[] = [];
    for (const plan of plans) {
      let s: ProbeSummary;
      try {
        s = await runOne(ctx, plan);
      } catch (e) {
        // Redis failed outside a trigger (e.g. the connection dropped): the probe is incomplete.
        const msg = redactText((e as Error).message, secrets);
        add(
          ctx,
          plan,
          'check.error',
          `service '${plan.service}', probe '${plan.probe.name}' could not run: ${msg}`,
          'the probe run',
          msg,
          null,
        );
        s = { service: plan.service, probe: plan.probe.name, state: 'unverifiable', url: plan.display };
      }
      probes.push(s);
      options.onProbe?.(s);
    }
    const { report, exitCode } = buildReport({
      mode: 'probe',
      spec,
      target: { display: target.display, nodes: [`${target.host}:${target.port}`] },
      collector,
      startedAt,
      durationMs: performance.now() - started,
      probes,
      secrets,
    });
    return { findings: report.findings, summary: report.summary, exitCode, report };
  } finally {
    for (const c of conns.values()) c.disconnect();
  }
}
