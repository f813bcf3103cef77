/**
 * The generated `descriptors.py`: the keyspace as plain data the Python runtime interprets (placeholders,
 * codecs, TTL policies, fields, channels, connections), built from the same descriptor values as the
 * TypeScript client's `descriptors.ts` (client/descriptor-values.ts), so both clients judge values alike.
 */
import type { HashField, Pattern, PlaceholderType, Spec } from '../../spec/index.ts';
import { fieldRef, matchOrder, originId } from '../../spec/index.ts';
import { enumRegex } from '../../spec/language/placeholder-types.ts';
import { databasesCode, envDefaultsCode } from '../client/connections.ts';
import { codecCode, placeholderCode, ttlCode, type Code } from '../client/descriptor-values.ts';
import type { ClientNames } from '../client/naming.ts';
import { call, docstring, firstParagraph, pyJson, render, specLine, str, tupleOf, type Expr } from './py.ts';

type Obj = { [k: string]: Code | undefined };

const num = (v: Code | undefined): string | undefined => (typeof v === 'number' ? String(v) : undefined);
const text = (v: Code | undefined): string | undefined => (typeof v === 'string' ? str(v) : undefined);
const strings = (v: Code | undefined): Expr | undefined => (Array.isArray(v) ? tupleOf(v.map((x) => str(String(x)))) : undefined);

/** A placeholder descriptor value as a `Placeholder(...)` call. */
export function placeholderExpr(code: Code): Expr {
  const p = code as Obj;
  return call('Placeholder', {
    name: text(p.name),
    kind: text(p.kind),
    regex: text(p.regex),
    values: strings(p.values),
    min: num(p.min),
    max: num(p.max),
  });
}

/** Pattern parts: literal text, placeholders by the name of their constant. */
export function partsExpr(p: Pattern, placeholder: (name: string, t: PlaceholderType) => string): Expr {
  return tupleOf(p.parts.map((x) => (x.kind === 'literal' ? str(x.text) : placeholder(x.name, x.type))));
}

export function codecExpr(code: Code): Expr {
  const c = code as Obj;
  const jsonpickle = c.jsonpickle as Obj | undefined;
  return call('Codec', {
    kind: text(c.kind),
    format: text(c.format),
    regex: text(c.regex),
    iso_datetime: c.isoDatetime ? 'True' : undefined,
    template: Array.isArray(c.template) ? tupleOf(c.template.map((x) => (typeof x === 'string' ? str(x) : placeholderExpr(x)))) : undefined,
    jsonpickle: jsonpickle ? 'True' : undefined,
    py_object: jsonpickle ? text(jsonpickle.pyObject) : undefined,
    min: num(c.min),
    max: num(c.max),
    true: c.kind === 'boolean' ? text(c.true) : undefined,
    false: c.kind === 'boolean' ? text(c.false) : undefined,
    values: strings(c.values),
    schema: c.schema !== undefined ? pyJson(c.schema) : undefined,
    magic: text(c.magic),
    of: Array.isArray(c.of) ? tupleOf(c.of.map(codecExpr)) : undefined,
    multiplier: num(c.multiplier),
    high: c.kind === 'encoded' ? encodedPartExpr(c.high as Obj) : undefined,
    low: c.kind === 'encoded' ? encodedPartExpr(c.low as Obj) : undefined,
  });
}

function encodedPartExpr(p: Obj): Expr {
  return call('EncodedPart', { name: text(p.name), codec: codecExpr(p.codec as Code) });
}

export function ttlExpr(code: Code): Expr {
  const t = code as Obj;
  return call('Ttl', {
    kind: text(t.kind),
    seconds: num(t.seconds),
    min: t.kind === 'bounded' ? num(t.min) : undefined,
    max: num(t.max),
    optional: t.optional === true ? 'True' : undefined,
    refresh: t.refresh === 'read' ? text(t.refresh) : undefined,
    env: text(t.env),
    field: text(t.field),
    cases: Array.isArray(t.cases)
      ? tupleOf(t.cases.map((c) => call('TtlCase', { values: strings((c as Obj).values), ttl: ttlExpr((c as Obj).ttl as Code) })))
      : undefined,
    default: t.default !== undefined ? ttlExpr(t.default) : undefined,
  });
}

function connectionExpr(code: Code | undefined): Expr | undefined {
  if (code === undefined) return undefined;
  const c = code as Obj;
  const db = c.db as Obj | undefined;
  return call('ConnectionDesc', {
    name: text(c.name),
    url: strings(c.url),
    host: text(c.host),
    port: text(c.port),
    password_file: text(c.passwordFile),
    password: text(c.password),
    db: db ? call('DbEnv', { env: text(db.env), default: num(db.default) }) : undefined,
  });
}

function constant(name: string, type: string, value: Expr, doc?: string): string {
  const head = `${name}: ${type} = `;
  return `${head}${render(value, 0, head.length)}\n${doc ? docstring([doc], 0) : ''}`;
}

export function emitDescriptors(spec: Spec, names: ClientNames): string {
  const placeholder = (name: string, t: PlaceholderType): string => names.placeholder(name, t);
  const parts = (p: Pattern): Expr => partsExpr(p, placeholder);
  const fieldExpr = (f: HashField): Expr =>
    call('FieldDesc', { parts: parts(f.pattern), codec: codecExpr(codecCode(f.value)), ttl: f.ttl ? ttlExpr(ttlCode(f.ttl)) : undefined });
  const out: string[] = [];
  for (const p of names.placeholderConsts()) {
    const what = firstParagraph(p.type.description) ?? `a ${p.type.name}`;
    out.push(constant(p.constant, 'Placeholder', placeholderExpr(placeholderCode(p.name, p.type, enumRegex)), `\`{${p.name}}\`: ${what}`));
  }
  for (const k of names.keys) {
    const { key } = k;
    for (const f of k.fieldPatterns)
      out.push(constant(f.descriptor, 'FieldDesc', fieldExpr(f.field), `Field \`${f.field.pattern.text}\` of \`${key.pattern.text}\`.`));
    const args: Record<string, Expr | undefined> = {
      id: str(key.id),
      db: String(k.db.index),
      type: str(key.type),
      logical: key.logical ? str(key.logical) : undefined,
      parts: parts(key.pattern),
      ttl: ttlExpr(ttlCode(key.ttl)),
    };
    if (key.type === 'string') args.value = codecExpr(codecCode(key.value ?? { kind: 'raw' }));
    else if (key.type === 'hash' || key.type === 'stream') {
      const fields: Expr[] = matchOrder(key.fields, fieldRef).map((f) => {
        const named = k.fieldPatterns.find((x) => x.field === f);
        return named ? named.descriptor : fieldExpr(f);
      });
      // A stream's entry-case fields, each name once (the first case's format where two cases share a name).
      if (key.type === 'stream' && key.entryCases) {
        const seen = new Set(key.fields.map((f) => f.name));
        for (const c of key.entryCases.cases)
          for (const f of c.fields) {
            if (seen.has(f.name)) continue;
            seen.add(f.name);
            fields.push(fieldExpr(f));
          }
      }
      args.fields = tupleOf(fields);
      const required = key.fields.filter((f) => f.literal && f.required).map((f) => f.name);
      if (required.length) args.required = strings(required);
    } else if (key.type !== 'module') {
      args.member = codecExpr(codecCode(key.member ?? { kind: 'raw' }));
      if (key.type === 'zset') args.score = codecExpr(codecCode(key.score ?? { kind: 'float' }));
    }
    out.push(
      constant(
        k.descriptor,
        'KeyDesc',
        call('KeyDesc', args),
        `\`${key.pattern.text}\` (${key.id}), ${specLine(spec, originId.key(key.id))}.`,
      ),
    );
  }
  for (const c of names.channels) {
    const { channel } = c;
    const messages = channel.messages.map((m): Expr => {
      if (m.format.kind === 'template')
        return call('MessageDesc', { name: str(m.name), kind: str('template'), parts: parts(m.format.pattern) });
      if (m.format.kind === 'json') {
        const codec = codecCode(m.format) as Obj;
        return call('MessageDesc', {
          name: str(m.name),
          kind: str('json'),
          codec: codec.schema === undefined ? undefined : codecExpr(codec),
        });
      }
      if (m.format.kind === 'regex') return call('MessageDesc', { name: str(m.name), kind: str('regex'), regex: str(m.format.regex) });
      const plain = m.format.kind === 'raw' || m.format.kind === 'text';
      return call('MessageDesc', { name: str(m.name), kind: str('text'), codec: plain ? undefined : codecExpr(codecCode(m.format)) });
    });
    out.push(
      constant(
        c.descriptor,
        'ChannelDesc',
        call('ChannelDesc', {
          name: str(channel.name),
          parts: parts(channel.pattern),
          messages: tupleOf(messages),
          sharded: channel.sharded ? 'True' : undefined,
        }),
        `Channel \`${channel.pattern.text}\`, ${specLine(spec, originId.channel(channel.name))}.`,
      ),
    );
  }
  const dbs = databasesCode(spec) as Record<string, Obj>;
  const dbEntries = Object.entries(dbs).map(
    ([name, d]) =>
      `    ${str(name)}: ${render(call('DatabaseDesc', { index: num(d.index), connection: connectionExpr(d.connection) }), 4, 1)},`,
  );
  out.push(
    `DATABASES: Dict[str, DatabaseDesc] = {\n${dbEntries.join('\n')}\n}\n${docstring(['Each database by name: its index and the connection it is reached through.'], 0)}`,
  );
  const env = (envDefaultsCode(spec) as Obj[]).map((e) => call('EnvDefault', { name: text(e.name), default: text(e.default) }));
  out.push(constant('ENV_DEFAULTS', 'Tuple[EnvDefault, ...]', tupleOf(env), 'Defaults of the env vars the spec declares.'));
  const body = out.join('\n');
  const classes = [
    'ChannelDesc',
    'Codec',
    'ConnectionDesc',
    'DatabaseDesc',
    'DbEnv',
    'EncodedPart',
    'EnvDefault',
    'FieldDesc',
    'KeyDesc',
    'MessageDesc',
    'Placeholder',
    'Ttl',
    'TtlCase',
  ];
  const used = classes.filter((c) => new RegExp(`\\b${c}\\b`).test(body));
  return [
    '"""The keyspace as data: placeholders, key patterns (codecs, TTL policies, fields), channels and connections."""\n',
    'from __future__ import annotations\n',
    'from typing import Dict, Tuple\n',
    `from ._runtime.descriptors import (\n${used.map((c) => `    ${c},\n`).join('')})\n`,
    body,
  ].join('\n');
}
