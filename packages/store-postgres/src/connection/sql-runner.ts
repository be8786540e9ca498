import type { WriterLocks } from '../writers/writer-locks';

/** Runs one parameterised statement and returns its rows. */
export interface SqlExecutor {
  query<Row = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<Row[]>;
}

/**
 * The small surface the store needs from a database, so the same SQL runs on
 * a `pg` pool and on an embedded PGlite instance.
 */
export interface SqlRunner extends SqlExecutor {
  /** Where the store runs, safe to show: `postgres://user@host:5432/db` (never a password) or `PGlite`. */
  readonly description: string;
  /** Runs `work` in one transaction on one connection: commits when it resolves, rolls back when it throws. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Writer locks for one store instance; `namespace` keeps schemas of one database apart. */
  openWriterLocks(namespace: string): WriterLocks;
  /** Releases what the runner opened itself (a pool it created); leaves what it was given. */
  close(): Promise<void>;
}
