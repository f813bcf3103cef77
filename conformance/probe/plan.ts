/**
 * Planning the probes (pure): which service URL, which trigger (a PUBLISH on a probe-safe channel or an
 * HSET of a probe-safe hash) with the scratch params and tokens filled in.
 */
import { randomBytes } from 'node:crypto';
import {
  buildFromPattern,
  PatternParamError,
  type Channel,
  type KeyPattern,
  type Probe,
  type Service,
  type Spec,
} from '../../spec/index.ts';
import { encodePath, normalizeServiceUrl, ProbeUsageError, redactServiceUrl, type ServiceTarget } from './services.ts';

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

/** The trigger of one probe, fully resolved (channel or key built from the scratch params). */
export type PlannedTrigger =
  /** `sharded`: a sharded channel, published with SPUBLISH (on a cluster, at the master owning its slot). */
  | { kind: 'publish'; channelName: string; db: number | null; channel: string; message: string; sharded?: true }
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
  if (t.kind === 'publish') return [t.sharded ? 'SPUBLISH' : 'PUBLISH', t.channel, t.message];
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
        trigger = {
          kind: 'publish',
          channelName: channel.name,
          db: channel.connectionDb ?? null,
          channel: name,
          message,
          ...(channel.sharded ? { sharded: true as const } : {}),
        };
      } else {
        const key = findKey(spec, tr.key);
        if (!key) throw new ProbeUsageError(`${where}: no key pattern '${tr.key}'`);
        if (!key.probeSafe)
          throw new ProbeUsageError(`${where}: key pattern '${key.id}' is not marked probeSafe; keyspec will not write there`);
        if (key.type !== 'hash') throw new ProbeUsageError(`${where}: '${key.id}' is a ${key.type}, not a hash`);
        // A prefixed deployment (deployment.databases): the key is in DB 0 under its database's prefix.
        const place = spec.deployment?.databases === 'prefixed' ? spec.deployment.placements.find((x) => x.db === key.db) : undefined;
        trigger = {
          kind: 'hset',
          keyId: key.id,
          db: place?.select ?? key.db,
          key: (place?.prefix ?? '') + build(`${where}: key`, key.pattern, probe.params),
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
