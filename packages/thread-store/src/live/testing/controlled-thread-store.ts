import type { ThreadStore, ThreadStoreCapabilities } from '../../thread-store';
import type { AppendThreadItemsParams } from '../../types/append-thread-items-params';
import type { ArchiveThreadParams, DeleteThreadParams } from '../../types/archive-thread-params';
import type { CreateThreadParams } from '../../types/create-thread-params';
import type { ListThreadsParams, ThreadPage } from '../../types/list-threads-params';
import type { LoadThreadHistoryParams, ReadThreadParams } from '../../types/read-thread-params';
import type { ResumeThreadParams } from '../../types/resume-thread-params';
import type { StoredThread, StoredThreadHistory } from '../../types/stored-thread';
import type { UpdateThreadMetadataParams } from '../../types/update-thread-metadata-params';

/** A metadata update the test decides the fate of. */
export interface MetadataUpdateAttempt {
  readonly params: UpdateThreadMetadataParams;
  /** Lets the update through to the wrapped store. */
  release(): void;
  /** Fails the update with `error` without reaching the wrapped store. */
  fail(error: unknown): void;
}

type CountedOperation =
  | 'createThread'
  | 'resumeThread'
  | 'appendItems'
  | 'persistThread'
  | 'flushThread'
  | 'shutdownThread'
  | 'discardThread'
  | 'loadHistory'
  | 'readThread'
  | 'updateThreadMetadata';

/**
 * Wraps a store, counting the calls that reached it. With `holdMetadata`,
 * every `updateThreadMetadata` waits until the test releases or fails it,
 * so tests can observe ordering without timers.
 */
export class ControlledThreadStore implements ThreadStore {
  readonly apiVersion: number;
  readonly capabilities: ThreadStoreCapabilities;
  /** Calls that completed on the wrapped store (failed metadata attempts are not counted). */
  readonly calls: Record<CountedOperation, number> = {
    createThread: 0,
    resumeThread: 0,
    appendItems: 0,
    persistThread: 0,
    flushThread: 0,
    shutdownThread: 0,
    discardThread: 0,
    loadHistory: 0,
    readThread: 0,
    updateThreadMetadata: 0,
  };
  /** Patches the wrapped store applied, in order. */
  readonly appliedPatches: UpdateThreadMetadataParams['patch'][] = [];
  /** Metadata updates that have started, held or not. */
  metadataAttempts = 0;
  holdMetadata: boolean;
  readonly #inner: ThreadStore;
  readonly #held: MetadataUpdateAttempt[] = [];
  readonly #waiters: ((attempt: MetadataUpdateAttempt) => void)[] = [];

  constructor(inner: ThreadStore, options: { holdMetadata?: boolean } = {}) {
    this.#inner = inner;
    this.apiVersion = inner.apiVersion;
    this.capabilities = inner.capabilities;
    this.holdMetadata = options.holdMetadata ?? false;
  }

  /** The next held metadata update, in the order they started. */
  nextMetadataUpdate(): Promise<MetadataUpdateAttempt> {
    const held = this.#held.shift();
    if (held) return Promise.resolve(held);
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** How many held updates nobody has taken with {@link nextMetadataUpdate} yet. */
  get heldMetadataUpdates(): number {
    return this.#held.length;
  }

  async #counted<T>(operation: CountedOperation, call: () => Promise<T>): Promise<T> {
    const result = await call();
    this.calls[operation] += 1;
    return result;
  }

  createThread(params: CreateThreadParams) {
    return this.#counted('createThread', () => this.#inner.createThread(params));
  }
  resumeThread(params: ResumeThreadParams) {
    return this.#counted('resumeThread', () => this.#inner.resumeThread(params));
  }
  appendItems(params: AppendThreadItemsParams) {
    return this.#counted('appendItems', () => this.#inner.appendItems(params));
  }
  persistThread(threadId: string) {
    return this.#counted('persistThread', () => this.#inner.persistThread(threadId));
  }
  flushThread(threadId: string) {
    return this.#counted('flushThread', () => this.#inner.flushThread(threadId));
  }
  shutdownThread(threadId: string) {
    return this.#counted('shutdownThread', () => this.#inner.shutdownThread(threadId));
  }
  discardThread(threadId: string) {
    return this.#counted('discardThread', () => this.#inner.discardThread(threadId));
  }
  loadHistory(params: LoadThreadHistoryParams): Promise<StoredThreadHistory> {
    return this.#counted('loadHistory', () => this.#inner.loadHistory(params));
  }
  readThread(params: ReadThreadParams): Promise<StoredThread> {
    return this.#counted('readThread', () => this.#inner.readThread(params));
  }
  listThreads(params: ListThreadsParams): Promise<ThreadPage> {
    return this.#inner.listThreads(params);
  }
  archiveThread(params: ArchiveThreadParams) {
    return this.#inner.archiveThread(params);
  }
  unarchiveThread(params: ArchiveThreadParams) {
    return this.#inner.unarchiveThread(params);
  }
  deleteThread(params: DeleteThreadParams) {
    return this.#inner.deleteThread(params);
  }

  async updateThreadMetadata(params: UpdateThreadMetadataParams): Promise<StoredThread> {
    this.metadataAttempts += 1;
    if (this.holdMetadata) await this.#hold(params);
    const thread = await this.#inner.updateThreadMetadata(params);
    this.calls.updateThreadMetadata += 1;
    this.appliedPatches.push(params.patch);
    return thread;
  }

  #hold(params: UpdateThreadMetadataParams): Promise<void> {
    return new Promise((resolve, reject) => {
      const attempt: MetadataUpdateAttempt = { params, release: () => resolve(), fail: reject };
      const waiter = this.#waiters.shift();
      if (waiter) waiter(attempt);
      else this.#held.push(attempt);
    });
  }
}
