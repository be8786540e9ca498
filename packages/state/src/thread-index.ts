import { isThreadId, type ThreadId } from '@threadkit/protocol';
import type Database from 'better-sqlite3';
import { z } from 'zod';
import {
  MarkArchivedParamsSchema,
  type MarkArchivedParams,
  MarkUnarchivedParamsSchema,
  type MarkUnarchivedParams,
  markArchivedRow,
  markUnarchivedRow,
} from './archive-thread';
import {
  type BackfillClaim,
  BackfillCompletionSchema,
  BackfillLedger,
  type BackfillProgress,
  BackfillProgressSchema,
  type BackfillState,
  type ClaimBackfillOptions,
  ClaimBackfillOptionsSchema,
} from './backfill-ledger';
import { BULK_INSERT_MIN_ROWS, BulkInsert } from './bulk-insert';
import { withBusyRetry } from './busy-retry';
import { setAsideDatabaseFile, stateDbPath } from './database-file';
import {
  type DiffRolloutFilesOptions,
  DiffRolloutFilesOptionsSchema,
  RolloutFileDiffer,
  type RolloutFileState,
  RolloutFileStatesSchema,
  type RolloutFilesDiff,
} from './diff-rollout-files';
import { invalidRequest, isStateError, StateError, toStateError } from './errors';
import { insertThreadRowIfAbsent } from './insert-thread-if-absent';
import type { IndexedThread } from './indexed-thread';
import { type ListIndexedThreadsParams, resolveListQuery } from './list-params';
import { ListStatementCache } from './list-statements';
import { listThreadPage, type ThreadIndexPage } from './list-threads';
import { openDatabase } from './open-database';
import { patchThreadRow } from './patch-thread';
import { type SearchIndexedThreadsParams, searchThreadPage, type ThreadSearchPage } from './search-threads';
import { decodeThreadRow } from './thread-columns';
import { type IndexedThreadInput, IndexedThreadInputSchema } from './thread-input';
import { type IndexedMessage, IndexedMessagesSchema, ThreadMessages } from './thread-messages';
import { type ThreadIndexPatch, ThreadIndexPatchSchema } from './thread-patch';
import { ThreadRows } from './thread-rows';
import { upsertThreadRow } from './upsert-thread';
import { parseOrThrow } from './validation';

export interface ThreadIndexOptions {
  /** Directory holding `threadkit-state-1.sqlite` (created if missing). Usually the Codex home. */
  sqliteHome: string;
  /** The provider a thread without a recorded provider belongs to in filters. Default `openai`. */
  defaultModelProvider?: string;
  /** How long SQLite waits for another connection's lock before retrying. Default 5000 ms. */
  busyTimeoutMs?: number;
}

export interface ReplacedIndexFile {
  /** Where the unusable file was moved. */
  movedTo: string;
  /** Why it could not be used. */
  error: StateError;
}

export interface ThreadCounts {
  active: number;
  archived: number;
}

export interface IntegrityReport {
  ok: boolean;
  problems: string[];
}

const ThreadIndexOptionsSchema = z.strictObject({
  sqliteHome: z.string().min(1, 'must be a directory path'),
  defaultModelProvider: z.string().min(1).optional(),
  busyTimeoutMs: z.number().int().nonnegative().optional(),
});

/** Codex's default provider id, which threads without a recorded provider belong to. */
export const DEFAULT_MODEL_PROVIDER = 'openai';

function requireThreadId(value: unknown, field = 'threadId'): ThreadId {
  if (!isThreadId(value)) throw invalidRequest(field, 'must be a UUID thread id');
  return value.toLowerCase() as ThreadId;
}

/**
 * threadkit's SQLite index over rollouts: a derived, rebuildable copy of each
 * thread's metadata that makes listing and search instant. One instance holds
 * one connection; several processes may open the same file at once.
 *
 * Every method is synchronous (better-sqlite3), validates its input before
 * touching the database (`invalid_request`, nothing written), and throws only
 * `StateError`.
 */
export class ThreadIndex {
  /** Absolute path of the database file. */
  readonly path: string;
  readonly defaultModelProvider: string;

  private readonly db: Database.Database;
  private readonly rows: ThreadRows;
  private readonly bulkInsert: BulkInsert;
  private readonly listStatements: ListStatementCache;
  private readonly messages: ThreadMessages;
  private readonly backfill: BackfillLedger;
  private readonly fileDiffer: RolloutFileDiffer;
  private readonly countStatement: Database.Statement<[], { active: number; archived: number }>;
  private readonly ftsChecks: { table: string; statement: Database.Statement<[]> }[];
  private closed = false;

  private constructor(db: Database.Database, path: string, defaultModelProvider: string) {
    this.db = db;
    this.path = path;
    this.defaultModelProvider = defaultModelProvider;
    this.rows = new ThreadRows(db);
    this.bulkInsert = new BulkInsert(db);
    this.listStatements = new ListStatementCache(db);
    this.messages = new ThreadMessages(db);
    this.backfill = new BackfillLedger(db);
    this.fileDiffer = new RolloutFileDiffer(db);
    this.countStatement = db.prepare(
      'SELECT coalesce(sum(archived = 0), 0) AS active, coalesce(sum(archived = 1), 0) AS archived FROM threads',
    );
    // rank = 1 also compares the full-text index with the table it indexes.
    this.ftsChecks = ['threads_fts', 'thread_messages_fts'].map((table) => ({
      table,
      statement: db.prepare(`INSERT INTO ${table} (${table}, rank) VALUES ('integrity-check', 1)`),
    }));
  }

  /**
   * Opens the index under `sqliteHome`, creating or migrating it. Throws
   * `corrupt` for a file that is not a threadkit index and `newer_schema` for
   * one from a newer threadkit; either way the file is not modified.
   */
  static open(options: ThreadIndexOptions): ThreadIndex {
    const { sqliteHome, defaultModelProvider, busyTimeoutMs } = parseOrThrow(ThreadIndexOptionsSchema, options, 'options');
    const provider = defaultModelProvider ?? DEFAULT_MODEL_PROVIDER;
    const path = stateDbPath(sqliteHome);
    const db = openDatabase(path, { busyTimeoutMs });
    try {
      return new ThreadIndex(db, path, provider);
    } catch (error) {
      db.close();
      throw toStateError(error, 'preparing statements');
    }
  }

  /**
   * Like {@link open}, but a `corrupt` file is moved aside (to
   * `<name>.corrupt-<timestamp>`) and a fresh, empty index is opened in its
   * place, ready to be rebuilt from rollouts. `newer_schema` is still thrown:
   * that file is healthy, just not ours to replace.
   */
  static openOrReplaceCorrupt(options: ThreadIndexOptions): { index: ThreadIndex; replaced?: ReplacedIndexFile } {
    try {
      return { index: ThreadIndex.open(options) };
    } catch (error) {
      if (!isStateError(error, 'corrupt')) throw error;
      let movedTo: string;
      try {
        movedTo = setAsideDatabaseFile(stateDbPath(options.sqliteHome));
      } catch (moveError) {
        throw toStateError(moveError, 'moving the corrupt index aside');
      }
      return { index: ThreadIndex.open(options), replaced: { movedTo, error } };
    }
  }

  /** Closes the connection (after letting SQLite refresh its planner statistics). Safe to call twice. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      // Refresh planner statistics cheaply, and never wait long for another process's lock to do it.
      this.db.pragma('busy_timeout = 100');
      this.db.pragma('analysis_limit = 400');
      this.db.pragma('optimize');
    } catch {
      // Statistics are an optimisation; closing must still happen.
    }
    this.db.close();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  private run<T>(doing: string, operation: () => T): T {
    if (this.closed) throw new StateError('closed', `thread index is closed (${doing})`);
    try {
      return withBusyRetry(operation);
    } catch (error) {
      throw toStateError(error, doing);
    }
  }

  /** Runs `body` in one BEGIN IMMEDIATE transaction, retried as a whole while the database is busy. */
  private write<T>(doing: string, body: () => T): T {
    return this.run(doing, () => this.db.transaction(body).immediate());
  }

  getThread(threadId: string): IndexedThread | undefined {
    const id = requireThreadId(threadId);
    const row = this.run('reading a thread', () => this.rows.get(id));
    return row === undefined ? undefined : decodeThreadRow(row);
  }

  findThreadByRolloutPath(rolloutPath: string): IndexedThread | undefined {
    if (typeof rolloutPath !== 'string' || rolloutPath === '') throw invalidRequest('rolloutPath', 'must not be empty');
    const row = this.run('reading a thread by path', () => this.rows.getByRolloutPath(rolloutPath));
    return row === undefined ? undefined : decodeThreadRow(row);
  }

  /** Inserts or updates one row (see {@link IndexedThreadInput} for what is kept) and returns it. */
  upsertThread(input: IndexedThreadInput): IndexedThread {
    const parsed = parseOrThrow(IndexedThreadInputSchema, input, 'thread');
    return decodeThreadRow(this.write('upserting a thread', () => upsertThreadRow(this.rows, parsed)));
  }

  /** Upserts many rows in one transaction (all or nothing). Returns how many were written. */
  upsertThreads(inputs: readonly IndexedThreadInput[]): number {
    if (!Array.isArray(inputs)) throw invalidRequest('threads', 'expected an array');
    const parsed = inputs.map((input, i) => parseOrThrow(IndexedThreadInputSchema, input, `threads.${i}`));
    return this.write('upserting threads', () => {
      for (const input of parsed) upsertThreadRow(this.rows, input);
      return parsed.length;
    });
  }

  /**
   * Inserts a row for the thread only when it has none, checked and written in
   * one transaction: a row built from a rollout never overwrites one another
   * process created (with fresher facts) meanwhile. Returns the stored row and
   * whether it was inserted now.
   */
  insertThreadIfAbsent(input: IndexedThreadInput): { thread: IndexedThread; inserted: boolean } {
    const parsed = parseOrThrow(IndexedThreadInputSchema, input, 'thread');
    const { row, inserted } = this.write('inserting a thread', () => insertThreadRowIfAbsent(this.rows, parsed));
    return { thread: decodeThreadRow(row), inserted };
  }

  /**
   * {@link insertThreadIfAbsent} for many rows in one transaction (all or
   * nothing). Returns the ids of the threads inserted; the others kept their row.
   */
  insertThreadsIfAbsent(inputs: readonly IndexedThreadInput[]): ThreadId[] {
    if (!Array.isArray(inputs)) throw invalidRequest('threads', 'expected an array');
    const parsed = inputs.map((input, i) => parseOrThrow(IndexedThreadInputSchema, input, `threads.${i}`));
    const insertAll = () =>
      parsed.filter((input) => insertThreadRowIfAbsent(this.rows, input).inserted).map((input) => input.threadId);
    return this.write('inserting threads', () =>
      parsed.length >= BULK_INSERT_MIN_ROWS ? this.bulkInsert.run(insertAll) : insertAll(),
    );
  }

  /**
   * Applies a literal patch in one transaction and returns the row, or
   * `undefined` (nothing written) for an unknown thread.
   */
  patchThread(threadId: string, patch: ThreadIndexPatch): IndexedThread | undefined {
    const id = requireThreadId(threadId);
    const parsed = parseOrThrow(ThreadIndexPatchSchema, patch, 'patch');
    const row = this.write('patching a thread', () => patchThreadRow(this.rows, id, parsed));
    return row === undefined ? undefined : decodeThreadRow(row);
  }

  markArchived(threadId: string, params: MarkArchivedParams): IndexedThread | undefined {
    const id = requireThreadId(threadId);
    const parsed = parseOrThrow(MarkArchivedParamsSchema, params, 'params');
    const row = this.write('archiving a thread', () => markArchivedRow(this.rows, id, parsed, Date.now()));
    return row === undefined ? undefined : decodeThreadRow(row);
  }

  markUnarchived(threadId: string, params: MarkUnarchivedParams): IndexedThread | undefined {
    const id = requireThreadId(threadId);
    const parsed = parseOrThrow(MarkUnarchivedParamsSchema, params, 'params');
    const row = this.write('unarchiving a thread', () => markUnarchivedRow(this.rows, id, parsed));
    return row === undefined ? undefined : decodeThreadRow(row);
  }

  /** Removes the row, its search entries and its indexed messages. False if there was none. */
  deleteThread(threadId: string): boolean {
    const id = requireThreadId(threadId);
    return this.write('deleting a thread', () => this.rows.delete(id));
  }

  /** One page of threads with a preview, filtered and sorted, resuming after `cursor`. */
  listThreads(params: ListIndexedThreadsParams = {}): ThreadIndexPage {
    const query = resolveListQuery(params, this.defaultModelProvider);
    return this.run('listing threads', () => listThreadPage(this.listStatements, query));
  }

  /** Full-text search over name, title, preview and first user message, with snippets, paged like a listing. */
  searchThreads(params: SearchIndexedThreadsParams): ThreadSearchPage {
    return this.run('searching threads', () =>
      searchThreadPage(this.listStatements, this.messages, params, this.defaultModelProvider, 'metadata'),
    );
  }

  /** Replaces the searchable messages of a thread. False (nothing written) for an unknown thread. */
  setThreadMessages(threadId: string, messages: readonly IndexedMessage[]): boolean {
    const id = requireThreadId(threadId);
    const parsed = parseOrThrow(IndexedMessagesSchema, messages, 'messages');
    return this.write('indexing messages', () => this.messages.replace(id, parsed));
  }

  /** Adds searchable messages after those already indexed. False for an unknown thread. */
  appendThreadMessages(threadId: string, messages: readonly IndexedMessage[]): boolean {
    const id = requireThreadId(threadId);
    const parsed = parseOrThrow(IndexedMessagesSchema, messages, 'messages');
    return this.write('indexing messages', () => this.messages.append(id, parsed));
  }

  /** Threads with an indexed message matching the term, each with a snippet of its earliest match. */
  searchMessages(params: SearchIndexedThreadsParams): ThreadSearchPage {
    return this.run('searching messages', () =>
      searchThreadPage(this.listStatements, this.messages, params, this.defaultModelProvider, 'messages'),
    );
  }

  countThreads(): ThreadCounts {
    return this.run('counting threads', () => this.countStatement.get() ?? { active: 0, archived: 0 });
  }

  getBackfillState(): BackfillState {
    return this.run('reading backfill state', () => this.backfill.state());
  }

  /**
   * Claims the backfill unless it is complete or another run holds a live
   * lease. A run that stopped checkpointing (crashed) is taken over and
   * resumes after its last watermark. Returns null when there is nothing to claim.
   */
  claimBackfill(options: ClaimBackfillOptions = {}): BackfillClaim | null {
    const parsed = parseOrThrow(ClaimBackfillOptionsSchema, options, 'options');
    return this.write('claiming the backfill', () => this.backfill.claim(parsed, Date.now()));
  }

  /** Records a finished batch and renews the lease. `conflict` if the run lost its claim. */
  checkpointBackfill(runId: string, progress: BackfillProgress): void {
    const parsed = parseOrThrow(BackfillProgressSchema, progress, 'progress');
    this.write('checkpointing the backfill', () => this.backfill.checkpoint(runId, parsed, Date.now()));
  }

  /** Marks the backfill complete. `conflict` if the run lost its claim. */
  completeBackfill(runId: string, progress: Partial<BackfillProgress> = {}): void {
    const parsed = parseOrThrow(BackfillCompletionSchema, progress, 'progress');
    this.write('completing the backfill', () => this.backfill.complete(runId, parsed, Date.now()));
  }

  /** Makes the next claim index everything again (e.g. after a rebuild). */
  resetBackfill(): void {
    this.write('resetting the backfill', () => this.backfill.reset());
  }

  /** Compares a scan of rollout files with the rows: what to (re)read, and which rows lost their file. */
  diffRolloutFiles(files: readonly RolloutFileState[], options: DiffRolloutFilesOptions = {}): RolloutFilesDiff {
    const parsedFiles = parseOrThrow(RolloutFileStatesSchema, files, 'files');
    const parsedOptions = parseOrThrow(DiffRolloutFilesOptionsSchema, options, 'options');
    return this.run('comparing rollout files', () => this.fileDiffer.diff(parsedFiles, parsedOptions));
  }

  /** SQLite's quick check plus the full-text indexes checked against their tables. */
  checkIntegrity(): IntegrityReport {
    return this.run('checking integrity', () => {
      const problems = (this.db.pragma('quick_check') as { quick_check: string }[])
        .map((row) => row.quick_check)
        .filter((result) => result !== 'ok');
      for (const { table, statement } of this.ftsChecks) {
        try {
          statement.run();
        } catch (error) {
          problems.push(`${table}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      return { ok: problems.length === 0, problems };
    });
  }
}
