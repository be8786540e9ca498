import type { Command } from 'commander';
import { baseColors, type CommandContext, terminalWidth } from './context';
import { assertReadableHome, resolveHome } from './home';
import type { CliIo } from './io';
import { type OpenedTarget, openPostgresStore, type PostgresOpener } from './store/open-postgres-store';
import type { StoreOpener } from './store/store-opener';

export interface AppDependencies {
  openStore: StoreOpener;
  /** Opens the PostgreSQL store `migrate` copies into (default: PostgresThreadStore on `--to`). */
  openPostgres?: PostgresOpener;
  now?: () => Date;
}

interface GlobalOptions {
  home?: string;
  json?: boolean;
}

/**
 * State shared by the commands of one run: builds each command's context from
 * the global options and closes every store opened during the run.
 */
export class App {
  readonly io: CliIo;
  readonly #dependencies: AppDependencies;
  readonly #opened: { close(): Promise<void> }[] = [];

  constructor(io: CliIo, dependencies: AppDependencies) {
    this.io = io;
    this.#dependencies = dependencies;
  }

  context(command: Command): CommandContext {
    const globals = command.optsWithGlobals<GlobalOptions>();
    const home = resolveHome(globals.home, this.io.env);
    const { colors, errorColors } = baseColors(this.io);
    return {
      io: this.io,
      home,
      json: globals.json === true,
      colors,
      errorColors,
      width: terminalWidth(this.io.stdout),
      now: this.#dependencies.now ?? (() => new Date()),
      openStore: async (access, extra = {}) => {
        await assertReadableHome(home, { writable: access !== 'read' });
        const opened = await this.#dependencies.openStore({ home, access, ...extra });
        this.#opened.push(opened);
        return opened;
      },
      openPostgres: async (options): Promise<OpenedTarget> => {
        const opened = await (this.#dependencies.openPostgres ?? openPostgresStore)(options);
        this.#opened.push(opened);
        return opened;
      },
    };
  }

  /** Closes every store this run opened; the first failure is reported after all were tried. */
  async close(): Promise<void> {
    const results = await Promise.allSettled(this.#opened.splice(0).map((opened) => opened.close()));
    const failed = results.find((result) => result.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
  }
}
