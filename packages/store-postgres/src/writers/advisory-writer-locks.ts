import type pg from 'pg';
import { isConnectionLoss } from '../connection/driver-errors';
import { advisoryLockKey } from './advisory-lock-key';
import type { WriterLocks } from './writer-locks';

/**
 * Writer locks as PostgreSQL session advisory locks, held on one dedicated
 * connection per store instance. The server releases them when that
 * connection ends, so a crashed process never leaves a thread locked.
 *
 * The connection is taken from the pool when the first lock is taken and
 * returned when the last one is released. If it drops while locks are held,
 * those locks are remembered as lost: `confirm` takes each one again on a
 * new connection if it is still free (the append path then checks that
 * nobody wrote in between) and reports false if someone else took it.
 */
export class AdvisoryWriterLocks implements WriterLocks {
  readonly #pool: pg.Pool;
  readonly #namespace: string;
  #session: pg.PoolClient | null = null;
  #onSessionError: (() => void) | null = null;
  readonly #held = new Set<string>();
  readonly #lost = new Set<string>();
  // Lock operations run one at a time: taking and returning the session must not interleave.
  #queue: Promise<unknown> = Promise.resolve();

  constructor(pool: pg.Pool, namespace: string) {
    this.#pool = pool;
    this.#namespace = namespace;
  }

  tryAcquire(threadId: string): Promise<boolean> {
    return this.#serialized(() => this.#take(threadId));
  }

  confirm(threadId: string): Promise<boolean> {
    return this.#serialized(async () => {
      if (this.#held.has(threadId)) return true;
      if (!this.#lost.has(threadId)) return false;
      const retaken = await this.#take(threadId);
      if (retaken) this.#lost.delete(threadId);
      return retaken;
    });
  }

  release(threadId: string): Promise<void> {
    return this.#serialized(async () => {
      this.#lost.delete(threadId);
      if (!this.#held.delete(threadId)) return;
      const session = this.#session;
      if (session) {
        try {
          await session.query('SELECT pg_advisory_unlock($1::bigint)', [this.#key(threadId)]);
        } catch (error) {
          // A session that is gone has released its locks already.
          if (!isConnectionLoss(error)) throw error;
        }
      }
      if (this.#held.size === 0) this.#returnSession();
    });
  }

  close(): Promise<void> {
    return this.#serialized(async () => {
      this.#lost.clear();
      if (this.#session && this.#held.size > 0) {
        try {
          await this.#session.query('SELECT pg_advisory_unlock_all()');
        } catch (error) {
          if (!isConnectionLoss(error)) throw error;
        }
      }
      this.#held.clear();
      this.#returnSession();
    });
  }

  async #take(threadId: string): Promise<boolean> {
    // Session advisory locks are re-entrant: taking one twice would need two unlocks.
    if (this.#held.has(threadId)) return true;
    const session = await this.#openSession();
    try {
      const rows = await session.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS locked', [
        this.#key(threadId),
      ]);
      const locked = rows.rows[0]?.locked === true;
      if (locked) this.#held.add(threadId);
      return locked;
    } catch (error) {
      if (isConnectionLoss(error) && this.#session === session) {
        for (const held of this.#held) this.#lost.add(held);
        this.#held.clear();
        this.#detachSession(true);
      }
      throw error;
    } finally {
      if (this.#held.size === 0) this.#returnSession();
    }
  }

  async #openSession(): Promise<pg.PoolClient> {
    if (this.#session) return this.#session;
    const session = await this.#pool.connect();
    // A checked-out client reports a dropped socket as an 'error' event; without a
    // listener that would crash the process. The locks it held are gone with it.
    const onError = () => {
      if (this.#session !== session) return;
      for (const threadId of this.#held) this.#lost.add(threadId);
      this.#held.clear();
      this.#detachSession(true);
    };
    session.on('error', onError);
    this.#session = session;
    this.#onSessionError = onError;
    return session;
  }

  #returnSession(): void {
    this.#detachSession(false);
  }

  #detachSession(broken: boolean): void {
    const session = this.#session;
    if (!session) return;
    if (this.#onSessionError) session.removeListener('error', this.#onSessionError);
    this.#session = null;
    this.#onSessionError = null;
    // A broken session is destroyed, never handed back to the pool.
    session.release(broken ? true : undefined);
  }

  #key(threadId: string): string {
    return advisoryLockKey(this.#namespace, threadId);
  }

  #serialized<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work, work);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}
