/**
 * Model -> Python types: placeholders and value formats as Python type expressions (enums as `Literal`
 * aliases, integers, floats for epochs, booleans, JSON with its schema as a `TypedDict` where it is an
 * object of known properties, jsonpickle as text and pickles as bytes), and hashes as `TypedDict`s.
 */
import type { HashField, KeyPattern, PlaceholderType, Spec, ValueFormat } from '../../spec/index.ts';
import { closedValues, originId } from '../../spec/index.ts';
import type { ClientNames, KeyNames } from '../client/naming.ts';
import { call, docstring, firstParagraph, render, specLine, str, tupleOf, type Expr } from './py.ts';

/** Declarations the types need (JSON object schemas as TypedDicts), collected while typing. */
export class PyTypes {
  readonly declarations: string[] = [];
  private readonly claimed = new Set<string>();
  constructor(readonly names: ClientNames) {}

  placeholder(t: PlaceholderType): string {
    if (t.kind === 'enum') return this.names.enums.aliasFor(t.name, t.values ?? []);
    if (t.kind === 'integer') return 'int';
    return 'str';
  }

  format(f: ValueFormat, hint: string): string {
    switch (f.kind) {
      case 'integer':
        return 'int';
      case 'float':
      case 'epochSeconds':
      case 'epochMillis':
        return 'float';
      case 'boolean':
        return 'bool';
      case 'enum':
        return this.names.enums.aliasFor(hint, f.values);
      case 'type':
        return this.placeholder(f.type);
      case 'json':
        return f.schema === undefined ? 'object' : this.schema(f.schema, hint);
      case 'pickle':
      case 'bytes':
        return 'bytes';
      case 'ref':
        return this.format(f.format, hint);
      case 'encoded': {
        // `high * multiplier + low`: the typed value is a dict of its two parts.
        const name = this.claim(`${hint} parts`);
        const members = [f.high, f.low].map((p) => ({ name: p.name, type: this.format(p.format, `${hint} ${p.name}`), required: true }));
        this.declarations.push(typedDict(name, members, `The parts of ${hint} (${f.high.name} * ${f.multiplier} + ${f.low.name}).`));
        return name;
      }
      case 'anyOf': {
        const all = [...new Set(f.formats.map((x, i) => this.format(x, `${hint}${i + 1}`)))];
        // An int is a float to Python's type checkers.
        return union(all.includes('float') ? all.filter((x) => x !== 'int') : all);
      }
      default:
        return 'str';
    }
  }

  private schema(schema: unknown, hint: string): string {
    if (schema === true || schema === undefined) return 'object';
    if (schema === false) return 'NoReturn';
    const s = schema as Record<string, unknown>;
    const literals = (vs: unknown[]): string | undefined =>
      vs.every((v) => typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v)) || typeof v === 'boolean')
        ? `Literal[${vs.map((v) => (typeof v === 'string' ? str(v) : v === true ? 'True' : v === false ? 'False' : String(v))).join(', ')}]`
        : undefined;
    if (Array.isArray(s.enum)) return literals(s.enum) ?? 'object';
    if (s.const !== undefined) return literals([s.const]) ?? 'object';
    for (const k of ['anyOf', 'oneOf'] as const)
      if (Array.isArray(s[k])) return union((s[k] as unknown[]).map((x, i) => this.schema(x, `${hint} ${i + 1}`)));
    if (Array.isArray(s.type)) return union((s.type as unknown[]).map((t) => this.schema({ ...s, type: t }, hint)));
    switch (s.type) {
      case 'string':
        return 'str';
      case 'integer':
        return 'int';
      case 'number':
        return 'float';
      case 'boolean':
        return 'bool';
      case 'null':
        return 'None';
      case 'array':
        return `List[${this.schema(s.items, `${hint} item`)}]`;
      case 'object': {
        const props = (s.properties ?? {}) as Record<string, unknown>;
        if (Object.keys(props).length === 0 || s.additionalProperties !== false) return 'Dict[str, object]';
        const required = new Set((s.required ?? []) as string[]);
        const name = this.claim(hint);
        const members = Object.entries(props).map(([k, v]) => ({
          name: k,
          type: this.schema(v, `${hint} ${k}`),
          required: required.has(k),
          doc: (v as Record<string, unknown>).description as string | undefined,
        }));
        this.declarations.push(typedDict(name, members, `The JSON document of ${hint}.`));
        return name;
      }
      default:
        return 'object';
    }
  }

  /** Every name `values.py` declares (enum aliases and values, TypedDicts). */
  exportedNames(): string[] {
    const out = this.names.enums.all().flatMap((e) => [e.alias, e.valuesConst]);
    for (const d of this.declarations) for (const m of d.matchAll(/^(?:class (\w+)|(\w+) = )/gm)) out.push((m[1] ?? m[2])!);
    return [...new Set(out)].filter((n) => !n.startsWith('_')).sort();
  }

  private claim(hint: string): string {
    let name = hint
      .split(/[^A-Za-z0-9]+/)
      .filter(Boolean)
      .map((w) => w[0]!.toUpperCase() + w.slice(1))
      .join('');
    for (let i = 2; this.claimed.has(name); i++) name = `${name}${i}`;
    this.claimed.add(name);
    return name;
  }
}

function pascalWords(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

function union(members: string[]): string {
  const unique = [...new Set(members)];
  return unique.length === 1 ? unique[0]! : `Union[${unique.join(', ')}]`;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PY_KEYWORDS = new Set(['from', 'class', 'def', 'import', 'in', 'is', 'not', 'or', 'and', 'global', 'pass', 'return', 'type']);

interface Member {
  name: string;
  type: string;
  required: boolean;
  doc?: string;
}

/**
 * A TypedDict: class syntax with a required base when every name is an identifier, else the functional
 * form (every field optional, as a record read back from Redis may lack any of them).
 */
export function typedDict(name: string, members: Member[], doc: string): string {
  const classy = members.every((m) => IDENTIFIER.test(m.name) && !PY_KEYWORDS.has(m.name));
  const required = members.filter((m) => m.required);
  if (!classy || members.length === 0) {
    const body = members.map((m) => `        ${str(m.name)}: ${m.type},`).join('\n');
    return `${name} = TypedDict(\n    ${str(name)},\n    {\n${body}\n    },\n    total=False,\n)\n${docstring([doc], 0)}`;
  }
  const line = (m: Member): string => `    ${m.name}: ${m.type}\n${m.doc ? docstring([firstParagraph(m.doc)], 4) : ''}`;
  const optional = members.filter((m) => !m.required);
  if (required.length === 0) return `class ${name}(TypedDict, total=False):\n${docstring([doc], 4)}\n${optional.map(line).join('')}`;
  const base = `_${name}Required`;
  return [
    `class ${base}(TypedDict):\n${required.map(line).join('')}`,
    `class ${name}(${base}, total=False):\n${docstring([doc, `Required: ${required.map((m) => m.name).join(', ')}.`], 4)}${optional.length ? `\n${optional.map(line).join('')}` : '    pass\n'}`,
  ].join('\n\n');
}

/** The Python types of one key pattern: its value / member / score type, or its fields. */
export interface KeyPyTypes {
  value?: string;
  score?: string;
  /** Literal fields, with their types. */
  fields: { field: HashField; type: string }[];
  /** Field patterns, with their value types. */
  patterns: { field: HashField; type: string }[];
  /** The TypedDict of the literal fields (hashes and streams). */
  fieldsDict?: string;
  /** Every field optional: what a read returns. */
  partialDict?: string;
}

export function keyPyTypes(spec: Spec, types: PyTypes, k: KeyNames): KeyPyTypes {
  const { key } = k;
  const out: KeyPyTypes = { fields: [], patterns: [] };
  if (key.type === 'string') out.value = types.format(key.value ?? { kind: 'raw' }, `${k.base} value`);
  else if (key.type === 'hash' || key.type === 'stream') {
    for (const f of key.fields) {
      const hint = f.literal ? `${k.base} ${f.name}` : `${k.base} ${f.pattern.text}`;
      (f.literal ? out.fields : out.patterns).push({ field: f, type: types.format(f.value, hint) });
    }
    out.fieldsDict = `${k.base}Fields`;
    out.partialDict = `${k.base}PartialFields`;
    const members = (all: boolean): Member[] =>
      out.fields.map((f) => ({ name: f.field.name, type: f.type, required: all ? false : f.field.required, doc: f.field.description }));
    const where = `\`${key.pattern.text}\` (${specLine(spec, originId.key(key.id))})`;
    if (key.type === 'stream' && key.entryCases) {
      // Entries typed as a union discriminated by the deciding field (a Literal tag per case).
      const cases = key.entryCases;
      const decider = key.fields.find((f) => f.literal && f.name === cases.field);
      const closed = decider ? closedValues(decider.value) : undefined;
      const covered = new Set(cases.cases.flatMap((c) => c.values));
      const common = members(false).filter((m) => m.name !== cases.field);
      const tag = (values: string[]): Member => ({
        name: cases.field,
        type: `Literal[${values.map((v) => (decider?.value.kind === 'boolean' ? (v === decider.value.true ? 'True' : 'False') : str(v))).join(', ')}]`,
        required: decider?.required ?? false,
      });
      const seen = new Set(out.fields.map((f) => f.field.name));
      const extra: Member[] = [];
      const branches = cases.cases.map((c, i) => {
        const own = c.fields.map((f) => ({
          name: f.name,
          type: types.format(f.value, `${k.base} ${f.name}`),
          required: f.required,
          doc: f.description,
        }));
        for (const m of own) {
          if (seen.has(m.name)) continue;
          seen.add(m.name);
          extra.push({ ...m, required: false });
        }
        const name = `${k.base}${pascalWords(c.values.join(' ')) || `Case${i + 1}`}Entry`;
        types.declarations.push(
          typedDict(name, [tag(c.values), ...common, ...own], `An entry of ${where} whose ${cases.field} is ${c.values.join(' or ')}.`),
        );
        return name;
      });
      const rest = (closed ?? []).filter((v) => !covered.has(v));
      if (rest.length) {
        const name = `${k.base}OtherEntry`;
        types.declarations.push(
          typedDict(name, [tag(rest), ...common], `An entry of ${where} whose ${cases.field} is ${rest.join(' or ')}.`),
        );
        branches.push(name);
      }
      types.declarations.push(`${out.fieldsDict} = ${union(branches)}\n${docstring([`The entries of ${where}, by ${cases.field}.`], 0)}`);
      types.declarations.push(typedDict(out.partialDict, [...members(true), ...extra], `Some fields of ${where}, as a read returns them.`));
      return out;
    }
    types.declarations.push(typedDict(out.fieldsDict, members(false), `The fields of ${where}.`));
    types.declarations.push(typedDict(out.partialDict, members(true), `Some fields of ${where}, as a read returns them.`));
  } else if (key.type !== 'module') {
    out.value = types.format(key.member ?? { kind: 'raw' }, `${k.base} member`);
    if (key.type === 'zset') out.score = types.format(key.score ?? { kind: 'float' }, `${k.base} score`);
  }
  return out;
}

/** The `Literal` alias and the values tuple of every enum the naming pass named. */
export function enumDeclarations(names: ClientNames): string[] {
  return names.enums.all().map((e) => {
    const values = e.values.map(str);
    const alias = `${e.alias} = ${render(call('Literal', values).valueOf() as Expr, 0)}`.replace(
      /^(\w+) = Literal\(([\s\S]*)\)$/,
      '$1 = Literal[$2]',
    );
    const tupleText = render(tupleOf(values), `${e.valuesConst}: Tuple[${e.alias}, ...] = `.length);
    return `${alias}\n${e.valuesConst}: Tuple[${e.alias}, ...] = ${tupleText}\n`;
  });
}

export function keyOf(k: KeyNames): KeyPattern {
  return k.key;
}
