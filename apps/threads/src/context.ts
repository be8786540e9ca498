import { type CliIo, type Colors, colorsFor } from './io';
import type { OpenedTarget, OpenPostgresOptions } from './store/open-postgres-store';
import type { OpenedStore, StoreAccess, StoreOpener } from './store/store-opener';

/** What every command gets: the global options, the streams, and a way to open the home's store. */
export interface CommandContext {
  io: CliIo;
  home: string;
  json: boolean;
  /** Colours for stdout (off in a pipe or with NO_COLOR). */
  colors: Colors;
  /** Colours for stderr. */
  errorColors: Colors;
  /** stdout's width on a terminal; undefined in a pipe. */
  width: number | undefined;
  now: () => Date;
  /** Opens the home's store (after checking the home is readable); closed when the command ends. */
  openStore(access: StoreAccess, extra?: Omit<Parameters<StoreOpener>[0], 'home' | 'access'>): Promise<OpenedStore>;
  /** Opens the PostgreSQL store `migrate` copies into; closed when the command ends. */
  openPostgres(options: OpenPostgresOptions): Promise<OpenedTarget>;
}

export function terminalWidth(stream: { isTTY?: boolean; columns?: number }): number | undefined {
  return stream.isTTY && stream.columns && stream.columns > 0 ? stream.columns : undefined;
}

export function baseColors(io: CliIo): { colors: Colors; errorColors: Colors } {
  return { colors: colorsFor(io.stdout, io.env), errorColors: colorsFor(io.stderr, io.env) };
}
