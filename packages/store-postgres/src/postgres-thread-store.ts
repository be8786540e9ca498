import {
  type AppendThreadItemsParams,
  type ArchiveThreadParams,
  type CreateThreadParams,
  type DeleteThreadParams,
  type ListThreadsParams,
  type LoadThreadHistoryParams,
  type ReadThreadParams,
  type ResumeThreadParams,
  type SearchThreadsParams,
  type StoredThread,
  type StoredThreadHistory,
  THREAD_STORE_API_VERSION,
  type ThreadPage,
  type ThreadSearchPage,
  type ThreadStore,
  type ThreadStoreCapabilities,
  ThreadStoreError,
  isThreadStoreError,
  type UpdateThreadMetadataParams,
} from '@threadkit/thread-store';
import { errorCode, isConnectionLoss, storeErrorFromDriver } from './connection/driver-errors';
import type { SqlRunner } from './connection/sql-runner';
import { openRunner, type PostgresConnection } from './open-runner';
import { appendItems } from './operations/append-items';
import { archiveThread } from './operations/archive-thread';
import { createThread } from './operations/create-thread';
import { deleteThread } from './operations/delete-thread';
import { discardThread } from './operations/discard-thread';
import { flushThread } from './operations/flush-thread';
import { type ImportThreadParams, type ImportThreadResult, importThread } from './operations/import-thread';
import { listThreads } from './operations/list-threads';
import { loadHistory } from './operations/load-history';
import { persistThread } from './operations/persist-thread';
import { readThread } from './operations/read-thread';
import { resumeThread } from './operations/resume-thread';
import { searchThreads } from './operations/search-threads';
import { shutdownThread } from './operations/shutdown-thread';
import { unarchiveThread } from './operations/unarchive-thread';
import { updateThreadMetadata } from './operations/update-thread-metadata';
import { migrateSchema, missingPrivileges, SCHEMA_VERSION } from './schema/migrations';
import { schemaNames } from './schema/schema-names';
import type { StoreContext } from './store-context';

export type PostgresThreadStoreOptions = PostgresConnection & {
  /** The PostgreSQL schema holding the store's tables (default `threadkit`); created and migrated at open. */
  schema?: string;
  /** The provider `listThreads` keeps when `modelProviders` is absent. Default: none (every provider). */
  defaultModelProvider?: string;
  /** Clock for creation, archive and item times. Default: `new Date()`. */
  now?: () => Date;
};

// Connection failures, refused logins and missing databases all mean "cannot connect".
const CANNOT_CONNECT_CODES = new Set(['28P01', '28000', '3D000']);

/** The one error a failed open reports: where, and what to do about it when we know. */
function openFailure(error: unknown, where: string, schema: string): ThreadStoreError {
  if (isThreadStoreError(error)) return error;
  const code = errorCode(error);
  const cause = error instanceof Error ? error.message : String(error);
  if (isConnectionLoss(error) || (code !== undefined && CANNOT_CONNECT_CODES.has(code))) {
    return ThreadStoreError.internal(`open: cannot connect to ${where}: ${cause}${code ? ` (${code})` : ''}`, {
      cause: error,
    });
  }
  if (code === '42501') {
    return ThreadStoreError.internal(
      `open: permission denied on ${where}: ${cause}; the role needs CREATE on the database to create schema ${schema}, or a schema prepared for it`,
      { cause: error },
    );
  }
  return storeErrorFromDriver(error, { operation: 'open', where });
}

/**
 * A ThreadStore on PostgreSQL (through `pg`) or on an embedded PGlite:
 * a `threads` table and a `thread_items` table keyed by `(thread_id, seq)`
 * holding each item as the rollout line Codex would write. Several
 * instances (processes) may share one database: a thread has one live
 * writer across all of them (a session advisory lock), listings page with
 * keyset cursors, and patches are single statements.
 *
 * Open it with {@link PostgresThreadStore.open}; close it with `close()`.
 */
export class PostgresThreadStore implements ThreadStore {
  /** The schema version this release writes. */
  static readonly SCHEMA_VERSION = SCHEMA_VERSION;

  readonly apiVersion = THREAD_STORE_API_VERSION;
  readonly capabilities: ThreadStoreCapabilities = {
    searchThreads: true,
    listTurns: false,
    listItems: false,
    sharedBackend: true,
    rolloutFiles: false,
    readThreadByRolloutPath: false,
  };
  readonly #ctx: StoreContext;
  #closed = false;

  private constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  /**
   * Connects, creates or migrates the schema (forward only, recorded in
   * `schema_migrations`), and checks the role may read and write the
   * tables. A bad URL, an unreachable server, failed authentication or
   * missing privileges is one ThreadStoreError here, never later.
   */
  static async open(options: PostgresThreadStoreOptions): Promise<PostgresThreadStore> {
    if (typeof options !== 'object' || options === null) {
      throw ThreadStoreError.invalidRequest('open: options must be an object');
    }
    const names = schemaNames(options.schema);
    const runner: SqlRunner = openRunner(options);
    try {
      await migrateSchema(runner, names);
      const missing = await missingPrivileges(runner, names);
      if (missing.length > 0) {
        throw ThreadStoreError.internal(
          `open: the role connected to ${runner.description} lacks ${missing.join(', ')}; grant them or use another role`,
        );
      }
    } catch (error) {
      await runner.close().catch(() => undefined);
      throw openFailure(error, runner.description, names.schemaName);
    }
    return new PostgresThreadStore({
      runner,
      names,
      locks: runner.openWriterLocks(names.schemaName),
      writers: new Map(),
      opening: new Set(),
      defaultModelProvider: options.defaultModelProvider,
      now: options.now ?? (() => new Date()),
    });
  }

  /** The schema this store works in. */
  get schema(): string {
    return this.#ctx.names.schemaName;
  }

  createThread(params: CreateThreadParams): Promise<void> {
    return this.#run(() => createThread(this.#ctx, params));
  }

  resumeThread(params: ResumeThreadParams): Promise<void> {
    return this.#run(() => resumeThread(this.#ctx, params));
  }

  appendItems(params: AppendThreadItemsParams): Promise<void> {
    return this.#run(() => appendItems(this.#ctx, params));
  }

  persistThread(threadId: string): Promise<void> {
    return this.#run(() => persistThread(this.#ctx, threadId));
  }

  flushThread(threadId: string): Promise<void> {
    return this.#run(() => flushThread(this.#ctx, threadId));
  }

  shutdownThread(threadId: string): Promise<void> {
    return this.#run(() => shutdownThread(this.#ctx, threadId));
  }

  discardThread(threadId: string): Promise<void> {
    return this.#run(() => discardThread(this.#ctx, threadId));
  }

  loadHistory(params: LoadThreadHistoryParams): Promise<StoredThreadHistory> {
    return this.#run(() => loadHistory(this.#ctx, params));
  }

  readThread(params: ReadThreadParams): Promise<StoredThread> {
    return this.#run(() => readThread(this.#ctx, params));
  }

  listThreads(params: ListThreadsParams): Promise<ThreadPage> {
    return this.#run(() => listThreads(this.#ctx, params));
  }

  searchThreads(params: SearchThreadsParams): Promise<ThreadSearchPage> {
    return this.#run(() => searchThreads(this.#ctx, params));
  }

  updateThreadMetadata(params: UpdateThreadMetadataParams): Promise<StoredThread> {
    return this.#run(() => updateThreadMetadata(this.#ctx, params));
  }

  archiveThread(params: ArchiveThreadParams): Promise<void> {
    return this.#run(() => archiveThread(this.#ctx, params));
  }

  unarchiveThread(params: ArchiveThreadParams): Promise<StoredThread> {
    return this.#run(() => unarchiveThread(this.#ctx, params));
  }

  deleteThread(params: DeleteThreadParams): Promise<void> {
    return this.#run(() => deleteThread(this.#ctx, params));
  }

  /**
   * Copies a whole thread in, keeping its timestamps, name, archive state
   * and history lines exactly: the bulk path for migrating a Codex home.
   */
  importThread(params: ImportThreadParams): Promise<ImportThreadResult> {
    return this.#run(() => importThread(this.#ctx, params));
  }

  /**
   * Releases this instance's writer locks and, when the store created its
   * pool, the pool. Live writers are dropped (shut them down first to settle
   * them). A PGlite database or a pool passed in stays open. Idempotent.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const writer of this.#ctx.writers.values()) {
      writer.closing = true;
      writer.closed = true;
    }
    this.#ctx.writers.clear();
    try {
      await this.#ctx.locks.close();
    } finally {
      await this.#ctx.runner.close();
    }
  }

  async #run<T>(operation: () => Promise<T>): Promise<T> {
    if (this.#closed) throw ThreadStoreError.internal('the PostgreSQL thread store is closed');
    try {
      return await operation();
    } catch (error) {
      // Every failure leaves as a ThreadStoreError, whatever layer raised it.
      throw storeErrorFromDriver(error, { operation: 'thread store operation', where: this.#ctx.runner.description });
    }
  }
}
