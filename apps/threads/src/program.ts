import { Command, CommanderError } from 'commander';
import { App, type AppDependencies } from './app';
import { archiveCommand } from './commands/archive';
import { indexCommand } from './commands/build-index';
import { deleteCommand } from './commands/delete';
import { exportCommand } from './commands/export';
import { listCommand } from './commands/list';
import { migrateCommand } from './commands/migrate';
import { renameCommand } from './commands/rename';
import { searchCommand } from './commands/search';
import { showCommand } from './commands/show';
import { statsCommand } from './commands/stats';
import { unarchiveCommand } from './commands/unarchive';
import { describeFailure, EXIT_USAGE } from './errors';
import { type CliIo, colorsFor } from './io';
import { THREADS_VERSION } from './version';

/** Builds the `threads` program; every subcommand reports errors through `runCli`. */
export function buildProgram(app: App): Command {
  const program = new Command('threads')
    .description('Browse and manage the threads of a Codex home (~/.codex): list, read, search, rename, archive, export.')
    .version(THREADS_VERSION, '-V, --version')
    .option('--home <dir>', 'the Codex home to work on (default: $CODEX_HOME, else ~/.codex)')
    .option('--json', 'print machine-readable JSON (stable; documented in the README)')
    .showSuggestionAfterError(true)
    .addHelpText(
      'after',
      `
Examples:
  threads list                      the 25 newest threads, every source and provider
  threads show "release checklist"  a thread by name (or by id) with its conversation
  threads search "flaky test"       threads mentioning these words, with the match
  threads migrate --to postgres://me@db/threads   copy every thread into PostgreSQL
  threads --json list | jq '.threads[].threadId'`,
    );
  for (const command of [
    listCommand(app),
    showCommand(app),
    searchCommand(app),
    renameCommand(app),
    archiveCommand(app),
    unarchiveCommand(app),
    deleteCommand(app),
    exportCommand(app),
    indexCommand(app),
    statsCommand(app),
    migrateCommand(app),
  ]) {
    program.addCommand(command);
  }
  configureErrors(program, app.io);
  return program;
}

/** Every command writes through `io` and ends with an exception instead of `process.exit`. */
function configureErrors(command: Command, io: CliIo): void {
  const errorColors = colorsFor(io.stderr, io.env);
  command
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      // One line: commander's message without its "error: " prefix, and where help is.
      outputError: (text, write) => {
        const message = text
          .replace(/^error:\s*/i, '')
          .trim()
          .replace(/\s*\n\s*/g, ' ');
        write(`${errorColors.red('threads:')} ${message} (see threads --help)\n`);
      },
    });
  for (const sub of command.commands) configureErrors(sub, io);
}

/**
 * Runs one command line and returns the exit code: 0 on success, 1 when the
 * command failed (unknown thread, unreadable home...), 2 for bad usage. Errors
 * are one line on stderr; nothing is ever half done on bad input.
 */
export async function runCli(argv: readonly string[], io: CliIo, dependencies: AppDependencies): Promise<number> {
  const app = new App(io, dependencies);
  const program = buildProgram(app);
  let exitCode = 0;
  try {
    if (argv.length === 0) {
      program.outputHelp({ error: true });
      return EXIT_USAGE;
    }
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    exitCode = report(error, io);
  }
  try {
    await app.close();
  } catch (error) {
    if (exitCode === 0) exitCode = report(error, io);
  }
  return exitCode;
}

function report(error: unknown, io: CliIo): number {
  if (error instanceof CommanderError) {
    // Commander already printed its message (through outputError above); --help and --version exit 0.
    return error.exitCode === 0 ? 0 : EXIT_USAGE;
  }
  const { message, exitCode } = describeFailure(error);
  io.stderr.write(`${colorsFor(io.stderr, io.env).red('threads:')} ${message}\n`);
  return exitCode;
}
