import { resolve } from 'node:path';
import { DEFAULT_MODEL_PROVIDER } from '@threadkit/state';
import { z } from 'zod';
import { ThreadStoreError } from '../errors';
import { THREAD_STORE_API_VERSION, type ThreadStore, type ThreadStoreCapabilities } from '../thread-store';
import type { AppendThreadItemsParams } from '../types/append-thread-items-params';
import type { ArchiveThreadParams, DeleteThreadParams } from '../types/archive-thread-params';
import type { CreateThreadParams } from '../types/create-thread-params';
import type { ListThreadsParams, ThreadPage } from '../types/list-threads-params';
import type {
  LoadThreadHistoryParams,
  ReadThreadByRolloutPathParams,
  ReadThreadParams,
} from '../types/read-thread-params';
import type { ResumeThreadParams } from '../types/resume-thread-params';
import type { SearchThreadsParams, ThreadSearchPage } from '../types/search-threads-params';
import type { StoredThread, StoredThreadHistory } from '../types/stored-thread';
import type { UpdateThreadMetadataParams } from '../types/update-thread-metadata-params';
import { archiveThread, unarchiveThread } from './archive-thread';
import { deleteThread } from './delete-thread';
import { IndexHandle, type IndexProgress } from './index-handle';
import { listThreads } from './list-threads';
import {
  appendItems,
  createThread,
  discardWriter,
  flushThread,
  persistThread,
  resumeThread,
  shutdownThread,
  discardThread,
} from './live-writer';
import { NameBook } from './name-book';
import { type HistoryLine, loadHistory, loadHistoryLines, readThread } from './read-thread';
import { readThreadByRolloutPath } from './read-thread-by-rollout-path';
import { reconcileIndex } from './reconcile-index';
import { searchThreads } from './search-threads';
import { type LocalStoreContext, newStoreContext } from './store-context';
import { updateThreadMetadata } from './update-thread-metadata';

export type { IndexProgress } from './index-handle';

/** How a LocalThreadStore is opened. */
export interface LocalThreadStoreOptions {
  /**
   * The Codex home (`CODEX_HOME`, usually `~/.codex`): rollouts under
   * `sessions/` and `archived_sessions/`, names in `session_index.jsonl`,
   * writer locks in `thread-writer-locks/`. Nothing is written outside it
   * (and `sqliteHome`). It need not exist yet.
   */
  home: string;
  /** Where threadkit's index `threadkit-state-1.sqlite` lives. Default: `home`. Codex's own `state_*.sqlite` is never opened. */
  sqliteHome?: string;
  /**
   * `sqlite`: keep threadkit's index for fast listing and search (derived
   * from the rollouts, rebuilt when missing or corrupt, never required).
   * `none`: answer everything from the files, as Codex does without SQLite.
   */
  index: 'sqlite' | 'none';
  /** The provider of threads whose rollout names none, and the default `modelProviders` filter. Default `openai`. */
  defaultModelProvider?: string;
  /** Reports progress while the index is built or brought in step with the rollouts. */
  onIndexProgress?: (progress: IndexProgress) => void;
  /** Told about every index failure the store worked around (the operation itself went on with the files). */
  onIndexError?: (error: Error) => void;
  /**
   * How long, in ms, a listing may trust the index before comparing every
   * rollout with it again, to pick up what other programs (Codex itself)
   * wrote. Files this instance writes are always picked up. Default 1000;
   * 0 compares on every listing.
   */
  reconcileIntervalMs?: number;
}

const OptionsSchema = z.object({
  home: z.string().min(1, 'home must be a directory path'),
  sqliteHome: z.string().min(1, 'sqliteHome must be a directory path').optional(),
  index: z.enum(['sqlite', 'none']),
  defaultModelProvider: z.string().min(1).optional(),
  onIndexProgress: z.function().optional(),
  onIndexError: z.function().optional(),
  reconcileIntervalMs: z.number().int().nonnegative().optional(),
});

/**
 * The thread store on a Codex home: every thread is a rollout file Codex
 * itself lists, reads and resumes, written first and always the source of
 * truth; names go to `session_index.jsonl`; an optional SQLite index makes
 * listing and search fast and holds the metadata live threads observe.
 */
export class LocalThreadStore implements ThreadStore {
  readonly apiVersion = THREAD_STORE_API_VERSION;
  readonly capabilities: ThreadStoreCapabilities = {
    searchThreads: true,
    listTurns: false,
    listItems: false,
    sharedBackend: true,
    rolloutFiles: true,
    readThreadByRolloutPath: true,
  };
  readonly #ctx: LocalStoreContext;
  #closed = false;

  // Every operation is async, so bad params reject the returned promise instead of throwing.

  private constructor(ctx: LocalStoreContext) {
    this.#ctx = ctx;
  }

  /** Opens a store on `home`. Creates nothing until something is written (the index on first use). */
  static async open(options: LocalThreadStoreOptions): Promise<LocalThreadStore> {
    const parsed = OptionsSchema.safeParse(options);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.join('.') || undefined;
      throw ThreadStoreError.invalidRequest(`LocalThreadStore.open: ${field ? `${field}: ` : ''}${issue?.message}`, {
        field,
      });
    }
    const home = resolve(options.home);
    const defaultModelProvider = options.defaultModelProvider ?? DEFAULT_MODEL_PROVIDER;
    const onIndexError = options.onIndexError ?? (() => {});
    const index =
      options.index === 'sqlite'
        ? new IndexHandle({
            home,
            sqliteHome: resolve(options.sqliteHome ?? home),
            defaultModelProvider,
            onError: onIndexError,
          })
        : undefined;
    return new LocalThreadStore(
      newStoreContext({
        home,
        defaultModelProvider,
        index,
        names: new NameBook(home),
        reconcileIntervalMs: options.reconcileIntervalMs ?? 1000,
        onIndexProgress: options.onIndexProgress,
        onIndexError,
      }),
    );
  }

  /** The Codex home this store works on (absolute). */
  get home(): string {
    return this.#ctx.home;
  }

  /**
   * The rollout path of a thread this instance is writing, even before its
   * file exists; `thread_not_found` when it has no live writer here.
   */
  liveRolloutPath(threadId: string): string {
    const writer = this.#ctx.writers.get(threadId.toLowerCase() as never);
    if (!writer) throw ThreadStoreError.threadNotFound(threadId, 'it has no live writer in this store');
    return writer.recorder.path;
  }

  /**
   * Brings the index in step with every rollout of the home now (a full
   * rebuild when the index is new), reporting progress. A no-op without an index.
   */
  async reindex(): Promise<void> {
    const index = this.#ctx.index;
    if (!index) return;
    index.needsFullScan = true;
    await reconcileIndex(this.#ctx);
  }

  async createThread(params: CreateThreadParams): Promise<void> {
    return createThread(this.#ctx, params);
  }
  async resumeThread(params: ResumeThreadParams): Promise<void> {
    return resumeThread(this.#ctx, params);
  }
  async appendItems(params: AppendThreadItemsParams): Promise<void> {
    return appendItems(this.#ctx, params);
  }
  async persistThread(threadId: string): Promise<void> {
    return persistThread(this.#ctx, threadId);
  }
  async flushThread(threadId: string): Promise<void> {
    return flushThread(this.#ctx, threadId);
  }
  async shutdownThread(threadId: string): Promise<void> {
    return shutdownThread(this.#ctx, threadId);
  }
  async discardThread(threadId: string): Promise<void> {
    return discardThread(this.#ctx, threadId);
  }
  async loadHistory(params: LoadThreadHistoryParams): Promise<StoredThreadHistory> {
    return loadHistory(this.#ctx, params);
  }
  /** `loadHistory` with each item's whole line (timestamp, ordinal, unknown top-level fields). */
  async loadHistoryLines(params: LoadThreadHistoryParams): Promise<{ threadId: string; lines: HistoryLine[] }> {
    return loadHistoryLines(this.#ctx, params);
  }
  async readThread(params: ReadThreadParams): Promise<StoredThread> {
    return readThread(this.#ctx, params);
  }
  async readThreadByRolloutPath(params: ReadThreadByRolloutPathParams): Promise<StoredThread> {
    return readThreadByRolloutPath(this.#ctx, params);
  }
  async listThreads(params: ListThreadsParams): Promise<ThreadPage> {
    return listThreads(this.#ctx, params);
  }
  async searchThreads(params: SearchThreadsParams): Promise<ThreadSearchPage> {
    return searchThreads(this.#ctx, params);
  }
  async updateThreadMetadata(params: UpdateThreadMetadataParams): Promise<StoredThread> {
    return updateThreadMetadata(this.#ctx, params);
  }
  async archiveThread(params: ArchiveThreadParams): Promise<void> {
    return archiveThread(this.#ctx, params);
  }
  async unarchiveThread(params: ArchiveThreadParams): Promise<StoredThread> {
    return unarchiveThread(this.#ctx, params);
  }
  async deleteThread(params: DeleteThreadParams): Promise<void> {
    return deleteThread(this.#ctx, params);
  }

  /**
   * Shuts down the writers still open (their queued items are written and
   * their locks released) and closes the index. Safe to call twice.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const failures: unknown[] = [];
    for (const writer of [...this.#ctx.writers.values()]) {
      try {
        await shutdownThread(this.#ctx, writer.threadId);
      } catch (error) {
        failures.push(error);
        await discardWriter(this.#ctx, writer).catch(() => {});
      }
    }
    this.#ctx.index?.close();
    if (failures.length > 0) {
      throw ThreadStoreError.internal(`closing the store: ${failures.length} live writer(s) failed to shut down`, {
        cause: failures[0],
      });
    }
  }
}
