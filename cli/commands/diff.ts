/** `keyspec diff`: what a spec change breaks, by rule, weighed by live data, for review in CI. A thin shell over diff/. */
import { readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { EXIT } from '../../spec/exit-codes.ts';
import { colors, parseNumberFlag, UsageError, type CliIO } from '../io.ts';
import { writeWhole } from '../write-file.ts';

interface DiffFlags {
  against?: string;
  format: 'text' | 'json' | 'markdown' | 'github' | 'junit';
  failOn: 'breaking' | 'dangerous';
  approvals?: string;
  url?: string;
  maxKeys?: string;
  count?: string;
  output?: string;
}

export function registerDiffCommand(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('diff')
    .description('What a spec change breaks: every change between two specs judged by a Redis-aware rule (breaking, dangerous, safe).')
    .argument('<spec...>', 'the old and the new spec file, or with --against the spec file alone')
    .option('--against <ref>', 'compare the spec file with itself (and its imports) at this git ref, e.g. HEAD~1 or origin/main')
    .addOption(new Option('--format <format>', 'report format').choices(['text', 'json', 'markdown', 'github', 'junit']).default('text'))
    .addOption(
      new Option('--fail-on <level>', 'exit 1 when an unapproved change is at least this bad')
        .choices(['breaking', 'dangerous'])
        .default('breaking'),
    )
    .option('--approvals <file>', 'reviewed changes, JSON or YAML: [{fingerprint, reason, by}]')
    .option('--url <url>', 'weigh each change by a live Redis (read-only: SCAN, TYPE, PTTL; short values for removed enum values)')
    .option('--max-keys <n>', 'with --url: keys scanned per database at most', '100000')
    .option('--count <n>', 'with --url: SCAN COUNT', '500')
    .option('--output <file>', 'write the report to a file instead of stdout')
    .addHelpText(
      'after',
      `
Rules (ids are stable; see the README's "keyspec diff" section): db.*, key.*, ttl.*, field.*, enum.value.*,
format.changed, channel.*, notify.*, server.*, service.*, client.accessor.*.

Exit codes: 0 nothing unapproved at or above --fail-on, 1 otherwise, 2 spec or usage error, 3 cannot connect.`,
    )
    .action(async (files: string[], flags: DiffFlags) => {
      const fail = (code: number, message: string): void => {
        io.stderr(`keyspec diff: ${message}\n`);
        setExit(code);
      };
      const lib = await import('../../diff/index.ts');
      let maxKeys: number | undefined;
      let count: number | undefined;
      let approvals: ReturnType<typeof lib.parseApprovals> = [];
      try {
        if (flags.against !== undefined ? files.length !== 1 : files.length !== 2)
          throw new UsageError(
            flags.against !== undefined
              ? `with --against give one spec file, got ${files.length}`
              : `give the old and the new spec file (or one spec file and --against <ref>), got ${files.length}`,
          );
        if (flags.url !== undefined && flags.url.trim() === '') throw new UsageError('--url is empty (an unset CI variable?)');
        maxKeys = parseNumberFlag('--max-keys', flags.maxKeys, true);
        count = parseNumberFlag('--count', flags.count, true);
        if (maxKeys === 0 || count === 0) throw new UsageError('--max-keys and --count must be at least 1');
        if (flags.approvals !== undefined) {
          const path = resolve(io.cwd, flags.approvals);
          let text: string;
          try {
            text = readFileSync(path, 'utf8');
          } catch (e) {
            throw new UsageError(
              `--approvals: cannot read ${flags.approvals} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
            );
          }
          approvals = lib.parseApprovals(text, flags.approvals);
        }
      } catch (e) {
        if (e instanceof UsageError || e instanceof lib.ApprovalsError) return fail(EXIT.usage, e.message);
        throw e;
      }

      let sides: ReturnType<typeof lib.loadDiffInputs>;
      try {
        sides = lib.loadDiffInputs(
          flags.against !== undefined
            ? { newFile: files[0]!, against: flags.against, cwd: io.cwd }
            : { oldFile: files[0]!, newFile: files[1]!, cwd: io.cwd },
        );
      } catch (e) {
        if (e instanceof lib.GitRefError) return fail(EXIT.usage, e.message);
        throw e;
      }
      const { renderText, paletteFor, PLAIN } = await import('../../spec/index.ts');
      for (const [side, s] of [
        ['old', sides.old],
        ['new', sides.new],
      ] as const) {
        if (s.ok) continue;
        io.stderr(renderText(s.diagnostics, s.sources, colors(io)) + '\n');
        const missing = side === 'old' && flags.against !== undefined && s.diagnostics.some((d) => d.id === 'KS003');
        return fail(
          EXIT.usage,
          `the ${side} spec (${s.label}) has errors: nothing was compared${missing ? ` (a file added after ${flags.against} has no old version to compare)` : ''}`,
        );
      }
      if (!sides.old.ok || !sides.new.ok) return;

      const diff = lib.diffModels(sides.old.spec, sides.new.spec, { failOn: flags.failOn, approvals });
      if (flags.url !== undefined) {
        try {
          await lib.weighLive(diff, {
            url: flags.url,
            ...(maxKeys !== undefined ? { maxKeys } : {}),
            ...(count !== undefined ? { count } : {}),
          });
        } catch (e) {
          const { ConnectError, TargetError } = await import('../../diff/live.ts');
          if (e instanceof TargetError) return fail(EXIT.usage, `--url: ${e.message}`);
          if (e instanceof ConnectError) return fail(EXIT.connect, e.message);
          return fail(EXIT.connect, `live weighing failed: ${(e as Error).message}`);
        }
      }
      const doc = lib.diffDocument(diff, { old: sides.old.label, new: sides.new.label });
      for (const c of doc.changes) {
        const rel = c.location ? relative(io.cwd, c.location.file) : '';
        if (c.location && !rel.startsWith('..') && !isAbsolute(rel)) c.location.file = rel;
      }
      const text =
        flags.format === 'json'
          ? lib.renderDiffJson(doc)
          : flags.format === 'markdown'
            ? lib.renderDiffMarkdown(doc)
            : flags.format === 'github'
              ? lib.renderDiffGithub(doc)
              : flags.format === 'junit'
                ? lib.renderDiffJunit(doc)
                : lib.renderDiffText(doc, flags.output === undefined ? paletteFor(colors(io)) : PLAIN);
      if (flags.output !== undefined) {
        const error = writeWhole(resolve(io.cwd, flags.output), text.endsWith('\n') ? text : text + '\n');
        if (error) return fail(EXIT.usage, `--output: cannot write ${flags.output} (${error})`);
      } else io.stdout(text.endsWith('\n') ? text : text + '\n');
      setExit(diff.exitCode);
    });
}
