/**
 * Channels: a pub/sub channel pattern and the message formats published on it. Channels are
 * server-wide; a channel declared under a database keeps that database as its connection's DB.
 */
import type { Channel, MessageFormat } from '../model.ts';
import { testPattern } from '../pattern.ts';
import { backtrackingProblem } from '../placeholder-types.ts';
import { mismatch } from '../pattern-mismatch.ts';
import type { DataPath } from '../source.ts';
import { judgeValue, parseFormat, type FormatProblem } from '../value-format.ts';
import type { FileContext } from './builder.ts';
import type { RawChannel } from './raw.ts';
import { compileIn, formatContext } from './typed-patterns.ts';
import { checkDuplicates } from './uniqueness.ts';

/** Top-level channels. */
export function buildChannels(ctx: FileContext): void {
  (ctx.part.raw.channels ?? []).forEach((rc, ci) => {
    const ch = buildChannel(ctx, rc, ['channels', ci]);
    if (ch) ctx.part.channels.push({ channel: ch, file: ctx.file, path: ['channels', ci] });
  });
}

export function buildChannel(ctx: FileContext, rc: RawChannel, path: DataPath): Channel | undefined {
  const { b, file, part, q, ns } = ctx;
  const cscope = rc.where ? ctx.scope.child(rc.where, q(rc.name), [...path, 'where']) : ctx.scope;
  const pattern = compileIn(b, rc.pattern, cscope, file, [...path, 'pattern'], 'channel');
  if (!pattern) return undefined;
  const messages: MessageFormat[] = [];
  (rc.messages ?? []).forEach((rm, mi) => {
    const mpath = [...path, 'messages', mi];
    const kinds = (['template', 'json', 'text', 'regex'] as const).filter((k) => rm[k] !== undefined);
    if (kinds.length !== 1) {
      b.report(
        kinds.length === 0 ? 'KS012' : 'KS010',
        file,
        mpath,
        kinds.length === 0
          ? `message '${rm.name}' needs one of template, json, text, regex`
          : `message '${rm.name}' has ${kinds.join(' and ')}; give exactly one`,
      );
      return;
    }
    const mscope = rm.where ? cscope.child(rm.where, `${q(rc.name)}.${rm.name}`, [...mpath, 'where']) : cscope;
    const k = kinds[0]!;
    let rawFormat: unknown;
    if (k === 'template') rawFormat = { template: rm.template };
    else if (k === 'json') rawFormat = rm.json === true ? 'json' : { json: rm.json };
    else if (k === 'text') rawFormat = 'text';
    else rawFormat = { regex: rm.regex };
    const fpath = k === 'template' || k === 'regex' ? mpath : mpath;
    const problems: FormatProblem[] = [];
    const format = parseFormat(rawFormat, formatContext(b, mscope, file, mpath), problems);
    for (const p of problems) b.report(p.rule, file, [...fpath, ...(p.path.length ? p.path.filter((x) => x !== '') : [k])], p.message);
    const slow = k === 'regex' && problems.length === 0 ? backtrackingProblem(String(rm.regex)) : undefined;
    if (slow) b.report('KS119', file, [...mpath, 'regex'], `message '${rm.name}': ${slow.message}`, slow.hint);
    const written = (rm.examples ?? []).map(String);
    const examples =
      problems.length === 0 && !slow
        ? b.judgeExamples(written, file, mpath, (ex) => {
            const why = judgeValue(format, Buffer.from(ex));
            return why ? `example message does not fit '${rm.name}': ${why}` : undefined;
          })
        : written;
    const message: MessageFormat = {
      name: rm.name,
      format,
      examples,
      ...(rm.description !== undefined ? { description: rm.description } : {}),
    };
    messages.push(b.place(message, file, mpath));
  });
  checkDuplicates(
    b,
    messages.map((m, i) => ({ name: m.name, path: [...path, 'messages', i] })),
    file,
    'message',
  );
  for (const prop of ['publishers', 'subscribers'] as const) {
    (rc[prop] ?? []).forEach((s, i) => part.refs.push({ kind: 'service', name: q(s), file, path: [...path, prop, i] }));
  }
  const examples = b.judgeExamples((rc.examples ?? []).map(String), file, path, (ex) =>
    testPattern(pattern, ex) ? undefined : mismatch(`example '${ex}' does not match channel pattern '${pattern.text}'`, pattern, ex),
  );
  if (rc.sharded && pattern.placeholders.length > 0 && (rc.examples ?? []).length === 0)
    b.report(
      'KS151',
      file,
      [...path, 'sharded'],
      `channel '${rc.name}' is sharded and its pattern has placeholders, but it lists no examples: SSUBSCRIBE has no pattern form, so keyspec observe cannot hear it`,
    );
  const channel: Channel = {
    name: q(rc.name),
    pattern,
    messages,
    publishers: (rc.publishers ?? []).map(q),
    subscribers: (rc.subscribers ?? []).map(q),
    requireSubscribers: rc.requireSubscribers ?? false,
    sharded: rc.sharded ?? false,
    examples,
    shadows: (rc.shadows ?? []).map(q),
    probeSafe: rc.probeSafe ?? false,
    notes: rc.notes ?? [],
    ...(rc.connectionDb !== undefined ? { connectionDb: rc.connectionDb } : {}),
    ...(rc.description !== undefined ? { description: rc.description } : {}),
    ...(ns ? { importedFrom: ns } : {}),
  };
  return b.place(channel, file, path);
}
