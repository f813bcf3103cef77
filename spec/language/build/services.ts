/**
 * Services: who reads and writes which keys and channels, and the probe contract `keyspec probe`
 * runs against a service (a trigger, and the WebSocket frame expected back).
 */
import { encodingType } from '../client-name.ts';
import type { ClientNameEncoding, Pattern, Probe, Service } from '../model.ts';
import { compilePattern } from '../pattern.ts';
import type { DataPath } from '../source.ts';
import { jsonSchemaProblem } from '../value-format.ts';
import { closestHint, type FileContext } from './builder.ts';
import type { RawProbe, RawService } from './raw.ts';
import { compileIn } from './typed-patterns.ts';

export function buildServices(ctx: FileContext): void {
  const { b, file, part, q, ns, scope } = ctx;
  (part.raw.services ?? []).forEach((rs, si) => {
    const spath = ['services', si];
    const { clientName, clientNamePattern, clientNameEncodings } = buildClientName(ctx, rs, spath);
    const s: Service = {
      name: q(rs.name),
      scripts: rs.scripts ?? false,
      actsAs: rs.actsAs ?? [],
      reads: (rs.reads ?? []).map(q),
      writes: (rs.writes ?? []).map(q),
      publishes: (rs.publishes ?? []).map(q),
      subscribes: (rs.subscribes ?? []).map(q),
      notes: rs.notes ?? [],
      ...(rs.kind !== undefined ? { kind: rs.kind } : {}),
      ...(rs.description !== undefined ? { description: rs.description } : {}),
      ...(rs.module !== undefined ? { module: rs.module } : {}),
      ...(rs.connection !== undefined ? { connection: rs.connection } : {}),
      ...(clientName !== undefined ? { clientName } : {}),
      ...(clientNamePattern ? { clientNamePattern } : {}),
      ...(clientNameEncodings?.length ? { clientNameEncodings } : {}),
      ...(ns ? { importedFrom: ns } : {}),
    };
    if (rs.contract) {
      const probes = (rs.contract.probes ?? []).map((rp, pi) => buildProbe(ctx, rp, [...spath, 'contract', 'probes', pi]));
      const ws =
        rs.contract.websocket !== undefined
          ? compileIn(b, rs.contract.websocket, scope, file, [...spath, 'contract', 'websocket'], 'template')
          : undefined;
      s.contract = { probes, ...(ws ? { websocket: ws } : {}) };
    }
    addServiceRefs(ctx, rs, spath);
    part.services.push({ service: b.place(s, file, spath), file, path: spath });
  });
}

/**
 * The client-name pattern; an encoded placeholder (`encode: { queue: base64 }`) matches the encoding's
 * alphabet, and its declared type judges the decoded text (KS234: an encoding of no placeholder).
 */
function buildClientName(
  ctx: FileContext,
  rs: RawService,
  spath: DataPath,
): { clientName?: string; clientNamePattern?: Pattern; clientNameEncodings?: ClientNameEncoding[] } {
  const { b, file, q, scope } = ctx;
  if (rs.clientName === undefined) return {};
  if (typeof rs.clientName === 'string') {
    const p = compileIn(b, rs.clientName, scope, file, [...spath, 'clientName'], 'template');
    return { clientName: rs.clientName, ...(p ? { clientNamePattern: p } : {}) };
  }
  const raw = rs.clientName;
  const cpath = [...spath, 'clientName'];
  const cscope = raw.where ? scope.child(raw.where, `${q(rs.name)}.clientName`, [...cpath, 'where']) : scope;
  const pattern = compileIn(b, raw.pattern, cscope, file, [...cpath, 'pattern'], 'template');
  if (!pattern) return { clientName: raw.pattern };
  const encodings: ClientNameEncoding[] = [];
  for (const [placeholder, encoding] of Object.entries(raw.encode ?? {})) {
    const part = pattern.parts.find((p) => p.kind === 'placeholder' && p.name === placeholder);
    if (!part || part.kind !== 'placeholder') {
      b.report(
        'KS234',
        file,
        [...cpath, 'encode', placeholder],
        `the client name '${raw.pattern}' has no placeholder {${placeholder}} to encode`,
        closestHint(placeholder, pattern.placeholders),
        'key',
      );
      continue;
    }
    encodings.push({ placeholder, encoding, type: part.type });
  }
  if (!encodings.length) return { clientName: raw.pattern, clientNamePattern: pattern };
  const encoded = new Map(encodings.map((e) => [e.placeholder, e.encoding]));
  const parts = pattern.parts.map((p) =>
    p.kind === 'placeholder' && encoded.has(p.name) ? { ...p, type: encodingType(encoded.get(p.name)!) } : p,
  );
  return { clientName: raw.pattern, clientNamePattern: compilePattern(raw.pattern, parts), clientNameEncodings: encodings };
}

function addServiceRefs(ctx: FileContext, rs: RawService, spath: DataPath): void {
  const { file, part, q } = ctx;
  (rs.actsAs ?? []).forEach((a, i) => part.refs.push({ kind: 'service', name: a, file, path: [...spath, 'actsAs', i] }));
  for (const prop of ['reads', 'writes'] as const)
    (rs[prop] ?? []).forEach((k, i) => part.refs.push({ kind: 'key', name: q(k), file, path: [...spath, prop, i] }));
  for (const prop of ['publishes', 'subscribes'] as const)
    (rs[prop] ?? []).forEach((c, i) => part.refs.push({ kind: 'channel', name: q(c), file, path: [...spath, prop, i] }));
  if (rs.connection !== undefined) part.refs.push({ kind: 'connection', name: rs.connection, file, path: [...spath, 'connection'] });
}

function buildProbe(ctx: FileContext, rp: RawProbe, ppath: DataPath): Probe {
  const { b, file, q } = ctx;
  const str = (o: Record<string, string | number> | undefined): Record<string, string> =>
    Object.fromEntries(Object.entries(o ?? {}).map(([k, v]) => [k, String(v)]));
  let trigger: Probe['trigger'];
  if ((rp.publish === undefined) === (rp.hset === undefined)) {
    b.report(rp.publish ? 'KS010' : 'KS012', file, ppath, `probe '${rp.name}' needs exactly one trigger: \`publish:\` or \`hset:\``);
    trigger = { kind: 'hset', key: '', field: '', value: '' };
  } else if (rp.publish) {
    trigger = {
      kind: 'publish',
      channel: q(rp.publish.channel),
      message: rp.publish.message,
      params: str(rp.publish.params),
      ...(rp.publish.text !== undefined ? { text: rp.publish.text } : {}),
    };
  } else {
    trigger = { kind: 'hset', key: q(rp.hset!.key), field: rp.hset!.field, value: rp.hset!.value };
  }
  if (rp.expectFrame.equals === undefined && rp.expectFrame.schema === undefined) {
    b.report('KS012', file, [...ppath, 'expectFrame'], `probe '${rp.name}' needs \`equals:\` or \`schema:\` under expectFrame`);
  }
  if (rp.expectFrame.schema !== undefined) {
    const problem = jsonSchemaProblem(rp.expectFrame.schema);
    if (problem) b.report('KS181', file, [...ppath, 'expectFrame', 'schema', ...problem.path], problem.message);
  }
  const probe: Probe = {
    name: rp.name,
    params: str(rp.params),
    trigger,
    expect: {
      ...(rp.expectFrame.equals !== undefined ? { equals: rp.expectFrame.equals } : {}),
      ...(rp.expectFrame.schema !== undefined ? { schema: rp.expectFrame.schema } : {}),
    },
    timeoutMs: rp.timeoutMs ?? 3000,
    ...(rp.description !== undefined ? { description: rp.description } : {}),
  };
  b.probeSites.set(probe, { file, path: ppath });
  return b.place(probe, file, ppath);
}
