/**
 * The builder's shared state: the host it reads files through, the diagnostics it collects, and what
 * one file (with its imports) contributes before everything is merged. All of it is builder-private:
 * nothing here ends up in the model.
 */
import { makeDiagnostic, type Diagnostic, type RuleId, type SourcePos } from '../diagnostics.ts';
import type { Channel, Database, KeyPattern, NotificationConsumer, PlaceholderType, Probe, Service, Spec } from '../model.ts';
import { closest } from '../schema-check.ts';
import type { DataPath, SourceFile } from '../source.ts';
import type { RawSpec } from './raw.ts';
import type { TypeScope } from './type-scope.ts';

/** Where spec files come from: the only I/O the loader needs. */
export interface SpecHost {
  /** The file's text, or undefined if it cannot be read. */
  readFile(path: string): string | undefined;
  /**
   * Optional, preferred over readFile where present: the text, or why there is none (not a regular file,
   * too large, not UTF-8), with the position of the problem where it has one.
   */
  read?(path: string): { text: string } | { error: string; line?: number; column?: number };
  /** Resolves an import path relative to the importing file. */
  resolve(fromFile: string, spec: string): string;
  /** How to show a path in diagnostics (e.g. relative to the working directory). */
  display?(path: string): string;
}

/** How far a long stage of loading has got (today: the overlap check of a set of patterns). */
export interface LoadProgress {
  stage: 'overlaps';
  /** What is compared: 'keys', 'hash fields', 'channels'. */
  what: string;
  /** How many patterns are compared. */
  patterns: number;
  /** Candidate pairs intersected so far, of `total`. */
  done: number;
  /** Candidate pairs: the pairs the overlap index could not rule out. */
  total: number;
  /** Every pair of the patterns (what comparing all pairs would take). */
  allPairs: number;
}

export interface LoadOptions {
  /** Called as long stages advance (a few hundred times at most per stage); nothing is printed without it. */
  onProgress?: (progress: LoadProgress) => void;
}

export interface LoadResult {
  /** The model, when the entry file could be built (it may still carry warnings or errors). */
  spec?: Spec;
  diagnostics: Diagnostic[];
  /** Text of every file read, by the name diagnostics use (for code frames). */
  sources: Record<string, string>;
}

/** A node of a spec file: where to report problems about a model object. */
export interface Site {
  file: SourceFile;
  path: DataPath;
}

/** A name used somewhere, checked once everything is merged. */
export interface Ref extends Site {
  kind: 'service' | 'key' | 'channel' | 'connection' | 'env';
  name: string;
}

/** A notification consumer before its database is resolved. */
export interface PendingNotification extends Site {
  n: Omit<NotificationConsumer, 'db'>;
  /** The database as written: index, name or alias. */
  dbRef: number | string;
  keyRef?: string;
}

/** What one file (and its imports) contributes, names already namespaced. */
export interface FilePart {
  kind: 'application' | 'library';
  file: SourceFile;
  raw: RawSpec;
  types: PlaceholderType[];
  databases: Database[];
  /** Where each key of `databases` is reported in this file (its node, or the import that bound it). */
  keyPaths: Map<KeyPattern, DataPath>;
  /** Library keys not yet bound to a database. */
  unboundKeys: ({ key: KeyPattern } & Site)[];
  channels: ({ channel: Channel } & Site)[];
  notifications: PendingNotification[];
  services: ({ service: Service } & Site)[];
  /** References to check once everything is merged. */
  refs: Ref[];
}

/** What the stages building one file share. */
export interface FileContext {
  b: Builder;
  file: SourceFile;
  /** The import namespace ('' for the entry file), and a name qualified with it. */
  ns: string;
  q: (name: string) => string;
  part: FilePart;
  /** The file's type scope (its `types:`, imported types, built-ins). */
  scope: TypeScope;
}

export class Builder {
  readonly diagnostics: Diagnostic[] = [];
  readonly files: string[] = [];
  readonly sources: Record<string, string> = {};
  /** Where each probe is declared (probes are checked after linking). */
  readonly probeSites = new Map<Probe, Site>();
  /** Where each model object is declared; turned into `Spec.origins` by id once the model is final. */
  readonly at = new Map<object, SourcePos>();
  /**
   * Library files built with an importer's parameter values: their examples were written for the
   * library's own defaults, so under the import an example that does not fit is left out of the model,
   * not reported (the library's own build, with its defaults, reports it; see imports.ts).
   */
  readonly underImporterParams = new WeakSet<SourceFile>();
  /** Library files whose examples were judged with their own defaults (imports.ts), by path. */
  readonly ownExamplesJudged = new Set<string>();
  /** Diagnostics of the structural (schema) check: never dropped by structural recovery. */
  readonly structural = new WeakSet<Diagnostic>();
  /** Entities that lost a node in structural recovery: semantic diagnostics inside them are dropped. */
  readonly damaged: SourcePos[] = [];
  /** Names of what structural recovery took out whole: references to them are not reported. */
  readonly removedNames = new Set<string>();

  constructor(
    readonly host: SpecHost,
    readonly options: LoadOptions = {},
  ) {}

  /**
   * A reporter for the overlap check of `patterns` patterns, or undefined without an onProgress callback.
   * It forwards the first and last step and about every 1/200 of the pairs.
   */
  progress(what: string, patterns: number, total: number, allPairs: number): ((done: number) => void) | undefined {
    const on = this.options.onProgress;
    if (!on) return undefined;
    const step = Math.max(1, Math.ceil(total / 200));
    return (done) => {
      if (done === 0 || done === total || done % step === 0) on({ stage: 'overlaps', what, patterns, done, total, allPairs });
    };
  }

  display(path: string): string {
    return this.host.display ? this.host.display(path) : path;
  }

  report(id: RuleId, file: SourceFile, path: DataPath, message: string, hint?: string, part: 'value' | 'key' = 'value'): void {
    this.diagnostics.push(makeDiagnostic(id, file.locate(path, part), message, hint));
  }

  /** Records where a model object is declared. */
  place<T extends object>(obj: T, file: SourceFile, path: DataPath, part: 'value' | 'key' = 'value'): T {
    this.at.set(obj, file.locate(path, part));
    return obj;
  }

  /**
   * The examples that fit (`why` returns undefined for a fitting one, else what is wrong). A misfit is
   * KS116 at its node, except in a library built under an importer's parameters, where it is dropped.
   */
  judgeExamples(examples: readonly string[], file: SourceFile, path: DataPath, why: (ex: string) => string | undefined): string[] {
    const lenient = this.underImporterParams.has(file);
    return examples.filter((ex, i) => {
      const problem = why(ex);
      if (problem === undefined) return true;
      if (!lenient) this.report('KS116', file, [...path, 'examples', i], problem);
      return lenient ? false : true;
    });
  }

  /** Whether a name (possibly qualified, `rq.job`, `db.key`) was taken out by structural recovery. */
  wasRemoved(name: string): boolean {
    return this.removedNames.size > 0 && (this.removedNames.has(name) || this.removedNames.has(name.slice(name.lastIndexOf('.') + 1)));
  }

  reportAt(id: RuleId, pos: SourcePos, message: string, hint?: string): void {
    this.diagnostics.push(makeDiagnostic(id, pos, message, hint));
  }
}

export function closestHint(name: string, candidates: string[]): string | undefined {
  const best = closest(name, candidates);
  return best ? `Did you mean '${best}'?` : undefined;
}
