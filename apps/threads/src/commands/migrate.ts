import { Command, InvalidArgumentError, Option } from 'commander';
import type { App } from '../app';
import type { CommandContext } from '../context';
import { CliError, describeFailure } from '../errors';
import { writeJson, writeLine } from '../io';
import { type CopyOutcome, copyThread, isMigrationSource, type NotCopiedReason } from '../migrate/copy-thread';
import { homeThreadIds } from '../migrate/home-threads';
import { progressReporter } from '../render/progress';
import { plural } from '../render/text';
import { describeDatabaseUrl } from '../store/open-postgres-store';

interface MigrateOptions {
  to: string;
  schema: string;
  overwrite?: boolean;
}

/** The `--json` document of `migrate` (README, "--json"). */
interface MigrateResult {
  home: string;
  to: string;
  schema: string;
  threads: number;
  imported: number;
  replaced: number;
  skipped: number;
  notCopied: { threadId: string; reason: NotCopiedReason; message: string }[];
  durationMs: number;
}

const COPY_PHASES = { copy: { label: 'Copying', verb: 'copied' } };

/** The store's own rule for schema names, checked here so a bad one is bad usage. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

function schemaName(value: string): string {
  if (!SCHEMA_NAME.test(value)) {
    throw new InvalidArgumentError('must be a lowercase PostgreSQL identifier (letters, digits, _; at most 63)');
  }
  return value;
}

export function migrateCommand(app: App): Command {
  return new Command('migrate')
    .description('copy every thread of the home into PostgreSQL: history, names, archive state and times')
    .requiredOption('--to <url>', 'the database: postgres://user@host:5432/database')
    .addOption(new Option('--schema <name>', 'the PostgreSQL schema of the tables').argParser(schemaName).default('threadkit'))
    .option('--overwrite', 'also replace copies that were continued in PostgreSQL after they were copied')
    .addHelpText(
      'after',
      `
Every thread is copied whole, in one transaction: its rollout lines with
their timestamps, its name, archive state and times. Running it again copies
what is new or changed and skips what is already there, so an interrupted run
is finished by running it again. The home is only read. A password may come
from PGPASSWORD instead of the URL. Progress goes to stderr: a bar on a
terminal, plain lines in a pipe.`,
    )
    .action(async (options: MigrateOptions, command: Command) => {
      await migrate(app.context(command), options);
    });
}

async function migrate(ctx: CommandContext, options: MigrateOptions): Promise<void> {
  const started = performance.now();
  const { store } = await ctx.openStore('read');
  if (!isMigrationSource(store)) throw new CliError("this home's store cannot give its rollout lines, so it cannot be copied");
  const { target } = await ctx.openPostgres({ connectionString: options.to, schema: options.schema });
  const ids = await homeThreadIds(store, ctx.home);

  const result: MigrateResult = {
    home: ctx.home,
    to: describeDatabaseUrl(options.to),
    schema: options.schema,
    threads: ids.length,
    imported: 0,
    replaced: 0,
    skipped: 0,
    notCopied: [],
    durationMs: 0,
  };
  const reporter = ctx.json || ids.length === 0 ? undefined : progressReporter(ctx.io, 'threads', COPY_PHASES);
  try {
    reporter?.update({ phase: 'copy', done: 0, total: ids.length });
    for (const [index, threadId] of ids.entries()) {
      let outcome: CopyOutcome;
      try {
        outcome = await copyThread(store, target, threadId, { overwrite: options.overwrite === true });
      } catch (error) {
        // The database went away (or refused everything): what is copied stays, a new run finishes.
        const { message } = describeFailure(error);
        throw new CliError(`${message} (stopped after ${index} of ${plural(ids.length, 'thread')}; run it again to copy the rest)`);
      }
      count(result, threadId, outcome);
      reporter?.update({ phase: 'copy', done: index + 1, total: ids.length });
    }
  } finally {
    reporter?.stop();
  }
  result.durationMs = Math.round(performance.now() - started);

  if (ctx.json) writeJson(ctx.io.stdout, result);
  else writeLine(ctx.io.stdout, summary(result));
  if (result.notCopied.length === 0) return;
  for (const { threadId, message } of result.notCopied) {
    writeLine(ctx.io.stderr, `${ctx.errorColors.yellow('threads:')} not copied: ${threadId}: ${message}`);
  }
  throw new CliError(`${result.notCopied.length} of ${plural(result.threads, 'thread')} were not copied`);
}

function count(result: MigrateResult, threadId: string, outcome: CopyOutcome): void {
  switch (outcome.result) {
    case 'imported':
      result.imported++;
      break;
    case 'replaced':
      result.replaced++;
      break;
    case 'skipped':
      result.skipped++;
      break;
    case 'not_copied':
      result.notCopied.push({ threadId, reason: outcome.reason, message: outcome.message });
      break;
  }
}

function summary(result: MigrateResult): string {
  const where = `${result.to} (schema ${result.schema})`;
  if (result.threads === 0) return `No threads in ${result.home}; nothing to copy to ${where}.`;
  const parts = [`${result.imported} new`];
  if (result.replaced > 0) parts.push(`${result.replaced} replaced`);
  if (result.skipped > 0) parts.push(`${result.skipped} already there`);
  if (result.notCopied.length > 0) parts.push(`${result.notCopied.length} not copied`);
  const seconds = (result.durationMs / 1000).toFixed(1);
  return `Threads of ${result.home} copied to ${where}: ${parts.join(', ')} (${result.threads} in all, ${seconds} s).`;
}
