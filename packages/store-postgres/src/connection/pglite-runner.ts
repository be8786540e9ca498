import { InProcessWriterLocks } from '../writers/in-process-writer-locks';
import type { WriterLocks } from '../writers/writer-locks';
import type { SqlExecutor, SqlRunner } from './sql-runner';

interface PGliteResults {
  rows: unknown[];
}

/**
 * The part of `@electric-sql/pglite`'s `PGlite` the store uses. Typed here so
 * that this package does not need PGlite installed unless it is used.
 */
export interface PGliteDatabase {
  query(query: string, params?: unknown[]): Promise<PGliteResults>;
  transaction<T>(callback: (tx: { query(query: string, params?: unknown[]): Promise<PGliteResults> }) => Promise<T>): Promise<T>;
}

/** An embedded PGlite database as a SqlRunner. The caller owns it: closing the store does not close it. */
export class PGliteRunner implements SqlRunner {
  readonly description = 'PGlite';
  readonly #db: PGliteDatabase;

  constructor(db: PGliteDatabase) {
    this.#db = db;
  }

  async query<Row = Record<string, unknown>>(text: string, params: readonly unknown[] = []): Promise<Row[]> {
    return (await this.#db.query(text, [...params])).rows as Row[];
  }

  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.#db.transaction((tx) =>
      work({
        query: async <Row>(text: string, params: readonly unknown[] = []) =>
          (await tx.query(text, [...params])).rows as Row[],
      }),
    );
  }

  openWriterLocks(namespace: string): WriterLocks {
    return new InProcessWriterLocks(this.#db, namespace);
  }

  async close(): Promise<void> {}
}
