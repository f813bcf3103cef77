/**
 * The Vitest kit: the conformance checks as describe/it tests in a user's own suite. Test names are
 * derived from the spec alone (stable: `<check id> <pattern id>`), the check runs once in beforeAll,
 * and each test fails with its findings. Exceptions skip a check by id, optionally narrowed to a
 * pattern (`'key.ttl.too-long@rq.rq.worker'`), with a reason.
 *
 * ```ts
 * import { conformanceSuite } from 'keyspec/conformance/vitest.ts';
 * conformanceSuite({
 *   spec: 'spec/weppcloud.yaml',
 *   url: process.env.REDIS_URL,
 *   exceptions: { 'key.unmatched': 'legacy keys until the 2026 cleanup', 'key.ttl.too-long@rq.rq.worker': 'batch hosts run --worker-ttl 900' },
 * });
 * ```
 */
import { resolve } from 'node:path';
import { beforeAll, describe, it } from 'vitest';
import { nodeHost } from '../spec/index.ts';
import type { RunCheckOptions } from './check/plan.ts';
import { runCheck } from './check/run-check.ts';
import { loadCheckedSpec } from './run/prepare-run.ts';
import type { CheckResult } from './run/result.ts';
import type { Finding } from './findings/report.ts';
import { checksForType } from './findings/ids.ts';
import { keyHasRefs } from './judging/key-refs.ts';
import { requiredNotifyFlags } from './judging/server.ts';

export interface ConformanceSuiteOptions extends Omit<RunCheckOptions, 'spec'> {
  /** The spec file (resolved against `cwd`). */
  spec: string;
  /** Suite title (default `keyspec conformance: <spec name>`). */
  title?: string;
  /** Checks not to fail on: `id` or `id@pattern` → reason. */
  exceptions?: Readonly<Record<string, string | true>>;
  /** beforeAll timeout (ms, default 120000). */
  timeout?: number;
  /** Options known only once the suite runs (e.g. the URL of a server a beforeAll started). */
  lazy?: () => Partial<RunCheckOptions>;
}

export interface SuiteCase {
  /** The test name: `<check id>` or `<check id> <pattern id>`. */
  name: string;
  id: string;
  db: number | null;
  pattern: string | null;
  /** Finding ids that fail this test (a server check also fails on its `.unverifiable` twin). */
  ids: string[];
}

/** The tests the kit generates for a spec, grouped by describe block. */
export function suiteCases(specFile: string, cwd = process.cwd()): { group: string; cases: SuiteCase[] }[] {
  const loaded = loadCheckedSpec(resolve(cwd, specFile), nodeHost(cwd));
  if (!loaded.spec) throw new Error(loaded.error);
  const spec = loaded.spec;
  const groups: { group: string; cases: SuiteCase[] }[] = [];
  const server: SuiteCase[] = [];
  const sc = (id: string, name = id): SuiteCase => ({ name, id, db: null, pattern: null, ids: [id, `${id}.unverifiable`] });
  if (spec.server.minVersion) server.push(sc('server.version'));
  if (requiredNotifyFlags(spec)) server.push(sc('server.notify'));
  if (Object.keys(spec.server.config).length) server.push(sc('server.config'));
  groups.push({
    group: 'server',
    cases: [...server, { name: 'db.undeclared', id: 'db.undeclared', db: null, pattern: null, ids: ['db.undeclared'] }],
  });
  for (const d of spec.databases) {
    const cases: SuiteCase[] = [{ name: 'key.unmatched', id: 'key.unmatched', db: d.index, pattern: null, ids: ['key.unmatched'] }];
    for (const k of d.keys) {
      const ids = [
        ...checksForType(k.type, k).filter((x) => x !== 'value.too-large'),
        ...(keyHasRefs(k) ? (['ref.dangling'] as const) : []),
      ];
      for (const id of ids) {
        cases.push({ name: `${id} ${k.id}`, id, db: d.index, pattern: k.id, ids: [id] });
      }
    }
    groups.push({ group: `db ${d.index} (${d.name})`, cases });
  }
  return groups;
}

function exceptionFor(exceptions: Readonly<Record<string, string | true>> | undefined, c: SuiteCase): string | undefined {
  if (!exceptions) return undefined;
  const v = (c.pattern ? exceptions[`${c.id}@${c.pattern}`] : undefined) ?? exceptions[c.id];
  return v === undefined ? undefined : v === true ? 'excepted' : v;
}

function describeFindings(findings: Finding[], total: number): string {
  const lines = findings.slice(0, 10).map((f) => `- ${f.message}${f.reproduce ? `\n    reproduce: ${f.reproduce}` : ''}`);
  return `${total} finding${total === 1 ? '' : 's'}:\n${lines.join('\n')}${total > 10 ? `\n… and ${total - 10} more` : ''}`;
}

/** Registers the conformance suite in the calling test file. */
export function conformanceSuite(options: ConformanceSuiteOptions): void {
  const { exceptions, timeout, title, lazy, ...rest } = options;
  const cwd = rest.cwd ?? process.cwd();
  const groups = suiteCases(options.spec, cwd);
  let result: CheckResult | undefined;
  let failure: unknown;
  describe(title ?? `keyspec conformance: ${options.spec}`, () => {
    beforeAll(async () => {
      try {
        result = await runCheck({ ...rest, ...(lazy?.() ?? {}), spec: options.spec, cwd });
      } catch (e) {
        failure = e;
      }
    }, timeout ?? 120_000);

    it('runs the check', () => {
      if (failure) throw failure;
      if (!result?.report) throw new Error(result?.error ?? 'the check did not run');
      // A server that could not be reached (exit 3) or a check cut short (check.error) did not run whole.
      const cut = result.findings.filter((f) => f.id === 'check.error').map((f) => f.message);
      if (result.exitCode === 3 || cut.length) throw new Error(result.error ?? cut.join('\n'));
    });

    for (const g of groups) {
      describe(g.group, () => {
        for (const c of g.cases) {
          const reason = exceptionFor(exceptions, c);
          if (reason !== undefined) {
            it.skip(`${c.name} (exception: ${reason})`, () => {});
            continue;
          }
          it(c.name, () => {
            if (!result?.report) throw new Error('the check did not run');
            const matching = (f: { id: string; db: number | null; pattern: string | null }): boolean =>
              c.ids.includes(f.id) &&
              (c.db === null || c.id === 'db.undeclared' || f.db === c.db) &&
              (c.pattern === null || f.pattern === c.pattern);
            const findings = result.findings.filter(matching);
            const total = result.summary.checks.filter(matching).reduce((n, x) => n + x.count, 0);
            if (findings.length || total) throw new Error(describeFindings(findings, Math.max(total, findings.length)));
          });
        }
      });
    }
  });
}
