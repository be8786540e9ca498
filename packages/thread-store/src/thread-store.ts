import { ThreadStoreError } from './errors';
import type { AppendThreadItemsParams } from './types/append-thread-items-params';
import type { ArchiveThreadParams, DeleteThreadParams } from './types/archive-thread-params';
import type { CreateThreadParams } from './types/create-thread-params';
import type { ListThreadsParams, ThreadPage } from './types/list-threads-params';
import type {
  LoadThreadHistoryParams,
  ReadThreadByRolloutPathParams,
  ReadThreadParams,
} from './types/read-thread-params';
import type { ResumeThreadParams } from './types/resume-thread-params';
import type { SearchThreadsParams, ThreadSearchPage } from './types/search-threads-params';
import type { StoredThread, StoredThreadHistory } from './types/stored-thread';
import type { ItemPage, ListItemsParams, ListTurnsParams, TurnPage } from './types/turn-pages';
import type { UpdateThreadMetadataParams } from './types/update-thread-metadata-params';

/**
 * The version of the ThreadStore contract this package describes. A store
 * reports the version it was written against in `apiVersion`. New operations
 * are only ever added as optional methods, so a store written for an older
 * version keeps compiling and callers see `unsupported` for what it lacks.
 */
export const THREAD_STORE_API_VERSION = 1 as const;

/**
 * What a store can do beyond the required operations. Every key is optional
 * and absent means "no", so keys added later never break an existing store.
 */
export interface ThreadStoreCapabilities {
  /** `searchThreads` is implemented. */
  searchThreads?: boolean;
  /** `listTurns` is implemented. */
  listTurns?: boolean;
  /** `listItems` is implemented. */
  listItems?: boolean;
  /** Several store instances (processes) can work on one backend at the same time. */
  sharedBackend?: boolean;
  /** `rolloutPath` of stored threads names real rollout files. */
  rolloutFiles?: boolean;
  /** `readThreadByRolloutPath` is implemented. */
  readThreadByRolloutPath?: boolean;
}

/** The operations a store may leave out. */
export type OptionalThreadStoreOperation = 'searchThreads' | 'listTurns' | 'listItems' | 'readThreadByRolloutPath';

/**
 * Durable storage of agent threads, addressed by thread id. Stores persist
 * exactly what they are given and never guess: `appendItems` is raw history
 * only, and metadata changes only through `updateThreadMetadata` patches.
 * Every failure is a {@link ThreadStoreError}; bad input is `invalid_request`
 * and changes nothing.
 */
export interface ThreadStore {
  /** The contract version this store implements ({@link THREAD_STORE_API_VERSION} when written). */
  readonly apiVersion: number;
  readonly capabilities: ThreadStoreCapabilities;

  /** Opens a live writer for a new thread. Lazy: nothing is readable until history exists or `persistThread`. */
  createThread(params: CreateThreadParams): Promise<void>;
  /** Reopens an existing thread for appends. One live writer per thread: a second one is `conflict`. */
  resumeThread(params: ResumeThreadParams): Promise<void>;
  /** Applies the persistence policy and appends raw history, in call order. Never touches metadata. */
  appendItems(params: AppendThreadItemsParams): Promise<void>;
  /** Materializes a lazily created thread and makes queued items durable. */
  persistThread(threadId: string): Promise<void>;
  /** Returns once every queued item is durable and readable. */
  flushThread(threadId: string): Promise<void>;
  /** Drains queued items and closes the live writer. */
  shutdownThread(threadId: string): Promise<void>;
  /** Releases the live writer without forcing buffered items to disk. Idempotent; durable data stays. */
  discardThread(threadId: string): Promise<void>;

  /** Every persisted item, in replay order (the first is the thread's session_meta). */
  loadHistory(params: LoadThreadHistoryParams): Promise<StoredThreadHistory>;
  readThread(params: ReadThreadParams): Promise<StoredThread>;
  listThreads(params: ListThreadsParams): Promise<ThreadPage>;
  /** Applies a literal patch and returns the updated thread. An unknown thread is `thread_not_found`. */
  updateThreadMetadata(params: UpdateThreadMetadataParams): Promise<StoredThread>;
  /** Moves the thread to the archived collection (already archived: no change). */
  archiveThread(params: ArchiveThreadParams): Promise<void>;
  /** Restores an archived thread and returns it (already active: no change). */
  unarchiveThread(params: ArchiveThreadParams): Promise<StoredThread>;
  /**
   * Removes the thread's history and metadata for good and releases this instance's live writer.
   * A thread another instance is writing is a `conflict`.
   */
  deleteThread(params: DeleteThreadParams): Promise<void>;

  /** Metadata and content search with snippets. Optional. */
  searchThreads?(params: SearchThreadsParams): Promise<ThreadSearchPage>;
  /** Paged turns of one thread. Optional. */
  listTurns?(params: ListTurnsParams): Promise<TurnPage>;
  /** Paged items of one thread. Optional. */
  listItems?(params: ListItemsParams): Promise<ItemPage>;
  /**
   * The thread whose rollout file is `rolloutPath` (the thread its session_meta names), for
   * stores with rollout files. Optional. A path that names no rollout is `invalid_request`;
   * a file in the archive is `thread_not_found` unless `includeArchived`.
   */
  readThreadByRolloutPath?(params: ReadThreadByRolloutPathParams): Promise<StoredThread>;

  /** Releases connections and handles. Optional; live writers should be shut down first. */
  close?(): Promise<void>;
}

/** True when the store implements `operation` (it has the method and does not disclaim the capability). */
export function supportsOperation(store: ThreadStore, operation: OptionalThreadStoreOperation): boolean {
  return typeof store[operation] === 'function' && store.capabilities[operation] !== false;
}

/**
 * Returns the store's implementation of an optional operation, bound to the
 * store, or throws ThreadStoreError `unsupported` naming it.
 */
export function optionalOperation<K extends OptionalThreadStoreOperation>(
  store: ThreadStore,
  operation: K,
): NonNullable<ThreadStore[K]> {
  const method = store[operation];
  if (typeof method !== 'function' || store.capabilities[operation] === false) {
    throw ThreadStoreError.unsupported(operation);
  }
  return method.bind(store) as NonNullable<ThreadStore[K]>;
}
