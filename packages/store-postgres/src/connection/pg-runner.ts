import type pg from 'pg';
import { AdvisoryWriterLocks } from '../writers/advisory-writer-locks';
import type { WriterLocks } from '../writers/writer-locks';
import { isConnectionLoss } from './driver-errors';
import type { SqlExecutor, SqlRunner } from './sql-runner';

/**
 * A node-postgres pool as a SqlRunner. Every statement runs on a client
 * checked out for it (or for the whole transaction); a client whose
 * connection broke is destroyed instead of going back to the pool.
 */
export class PgRunner implements SqlRunner {
  readonly description: string;
  readonly #pool: pg.Pool;
  readonly #ownsPool: boolean;

  constructor(pool: pg.Pool, options: { description: string; ownsPool: boolean }) {
    this.#pool = pool;
    this.description = options.description;
    this.#ownsPool = options.ownsPool;
  }

  query<Row = Record<string, unknown>>(text: string, params: readonly unknown[] = []): Promise<Row[]> {
    return this.#withClient(async (client) => (await client.query(text, params as unknown[])).rows as Row[]);
  }

  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.#withClient(async (client, discard) => {
      await client.query('BEGIN');
      let result: T;
      try {
        result = await work({
          query: async <Row>(text: string, params: readonly unknown[] = []) =>
            (await client.query(text, params as unknown[])).rows as Row[],
        });
      } catch (error) {
        // The work's own error is what the caller needs; a client that cannot even roll back is dropped.
        if (!isConnectionLoss(error)) await client.query('ROLLBACK').catch(discard);
        throw error;
      }
      await client.query('COMMIT');
      return result;
    });
  }

  openWriterLocks(namespace: string): WriterLocks {
    return new AdvisoryWriterLocks(this.#pool, namespace);
  }

  async close(): Promise<void> {
    if (this.#ownsPool) await this.#pool.end();
  }

  async #withClient<T>(work: (client: pg.PoolClient, discard: (error: Error) => void) => Promise<T>): Promise<T> {
    const client = await this.#pool.connect();
    // While checked out, a dropped socket is an 'error' event on the client; unheard it would crash the process.
    let broken: Error | undefined;
    const onError = (error: Error) => {
      broken = error;
    };
    client.on('error', onError);
    try {
      return await work(client, onError);
    } catch (error) {
      if (isConnectionLoss(error)) broken = error as Error;
      throw error;
    } finally {
      client.removeListener('error', onError);
      client.release(broken);
    }
  }
}
