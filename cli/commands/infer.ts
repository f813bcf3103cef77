/** `keyspec infer`: the command-line face of runInfer. The engine is loaded only when the command runs. */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { RunInferOptions } from '../../infer/run-infer.ts';
import { EXIT } from '../../spec/exit-codes.ts';
import { checkRunFlags, parseNumberFlag, UsageError, type CliIO } from '../io.ts';
import { commandTimeoutOption, connectTimeoutOption, timeoutsFrom, type TimeoutFlags } from '../run-options.ts';
import { writeWhole } from '../write-file.ts';

interface InferFlags extends TimeoutFlags {
  url?: string;
  db?: string[];
  maxKeys?: string;
  sample?: string;
  observe?: string;
  against?: string;
  output?: string;
  name?: string;
  maxOps?: string;
  count?: string;
  pageBudgetMs?: string;
}

function optionsFrom(flags: InferFlags, io: CliIO): RunInferOptions {
  checkRunFlags(flags, io.cwd);
  if (flags.url === undefined) throw new UsageError('--url is required: the Redis to infer a spec from (redis://host:port)');
  const dbs = (flags.db ?? []).flatMap((d) => d.split(',')).map((d) => parseNumberFlag('--db', d, true)!);
  const maxKeys = parseNumberFlag('--max-keys', flags.maxKeys, true);
  const sample = parseNumberFlag('--sample', flags.sample, true);
  if (sample !== undefined && sample < 1) throw new UsageError('--sample: expected at least 1 key per template');
  const observe = parseNumberFlag('--observe', flags.observe, false);
  const maxOps = parseNumberFlag('--max-ops', flags.maxOps, true);
  const count = parseNumberFlag('--count', flags.count, true);
  const pageBudgetMs = parseNumberFlag('--page-budget-ms', flags.pageBudgetMs, false);
  if (flags.name !== undefined && !/^[a-z][a-z0-9_-]*$/.test(flags.name))
    throw new UsageError(`--name: expected [a-z][a-z0-9_-]*, got ${JSON.stringify(flags.name)}`);
  return {
    url: flags.url,
    cwd: io.cwd,
    ...(dbs.length ? { dbs } : {}),
    ...(maxKeys !== undefined ? { maxKeys } : {}),
    ...(sample !== undefined ? { sample } : {}),
    ...(observe ? { observeSeconds: observe } : {}),
    ...(flags.against ? { against: flags.against } : {}),
    ...(flags.output ? { output: resolve(io.cwd, flags.output) } : {}),
    ...(flags.name ? { name: flags.name } : {}),
    ...(maxOps ? { maxOps } : {}),
    ...(count ? { count } : {}),
    ...(pageBudgetMs ? { pageBudgetMs } : {}),
    ...timeoutsFrom(flags),
  };
}

export function registerInferCommand(program: Command, io: CliIO, setExitCode: (code: number) => void): Command {
  return program
    .command('infer')
    .description('Draft a spec from a live Redis: key templates, types, TTLs, value formats, known libraries, with evidence.')
    .option('--url <url>', 'Redis URL to read (required)')
    .option('--db <n...>', 'only these databases (default: every database on the server)')
    .option('--max-keys <n>', 'read at most this many keys per database')
    .option('--sample <n>', 'keys per template whose values are read (bounded commands)', '50')
    .option(
      '--observe <seconds>',
      'also watch traffic this long: keyspace notifications (if enabled), MONITOR (where allowed), channels, client names',
    )
    .option('--against <spec>', 'infer only keys this spec does not match, and print the additions as a patch of it')
    .option('--output <file>', 'write the draft (or the patch) to a file instead of stdout')
    .option('--name <name>', "the draft's name", 'inferred')
    .option('--max-ops <n>', 'at most this many Redis commands per second')
    .option('--count <n>', 'the largest SCAN COUNT a page asks for', '1000')
    .option('--page-budget-ms <ms>', 'server time one call may take: page sizes adapt to it', '5')
    .addOption(connectTimeoutOption())
    .addOption(commandTimeoutOption())
    .addHelpText(
      'after',
      `
Read-only and bounded like check: SCAN pages within a server-time budget, TYPE/PTTL in EVAL_RO, bounded
value samples; never KEYS, never a write, never CONFIG SET. The draft validates (overlaps resolved); review
it, run \`keyspec check <draft> --url ...\`, then commit it.

Exit codes: 0 draft written, 1 the draft still has validation errors (printed), 2 usage error, 3 cannot
connect, 4 the read stopped midway (connection lost, timeout).`,
    )
    .action(async (flags: InferFlags) => {
      let options: RunInferOptions;
      try {
        options = optionsFrom(flags, io);
      } catch (e) {
        if (!(e instanceof UsageError)) throw e;
        io.stderr(`keyspec infer: ${e.message}\n`);
        setExitCode(EXIT.usage);
        return;
      }
      const { runInfer } = await import('../../infer/run-infer.ts');
      const result = await runInfer(options);
      if (result.error) {
        io.stderr(`keyspec infer: ${result.error}\n`);
        setExitCode(result.exitCode);
        return;
      }
      const s = result.summary!;
      const out = options.against ? (result.patch ?? '') : (result.text ?? '');
      if (flags.output) {
        const failed = writeWhole(resolve(io.cwd, flags.output), out);
        if (failed) {
          io.stderr(`keyspec infer: cannot write ${flags.output}: ${failed}\n`);
          setExitCode(EXIT.usage);
          return;
        }
      } else io.stdout(out);
      const libs = s.libraries.map((l) => `${l.name} in db ${l.db}`).join(', ');
      io.stderr(
        `keyspec infer: ${s.keys.toLocaleString('en-US')} keys in ${s.databases.length} database(s) read from ${s.target}; ${s.templates} pattern(s)${libs ? `, imports ${libs}` : ''}${options.against ? (out ? '; additions as a patch' : '; nothing to add: the spec matches every key') : ''}${flags.output ? ` (written to ${flags.output})` : ''}\n`,
      );
      for (const n of s.notes) io.stderr(`note: ${n}\n`);
      const errors = result.diagnostics.filter((d) => d.severity === 'error');
      for (const d of errors) io.stderr(`keyspec infer: the draft has a problem: ${d.id} ${d.message}\n`);
      setExitCode(result.exitCode);
    });
}
