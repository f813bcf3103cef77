/** Judging the frames a service sent after the trigger against the probe's `expect` (pure). */
import { Ajv2020, type AnySchema, type ValidateFunction } from 'ajv/dist/2020.js';
import type { Probe } from '../../spec/index.ts';

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

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
