/**
 * Type resolution: a placeholder's type is looked up in the owner's `where:`, then the file's `types:`,
 * then the imported libraries' types (by namespaced name, `rq.jobId`), then the built-ins. Named types
 * are built on first use, so a type defined in terms of itself is reported once.
 */
import type { PlaceholderType } from '../model.ts';
import {
  backtrackingProblem,
  BUILTIN_TYPES,
  enumRegex,
  integerRegex,
  matchesType,
  regexProblem,
  TYPE_KIND_KEYS,
  type RawNamedType,
} from '../placeholder-types.ts';
import type { DataPath, SourceFile } from '../source.ts';
import { exceptRegex } from '../except-words.ts';
import { closestHint, type Builder } from './builder.ts';

export class TypeScope {
  private readonly resolved = new Map<string, PlaceholderType | null>();
  private readonly resolving = new Set<string>();

  constructor(
    private readonly b: Builder,
    private readonly file: SourceFile,
    private readonly raw: Record<string, RawNamedType>,
    private readonly q: (n: string) => string,
    private readonly used: Set<string>,
    private readonly parent?: TypeScope,
    private readonly basePath: DataPath = ['types'],
    private readonly owner?: string,
    private readonly imported: ReadonlyMap<string, PlaceholderType> = new Map(),
    /**
     * Report `except:` words the type never matches (KS126)? Not where an importer's params shaped the
     * type (a narrower job-id regex makes a structural word redundant, not wrong): the library's own
     * validation judges them with its defaults.
     */
    private readonly judgeExcept = true,
  ) {
    for (const name of Object.keys(raw)) this.resolve(name, false);
  }

  child(where: Record<string, RawNamedType>, owner: string, path: DataPath): TypeScope {
    return new TypeScope(this.b, this.file, where, this.q, new Set(), this, path, owner, undefined, this.judgeExcept);
  }

  all(): PlaceholderType[] {
    return [...this.resolved.values()].filter((t): t is PlaceholderType => t !== null);
  }

  /** Every type name visible here (for did-you-mean hints). */
  visibleNames(): string[] {
    return [
      ...new Set([
        ...Object.keys(this.raw),
        ...(this.parent ? this.parent.visibleNames() : [...this.imported.keys(), ...Object.keys(BUILTIN_TYPES)]),
      ]),
    ];
  }

  /** Is a type of this name declared (in this scope, a parent, imports or built-ins), even if broken? */
  isDeclared(name: string): boolean {
    if (Object.hasOwn(this.raw, name)) return true;
    if (this.parent) return this.parent.isDeclared(name);
    return this.imported.has(name) || name in BUILTIN_TYPES || this.b.wasRemoved(name);
  }

  resolve(name: string, markUsed = true): PlaceholderType | undefined {
    if (Object.hasOwn(this.raw, name)) {
      if (markUsed) this.used.add(name);
      return this.define(name);
    }
    if (this.parent) return this.parent.resolve(name, markUsed);
    return this.imported.get(name) ?? BUILTIN_TYPES[name];
  }

  private define(name: string): PlaceholderType | undefined {
    const cached = this.resolved.get(name);
    if (cached !== undefined) return cached ?? undefined;
    if (this.resolving.has(name)) {
      this.b.report('KS110', this.file, [...this.basePath, name, 'type'], `type '${name}' is defined in terms of itself`);
      this.resolved.set(name, null);
      return undefined;
    }
    this.resolving.add(name);
    const t = this.build(name, this.raw[name]!);
    this.resolving.delete(name);
    this.resolved.set(name, t ?? null);
    return t;
  }

  private build(name: string, r: RawNamedType): PlaceholderType | undefined {
    const path = [...this.basePath, name];
    const kinds = TYPE_KIND_KEYS.filter((k) => r[k] !== undefined);
    const fullName = this.owner ? `${this.owner}.${name}` : this.q(name);
    if (kinds.length !== 1) {
      this.b.report(
        kinds.length === 0 ? 'KS012' : 'KS010',
        this.file,
        path,
        kinds.length === 0
          ? `type '${name}' needs one of ${TYPE_KIND_KEYS.join(', ')}`
          : `type '${name}' has ${kinds.join(' and ')}; give exactly one`,
        undefined,
        'key',
      );
      return undefined;
    }
    const kind = kinds[0]!;
    const base = {
      name: fullName,
      examples: (r.examples ?? []).map(String),
      ...(r.description !== undefined ? { description: r.description } : {}),
    };
    let t: PlaceholderType | undefined;
    switch (kind) {
      case 'regex': {
        const problem = regexProblem(r.regex!);
        if (problem) {
          this.b.report('KS114', this.file, [...path, 'regex'], `invalid regex for type '${name}': ${problem}`);
          return undefined;
        }
        const slow = backtrackingProblem(r.regex!);
        if (slow) {
          this.b.report('KS119', this.file, [...path, 'regex'], `type '${name}': ${slow.message}`, slow.hint);
          return undefined;
        }
        t = { ...base, kind: 'regex', regex: r.regex! };
        break;
      }
      case 'enum': {
        const values = (Array.isArray(r.enum) ? r.enum : []).map(String);
        if (values.length === 0) {
          this.b.report('KS117', this.file, [...path, 'enum'], `enum type '${name}' has no values`);
          return undefined;
        }
        t = { ...base, kind: 'enum', regex: enumRegex(values), values };
        break;
      }
      case 'integer': {
        const { min, max } = r.integer ?? {};
        if (min !== undefined && max !== undefined && min > max) {
          this.b.report('KS010', this.file, [...path, 'integer'], `min ${min} is greater than max ${max}`);
        }
        t = {
          ...base,
          kind: 'integer',
          regex: integerRegex(min, max),
          ...(min !== undefined ? { min } : {}),
          ...(max !== undefined ? { max } : {}),
        };
        break;
      }
      case 'type': {
        const target = r.type!;
        const other = target === name && this.parent ? this.parent.resolve(target) : this.resolve(target);
        if (!other) {
          const declared = target === name && this.parent ? this.parent.isDeclared(target) : this.isDeclared(target);
          if (!declared)
            this.b.report(
              'KS110',
              this.file,
              [...path, 'type'],
              `type '${name}' refers to undefined type '${target}'`,
              closestHint(
                target,
                this.visibleNames().filter((n) => n !== name),
              ),
            );
          return undefined;
        }
        t = { ...other, ...base, examples: base.examples.length ? base.examples : other.examples };
        break;
      }
      default: {
        const b = BUILTIN_TYPES[kind]!;
        t = { ...b, ...base, kind: b.kind, regex: b.regex, examples: base.examples.length ? base.examples : b.examples };
      }
    }
    if (r.except !== undefined) t = this.withExcept(name, t, r.except.map(String), path);
    const judged = t;
    t = {
      ...t,
      examples: this.b.judgeExamples(t.examples, this.file, path, (ex) =>
        matchesType(judged, ex) ? undefined : `example '${ex}' is not a valid ${name}`,
      ),
    };
    this.b.place(t, this.file, path);
    return t;
  }

  /** The type minus its `except:` words (KS126: a word it never matches; KS127: a word listed twice). */
  private withExcept(name: string, t: PlaceholderType, words: string[], path: DataPath): PlaceholderType {
    const kept: string[] = [];
    words.forEach((w, i) => {
      if (kept.includes(w)) {
        this.b.report('KS127', this.file, [...path, 'except', i], `type '${name}' lists '${w}' in \`except\` twice`);
      } else if (!matchesType(t, w)) {
        if (this.judgeExcept)
          this.b.report('KS126', this.file, [...path, 'except', i], `type '${name}' never matches '${w}', so \`except\` cannot exclude it`);
      } else kept.push(w);
    });
    if (kept.length === 0) return t;
    if (t.kind === 'enum') {
      const values = (t.values ?? []).filter((v) => !kept.includes(v));
      return { ...t, values, regex: enumRegex(values), except: kept };
    }
    let regex: string;
    try {
      regex = exceptRegex(t.regex, kept);
    } catch (e) {
      this.b.report(
        'KS114',
        this.file,
        [...path, 'except'],
        `type '${name}': its regex minus the \`except\` words is too large to write out (${(e as Error).message})`,
        'Write the type as one character class repeated (e.g. [^:]+), for which the difference stays small.',
      );
      return t;
    }
    return { ...t, regex, except: [...(t.except ?? []), ...kept], exceptFrom: t.exceptFrom ?? t.regex };
  }
}
